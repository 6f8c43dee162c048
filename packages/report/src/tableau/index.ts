export { CONNECTIONS, type TableauDialect } from './connections.ts';
export { AGGREGATE_VIEWS } from './view-fields.ts';
export { TABLEAU_DIR, tableauFiles } from './write-tableau-files.ts';
