import { Catalogue } from '../catalogue.ts';
import { resolveOptions, type SpotifySimOptions } from '../options.ts';

/**
 * The catalogue a sim started with these options serves: it depends only on the seed and size, so
 * building it again gives the same tracks, names and ids without reaching into a running sim.
 */
export function simCatalogue(options: SpotifySimOptions = {}): Catalogue {
  const resolved = resolveOptions(options);
  return new Catalogue({ seed: resolved.seed, size: resolved.catalogueSize });
}
