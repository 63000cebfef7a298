import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { Measured, Warehouse } from '../../src/warehouse/warehouse.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse, type TinyWorld } from '../support/tiny-warehouse.js';

/** Every answer below is over this range, on this day: early 2023-24 (bootstrap 10-24..10-30). */
export const RANGE = '2023-10-24..2023-11-04';
export const TODAY = '2023-11-05';

const FINAL = ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-01', '2023-11-02', '2023-11-03'];
const PHASE4 = ['2023-10-31', '2023-11-01', '2023-11-02', '2023-11-03'];
const P4 = 'phase_4_precompute';

const phaseTables = (phase: number, dates: string[]) =>
  Object.fromEntries(catalog.tables.filter((t) => t.phase === phase).map((t) => [t.table, dates]));

/**
 * Phase 2 complete but for an optional table, Phase 3 missing two dates, Phase 4 one, Phase 5 empty;
 * failures open and resolved (one error quotes `<` and `&`), quality buckets, low player coverage.
 */
const PARTIAL: TinyWorld = {
  finalDates: FINAL,
  scheduledDates: ['2023-11-04'],
  present: {
    ...phaseTables(2, FINAL),
    bdl_player_boxscores: FINAL.filter((d) => d !== '2023-11-02'),
    ...phaseTables(3, FINAL),
    player_game_summary: ['2023-10-24', '2023-10-25', '2023-10-31', '2023-11-03'],
    upcoming_player_game_context: ['2023-10-24', '2023-11-03'],
    ...phaseTables(4, PHASE4),
    player_daily_cache: PHASE4.filter((d) => d !== '2023-11-03'),
  },
  quality: {
    player_shot_zone_analysis: [95, 90, 75, 60, 40, null].map((score) => ({ date: '2023-11-01', score })),
  },
  playerCoverage: [
    { date: '2023-11-01', expected: 200, actual: 200 },
    { date: '2023-11-02', expected: 200, actual: 150 },
    { date: '2023-11-03', expected: 100, actual: 95 },
  ],
  runs: [
    {
      processor: 'PlayerCompositeFactorsProcessor',
      phase: P4,
      date: '2023-10-31',
      status: 'failed',
      startedAt: '2023-11-01 08:00:00',
      errors: 'INSUFFICIENT_DATA: only 3 of 10 required games for 41 players',
    },
    {
      processor: 'PlayerCompositeFactorsProcessor',
      phase: P4,
      date: '2023-10-31',
      status: 'success',
      startedAt: '2023-11-02 08:00:00',
    },
    {
      processor: 'PlayerCompositeFactorsProcessor',
      phase: P4,
      date: '2023-11-02',
      status: 'failed',
      startedAt: '2023-11-03 08:00:00',
      errors: 'INSUFFICIENT_DATA: only 5 of 10 required games for 12 players',
    },
    {
      processor: 'PlayerDailyCacheProcessor',
      phase: P4,
      date: '2023-11-03',
      status: 'failed',
      startedAt: '2023-11-04 08:00:00',
      errors: '["DependencyError: upstream nba_precompute.player_composite_factors missing for 2023-11-03"]',
      missingDependencies: '["nba_precompute.player_composite_factors"]',
    },
    {
      processor: 'PlayerGameSummaryProcessor',
      phase: 'phase_3_analytics',
      date: '2023-11-01',
      status: 'failed',
      startedAt: '2023-11-02 07:00:00',
      errors: 'ValueError: expected <int> minutes & got "DNP" at row 17',
    },
    {
      processor: 'PlayerGameSummaryProcessor',
      phase: 'phase_3_analytics',
      date: '2023-11-03',
      status: 'success',
      startedAt: '2023-11-04 07:00:00',
    },
  ],
};

/** The same world after Phase 3 was backfilled: Gate 1 passes, and approvals of the old data are stale. */
const BACKFILLED: TinyWorld = {
  ...PARTIAL,
  present: { ...PARTIAL.present, player_game_summary: FINAL },
};

/**
 * Query times vary run to run and every answer prints them: the fixtures read 0 ms. Everything else
 * the warehouse answers is passed through untouched.
 */
export function withoutTimings(inner: Warehouse): Warehouse {
  const steady =
    <A extends unknown[], T>(call: (...args: A) => Promise<Measured<T>>) =>
    async (...args: A): Promise<Measured<T>> => {
      const measured = await call(...args);
      return { ...measured, stats: { ...measured.stats, millis: 0 } };
    };
  return {
    kind: inner.kind,
    coverage: steady(inner.coverage.bind(inner)),
    failedRuns: steady(inner.failedRuns.bind(inner)),
    qualityCounts: steady(inner.qualityCounts.bind(inner)),
    playerCoverage: steady(inner.playerCoverage.bind(inner)),
    runSummary: steady(inner.runSummary.bind(inner)),
    newestModification: steady(inner.newestModification.bind(inner)),
    explainCoverage: steady(inner.explainCoverage.bind(inner)),
    latestRuns: steady(inner.latestRuns.bind(inner)),
    modelMetrics: steady(inner.modelMetrics.bind(inner)),
    staleRows: steady(inner.staleRows.bind(inner)),
    close: () => inner.close(),
  };
}

/** A clock that stands still until moved, so stored times in the fixtures are exact. */
export function steppingClock(start: string): Clock & { advance(minutes: number): void } {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    advance: (minutes) => {
      ms += minutes * 60_000;
    },
  };
}

export interface RenderWorld {
  /** Before the backfill. */
  partial: CommandPorts;
  /** After it. */
  backfilled: CommandPorts;
  /** A scratch directory for a state store. */
  dir: string;
  close(): Promise<void>;
}

async function open(world: TinyWorld): Promise<{ ports: CommandPorts; cleanup: () => void }> {
  const built = await buildTinyWarehouse(catalog, world);
  const ports = await duckdbPorts(built.path, TODAY);
  return {
    ports: { ...ports, warehouse: withoutTimings(ports.warehouse) },
    cleanup: built.cleanup,
  };
}

export async function openRenderWorld(): Promise<RenderWorld> {
  const [partial, backfilled] = await Promise.all([open(PARTIAL), open(BACKFILLED)]);
  const dir = mkdtempSync(join(tmpdir(), 'backfill-render-'));
  return {
    partial: partial.ports,
    backfilled: backfilled.ports,
    dir,
    async close() {
      await Promise.all([partial.ports.warehouse.close(), backfilled.ports.warehouse.close()]);
      partial.cleanup();
      backfilled.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
