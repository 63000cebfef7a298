import type { Catalog, CatalogTable } from '../../config/catalog-schema.js';
import { tableKey } from '../coverage.js';
import type { GateEvidence } from './gate-evidence.js';
import type { GateRule } from './gate-rule.js';

/**
 * The tables a gate judges: read coverage and the newest modification time over these only. A
 * Gate 1 approval starts the Phase 4 backfill; if Phase 4 writes counted against it, the approval
 * would go stale the moment the stage it approved began.
 */
export const gateTables = (catalog: Catalog, rule: GateRule): CatalogTable[] =>
  catalog.tables.filter((t) => rule.phases.includes(t.phase));

/**
 * The evidence cut down to what the gate reads, so its fingerprint changes only when that does.
 * newestModification cannot be cut after the fact: the caller reads it over gateTables().
 */
export function scopeEvidence(catalog: Catalog, rule: GateRule, evidence: GateEvidence): GateEvidence {
  const quality = new Set(
    catalog.tables.filter((t) => t.phase === rule.phase && t.qualityColumn).map((t) => tableKey(t)),
  );
  return {
    ...evidence,
    phases: evidence.phases.filter((p) => rule.phases.includes(p.phase)),
    quality: rule.needs.quality ? evidence.quality.filter((q) => quality.has(tableKey(q))) : [],
    failures: rule.needs.failures ? evidence.failures : [],
    playerCoverage: rule.needs.playerCoverage ? evidence.playerCoverage : [],
  };
}
