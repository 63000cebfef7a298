import type { Catalog, CatalogPhase, CatalogTable } from '../config/catalog-schema.js';
import { BadInputError } from './errors.js';

export type CatalogTarget =
  | { kind: 'phase'; phase: CatalogPhase }
  | { kind: 'table'; table: CatalogTable }
  | { kind: 'processor'; processor: string };

export type TargetKind = CatalogTarget['kind'];

function findPhase(catalog: Catalog, token: string): CatalogPhase | undefined {
  const t = token.toLowerCase();
  const number = /^(?:phase[_-]?|p)?(\d+)$/.exec(t)?.[1];
  return catalog.phases.find(
    (p) => String(p.id) === number || p.name.toLowerCase() === t || p.runHistoryPhase.toLowerCase() === t,
  );
}

/**
 * Resolves a filter word to a phase, table or processor of the catalog. Unknown words get an error
 * that lists every accepted name, so the user never guesses.
 */
export function resolveTarget(catalog: Catalog, token: string, kinds: TargetKind[]): CatalogTarget {
  const t = token.toLowerCase();
  if (kinds.includes('phase')) {
    const phase = findPhase(catalog, token);
    if (phase) return { kind: 'phase', phase };
  }
  if (kinds.includes('table')) {
    const table = catalog.tables.find(
      (x) => x.table.toLowerCase() === t || `${x.dataset}.${x.table}`.toLowerCase() === t,
    );
    if (table) return { kind: 'table', table };
  }
  if (kinds.includes('processor')) {
    const processor = catalog.processors.find((p) => p.name.toLowerCase() === t);
    if (processor) return { kind: 'processor', processor: processor.name };
    // A table name stands for the processor that writes it.
    const table = catalog.tables.find((x) => x.table.toLowerCase() === t);
    if (table) return { kind: 'processor', processor: table.processor };
  }
  const lists = [
    kinds.includes('phase') && `phases: ${catalog.phases.map((p) => `${p.id} (${p.name})`).join(', ')}`,
    (kinds.includes('table') || kinds.includes('processor')) &&
      `tables: ${catalog.tables.map((x) => x.table).join(', ')}`,
    kinds.includes('processor') && `processors: ${catalog.processors.map((p) => p.name).join(', ')}`,
  ].filter(Boolean);
  throw new BadInputError(`unknown ${kinds.join(' or ')} "${token}"`, `Accepted ${lists.join('; ')}.`);
}

/** The catalog tables a target covers (all tables when there is no target). */
export function targetTables(catalog: Catalog, target: CatalogTarget | null): CatalogTable[] {
  if (!target) return catalog.tables;
  if (target.kind === 'phase') return catalog.tables.filter((t) => t.phase === target.phase.id);
  if (target.kind === 'table') return [target.table];
  return catalog.tables.filter((t) => t.processor === target.processor);
}

/** The processors a target covers, or null for all. */
export function targetProcessors(catalog: Catalog, target: CatalogTarget | null): string[] | null {
  if (!target) return null;
  if (target.kind === 'processor') return [target.processor];
  const processors = new Set(targetTables(catalog, target).map((t) => t.processor));
  if (target.kind === 'phase')
    for (const stage of target.phase.stages ?? []) for (const p of stage) processors.add(p);
  return [...processors].sort();
}
