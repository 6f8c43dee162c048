import { NonRetriableError } from '@spotify-pipeline/runtime';

/** The import was asked for something that cannot work (a bad option); names the option. */
export class ImportOptionsError extends NonRetriableError {}
