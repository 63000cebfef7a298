import type { Catalog } from '../../config/catalog-schema.js';
import { BadInputError } from '../errors.js';

/**
 * How a catalog gate is judged, read from its thresholds:
 * - proceedAtPct set: a threshold gate (Gate 0): each table of its phase against proceed / fix-first.
 * - otherwise a completeness gate at completePct (100 when unset): every gating table of its phase.
 * - a completeness gate on the highest phase any gate names is end to end (Gate 3): every phase with
 *   tables up to its own, and the open failures. It is the sign-off, so it looks at the whole chain.
 * - playerCoverageMinPct set: player-level coverage must reach it on every non-bootstrap date.
 */
export interface GateRule {
  id: string;
  /** The gate's own phase (the catalog's `phase`). */
  phase: number;
  kind: 'threshold' | 'complete';
  endToEnd: boolean;
  /** Phases whose coverage the gate reads, ascending: evaluateCoverage must include each of them. */
  phases: number[];
  proceedAtPct: number;
  fixBelowPct: number;
  completePct: number;
  playerCoverageMinPct: number | null;
  /** Which evidence beyond coverage the gate reads, so a caller can skip the other queries. */
  needs: { quality: boolean; failures: boolean; playerCoverage: boolean };
}

/** Gate ids as the catalog lists them, in numeric order. */
export const gateIds = (catalog: Catalog): string[] =>
  Object.keys(catalog.gates).sort((a, b) => Number(a) - Number(b));

export function gateRule(catalog: Catalog, gateId: string): GateRule {
  const gate = Object.hasOwn(catalog.gates, gateId) ? catalog.gates[gateId] : undefined;
  if (!gate) {
    const ids = gateIds(catalog);
    throw new BadInputError(
      `unknown gate ${JSON.stringify(gateId.length > 20 ? `${gateId.slice(0, 20)}…` : gateId)}`,
      `The catalog's gates are ${ids.join(', ') || 'none'}, e.g. \`gate ${ids[0] ?? '1'} 2023-24\`.`,
    );
  }
  const kind = gate.proceedAtPct !== undefined ? 'threshold' : 'complete';
  const lastGatedPhase = Math.max(...Object.values(catalog.gates).map((g) => g.phase));
  const endToEnd = kind === 'complete' && gate.phase === lastGatedPhase;
  const withTables = new Set(catalog.tables.map((t) => t.phase));
  const phases = catalog.phases
    .map((p) => p.id)
    .filter((id) => withTables.has(id) && (endToEnd ? id <= gate.phase : id === gate.phase))
    .sort((a, b) => a - b);
  const proceedAtPct = gate.proceedAtPct ?? 100;
  return {
    id: gateId,
    phase: gate.phase,
    kind,
    endToEnd,
    phases,
    proceedAtPct,
    // Without a fix-first line there is no warning band: below proceed is below fix.
    fixBelowPct: Math.min(gate.fixBelowPct ?? proceedAtPct, proceedAtPct),
    completePct: gate.completePct ?? 100,
    playerCoverageMinPct: gate.playerCoverageMinPct ?? null,
    needs: {
      quality: kind === 'complete' && catalog.tables.some((t) => t.phase === gate.phase && t.qualityColumn),
      failures: endToEnd,
      playerCoverage: gate.playerCoverageMinPct !== undefined,
    },
  };
}
