import type { Catalog, CatalogPhase, CatalogSeason, CatalogTable } from '../config/catalog-schema.js';
import { BackfillError } from '../domain/errors.js';

/** A processor and the tables it writes: run history is per processor, presence per table. */
export interface DemoUnit {
  processor: string;
  phase: CatalogPhase;
  tables: CatalogTable[];
}

/**
 * What each part of the catalog plays in the demo story, derived from the catalog's shape only:
 * the first phase is raw (complete), phases before the first bootstrap phase are analytics
 * (gappy), the first bootstrap phase is precompute (a chain of stages), later phases predict.
 */
export interface DemoRoles {
  raw: DemoUnit[];
  analytics: DemoUnit[];
  /** Precompute units by stage, in the phase's `stages` order (unlisted processors run last). */
  chain: DemoUnit[][];
  predictions: DemoUnit[];
  /** Precompute table that player coverage is measured on: the 2nd stage's table. */
  coverageTable: CatalogTable;
  /** Analytics table holding the players expected in `coverageTable`. */
  coverageSource: CatalogTable;
  /** The season after `demo.phase4FromSeason`: Phase 3 and Phase 4 are complete there. */
  cleanSeasonId: string | undefined;
}

export const tableKey = (t: { dataset: string; table: string }): string => `${t.dataset}.${t.table}`;

export function bootstrapDaysOf(catalog: Catalog, season: CatalogSeason): number {
  return season.bootstrapDays ?? catalog.bootstrapDays;
}

function unitsOf(catalog: Catalog, phase: CatalogPhase): DemoUnit[] {
  const units = new Map<string, DemoUnit>();
  for (const t of catalog.tables.filter((table) => table.phase === phase.id)) {
    const unit = units.get(t.processor) ?? { processor: t.processor, phase, tables: [] };
    unit.tables.push(t);
    units.set(t.processor, unit);
  }
  return [...units.values()];
}

function chainOf(phase: CatalogPhase, units: DemoUnit[]): DemoUnit[][] {
  const byName = new Map(units.map((u) => [u.processor, u]));
  const stages = (phase.stages ?? []).map((stage) =>
    stage.map((name) => byName.get(name)).filter((u): u is DemoUnit => u !== undefined),
  );
  const listed = new Set(stages.flat().map((u) => u.processor));
  const rest = units.filter((u) => !listed.has(u.processor));
  return [...stages, ...(rest.length ? [rest] : [])].filter((stage) => stage.length > 0);
}

function invalid(message: string): never {
  throw new BackfillError('CATALOG_INVALID', `demo generator: ${message}`);
}

export function deriveDemoRoles(catalog: Catalog): DemoRoles {
  const phases = [...catalog.phases].sort((a, b) => a.id - b.id).filter((p) => unitsOf(catalog, p).length);
  const precomputeIndex = phases.findIndex((p) => p.bootstrap);
  const precompute = phases[precomputeIndex];
  const raw = phases[0];
  if (!raw || !precompute || precomputeIndex < 2) {
    invalid(
      'needs a raw phase, at least one analytics phase and a bootstrap (precompute) phase, in id order',
    );
  }
  const analytics = phases.slice(1, precomputeIndex).flatMap((p) => unitsOf(catalog, p));
  const chain = chainOf(precompute, unitsOf(catalog, precompute));
  const coverageUnit = chain[1]?.[0] ?? chain[0]?.[0];
  const coverageTable =
    coverageUnit?.tables.find((t) => t.grain === 'player') ?? invalid('no player-grain precompute table');
  const coverageSource =
    analytics.flatMap((u) => u.tables).find((t) => t.grain === 'player' && t.critical) ??
    invalid('no critical player-grain analytics table');
  const fromIndex = catalog.seasons.findIndex((s) => s.id === catalog.demo.phase4FromSeason);
  return {
    raw: unitsOf(catalog, raw),
    analytics,
    chain,
    predictions: phases.slice(precomputeIndex + 1).flatMap((p) => unitsOf(catalog, p)),
    coverageTable,
    coverageSource,
    cleanSeasonId: catalog.seasons[fromIndex + 1]?.id,
  };
}
