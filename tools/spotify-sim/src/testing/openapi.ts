import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/** The reference description of the Web API (sonallux "fixed" edition), vendored in `reference/`. */
export const OPENAPI_PATH = fileURLToPath(
  new URL('../../../../reference/spotify-web-api.openapi.yml', import.meta.url),
);

type Json = Record<string, unknown>;

/** OpenAPI 3.0 schema → JSON Schema: `nullable` becomes a null type, refs point at `definitions`. */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key.startsWith('x-') || key === 'example' || key === 'deprecated' || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    else out[key] = convert(value);
  }
  if ((node as Json).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.type === undefined) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const nullable = (schema: Json): Json => ({ anyOf: [schema, { type: 'null' }] });
const allowNull = (definitions: Json, name: string, properties: string[]) => {
  const props = ((definitions[name] as Json).properties ?? {}) as Json;
  for (const p of properties) props[p] = nullable(props[p] as Json);
};

/**
 * The deviations of real traffic that /work/shared/reference/README.md lists, allowed on purpose:
 * null context, local tracks with null ids/hrefs/uris, and null `next`/`cursors` on the last or an
 * empty page.
 */
function lenient(definitions: Json): Json {
  const copy = structuredClone(definitions);
  const history = copy.PlayHistoryObject as Json;
  (history.properties as Json).context = nullable({ $ref: '#/definitions/ContextObject' });
  allowNull(copy, 'TrackObject', ['id', 'href']);
  allowNull(copy, 'SimplifiedArtistObject', ['id', 'href', 'uri']);
  allowNull(copy, 'AlbumBase', ['album_type', 'id', 'href', 'uri', 'release_date', 'release_date_precision']);
  allowNull(copy, 'CursorPagingObject', ['next', 'cursors']);
  return copy;
}

export interface OpenApiValidators {
  /** `components.schemas.<name>` exactly as the document has it. */
  strict(name: string): ValidateFunction;
  /** The same, with the README's documented deviations of real traffic allowed. */
  lenient(name: string): ValidateFunction;
  /** A schema given inline that may `$ref` `#/definitions/<name>`. */
  inline(schema: Json): ValidateFunction;
  /** The property names the document lists for a schema (following allOf). */
  properties(name: string): string[];
}

export function loadOpenApi(path = OPENAPI_PATH): OpenApiValidators {
  const document = parse(readFileSync(path, 'utf8')) as { components: { schemas: Json; responses: Json } };
  const definitions = convert(document.components.schemas) as Json;
  const lenientDefinitions = lenient(definitions);
  const make = (defs: Json) => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
    const cache = new Map<string, ValidateFunction>();
    return (name: string) => {
      let validate = cache.get(name);
      if (!validate) {
        validate = ajv.compile({ definitions: defs, $ref: `#/definitions/${name}` });
        cache.set(name, validate);
      }
      return validate;
    };
  };
  const strict = make(definitions);
  const loose = make(lenientDefinitions);
  const inlineAjv = new Ajv({ strict: false, allErrors: true });
  const collect = (name: string): string[] => {
    const schema = document.components.schemas[name] as Json;
    const own = Object.keys((schema.properties ?? {}) as Json);
    const inherited = ((schema.allOf ?? []) as Json[]).flatMap((part) =>
      typeof part.$ref === 'string'
        ? collect(part.$ref.split('/').at(-1)!)
        : Object.keys((part.properties ?? {}) as Json),
    );
    return [...new Set([...own, ...inherited])];
  };
  return {
    strict,
    lenient: loose,
    inline: (schema) => inlineAjv.compile({ definitions, ...schema }),
    properties: collect,
  };
}

/** Throws with ajv's errors (and a slice of the value) when the value does not match. */
export function assertValid(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value)) {
    throw new Error(
      `${what} does not match the OpenAPI schema: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${JSON.stringify(value).slice(0, 800)}`,
    );
  }
}
