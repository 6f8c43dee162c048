const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema is spliced into SQL text, so it must be a plain lower-case identifier. */
export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema))
    throw new Error(`schema name ${JSON.stringify(schema)} must be a lower-case SQL identifier`);
}
