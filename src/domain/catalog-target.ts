import type { Catalog, CatalogPhase, CatalogTable } from '../config/catalog-schema.js';
import { closestWords } from './closest-words.js';
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
 * that names the closest names, or the kinds accepted with a sample, so the user never guesses.
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
  throw new BadInputError(
    `unknown ${kinds.join(' or ')} "${token}"`,
    unknownTargetHint(catalog, token, kinds),
  );
}

const MAX_MATCHES = 5;

/** Words a user can type for these kinds: phase names, tables, processors (a table stands for its processor). */
function targetWords(catalog: Catalog, kinds: TargetKind[]): string[] {
  return [
    ...(kinds.includes('phase') ? catalog.phases.flatMap((p) => [p.name, p.runHistoryPhase]) : []),
    ...(kinds.includes('table') || kinds.includes('processor') ? catalog.tables.map((x) => x.table) : []),
    ...(kinds.includes('processor') ? catalog.processors.map((p) => p.name) : []),
  ];
}

/**
 * What to type instead: the few names close to the word (a slip of one or two letters, or a part
 * of a longer name), else the kinds accepted with a short sample. Never every name: a catalog has
 * dozens, and a phone shows five.
 */
function unknownTargetHint(catalog: Catalog, token: string, kinds: TargetKind[]): string {
  const words = [...new Set(targetWords(catalog, kinds))];
  const t = token.toLowerCase();
  const near = closestWords(token, words, { limit: MAX_MATCHES });
  const containing = t.length >= 4 ? words.filter((w) => w.toLowerCase().includes(t)) : [];
  const matches = [...new Set([...near, ...containing])].slice(0, MAX_MATCHES);
  if (matches.length === 1) return `Did you mean ${matches[0]}?`;
  if (matches.length > 1) return `Did you mean one of: ${matches.join(', ')}?`;
  // One table per phase makes a sample that shows the shape of the names.
  const sample = catalog.phases
    .map((p) => catalog.tables.find((x) => x.phase === p.id))
    .filter((x): x is CatalogTable => x !== undefined);
  const accepted = [
    kinds.includes('phase') && `phases: ${catalog.phases.map((p) => `${p.id} (${p.name})`).join(', ')}`,
    kinds.includes('table') &&
      `tables (${catalog.tables.length}), e.g. ${sample.map((x) => x.table).join(', ')}`,
    kinds.includes('processor') &&
      `processors (${catalog.processors.length}) or the table one writes, e.g. ${[
        ...new Set(sample.map((x) => x.processor)),
      ].join(', ')}`,
  ].filter(Boolean);
  return `Accepted ${accepted.join('; ')}.`;
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
