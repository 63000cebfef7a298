import type { Catalog, CatalogTable } from '../config/catalog-schema.js';

/** A processor's place in its phase's chain: its stage's index (unlisted processors run last). */
export function stageIndex(catalog: Catalog, processor: string): number {
  const table = catalog.tables.find((t) => t.processor === processor);
  const stages = catalog.phases.find((p) => p.id === table?.phase)?.stages ?? [];
  const index = stages.findIndex((stage) => stage.includes(processor));
  return index === -1 ? stages.length : index;
}

/**
 * The tables a processor reads, as the demo generator models it: the stage before it in its phase's
 * chain, or for a phase's first stage the critical tables of the phase before. Missing on a date,
 * they fail the run with a DependencyError (the generator's open failures are exactly these).
 */
export function upstreamTables(catalog: Catalog, processor: string): CatalogTable[] {
  const own = catalog.tables.find((t) => t.processor === processor);
  if (!own) return [];
  const stage = stageIndex(catalog, processor);
  if (stage > 0) {
    return catalog.tables.filter(
      (t) =>
        t.phase === own.phase && t.processor !== processor && stageIndex(catalog, t.processor) === stage - 1,
    );
  }
  const earlier = catalog.phases
    .map((p) => p.id)
    .filter((id) => id < own.phase && catalog.tables.some((t) => t.phase === id));
  const previous = Math.max(...earlier);
  return catalog.tables.filter((t) => t.phase === previous && t.critical);
}
