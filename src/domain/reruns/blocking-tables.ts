import type { CatalogTable } from '../../config/catalog-schema.js';

/**
 * The tables whose gaps block what reads them: critical and not expected-partial, or, where none is
 * critical, the ones not expected to be partial. The rule of coverage's gatingTables, on catalog
 * tables (gatingTables takes coverage rows).
 */
export function blockingTables(tables: CatalogTable[]): CatalogTable[] {
  const critical = tables.filter((t) => t.critical && !t.expectedPartial);
  return critical.length > 0 ? critical : tables.filter((t) => !t.expectedPartial);
}
