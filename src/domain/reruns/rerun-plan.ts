import type { IsoDate } from '../dates.js';

// A re-run plan in domain terms: which processors run which dates, in which order, what blocks it,
// and what it makes stale. Built by planRerun (plan-rerun.ts) from the catalog and warehouse facts;
// pure, so every rule (lookback, bootstrap, chain order, downstream staleness, limits) has a
// specification test without a warehouse.

/** What a person asked to re-run: explicit processor-dates (before ordering and checks). */
export interface RerunAsk {
  /** Processor name -> the dates asked for it (any order, duplicates allowed). */
  dates: Record<string, IsoDate[]>;
  /** Add the downstream processor-dates the asked ones make stale, in chain order. */
  withDownstream: boolean;
  /** Go ahead although upstream data is missing (an approver's call; audited with a reason). */
  override: boolean;
}

/** What the warehouse says, over the asked dates widened by the lookback window both ways. */
export interface RerunFacts {
  /** Expected (final game) dates, ascending. */
  expected: IsoDate[];
  /** Present dates per table, keyed by tableKey() ("dataset.table"). */
  present: Map<string, IsoDate[]>;
}

/**
 * One step of the chain: processors that may run side by side (a catalog stage, or a phase without
 * stages), and the dates each runs. Steps run in catalog order (phase by phase, stage by stage); a
 * step's messages are published only once every processor-date of the step before it has a newer
 * successful run (`dependsOn`).
 */
export interface RerunStep {
  /** 0-based position in the plan. */
  index: number;
  phase: number;
  /** Processor -> its dates in this step, ascending; only processors with dates. */
  processors: Record<string, IsoDate[]>;
  /** The step that must be done first (the previous one), null for the first. */
  dependsOn: number | null;
}

/** One queue message: one processor, a run of consecutive expected dates, at most `batchDates`. */
export interface RerunMessage {
  /** Stable within the plan: `<processor>:<first date>:<last date>`; the outbox key builds on it. */
  id: string;
  step: number;
  processor: string;
  phase: number;
  /** The phase's topic from the catalog. */
  topic: string;
  /** Ascending; consecutive game days (a no-game day does not break a run, a game day left out does). */
  dates: IsoDate[];
}

/** Upstream data a processor-date needs and does not have (neither present nor earlier in the plan). */
export interface MissingUpstream {
  /** "dataset.table" of the missing upstream table. */
  table: string;
  /** Dates it is missing on, ascending. */
  dates: IsoDate[];
  /** Who needs it: processor -> the planned dates that need these. */
  neededBy: Record<string, IsoDate[]>;
}

/** Processor-dates the plan makes stale downstream, and whether the plan includes them. */
export interface DownstreamImpact {
  processor: string;
  phase: number;
  dates: IsoDate[];
  included: boolean;
}

export interface RerunPlan {
  steps: RerunStep[];
  messages: RerunMessage[];
  /** Asked processor-dates dropped as not expected: no final game, or a bootstrap day of a bootstrap phase. */
  skipped: { processor: string; dates: IsoDate[]; why: 'no-game' | 'bootstrap' }[];
  missingUpstream: MissingUpstream[];
  downstream: DownstreamImpact[];
  /** Processor-dates the plan runs (summed over processors): what `maxDatesPerRequest` limits. */
  processorDates: number;
  /** Over `reruns.maxDatesPerRequest`: confirmed by its requester, it waits for an approver. */
  needsApproval: boolean;
  /** Missing upstream and no override: no Confirm. */
  refused: boolean;
}
