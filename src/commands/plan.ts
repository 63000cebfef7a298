import { compactDates, type DateRun, formatRuns } from '../domain/compact-dates.js';
import { evaluateCoverage, gatingTables, type PhaseCoverage } from '../domain/coverage.js';
import { type DateRange, type IsoDate, inRange } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { planRanges } from '../domain/lookback.js';
import { type Block, plural, strong } from '../domain/message.js';
import { type NamedRange, parseRange } from '../domain/range-parser.js';
import { bootstrapDates, seasonContaining } from '../domain/seasons.js';
import { defineCommand } from './command.js';
import { rangeContext } from './command-context.js';
import { coverageBars } from './coverage-blocks.js';
import { queryContext } from './query-context.js';
import { followUps } from './status.js';

export interface PlanPhase {
  phase: number;
  name: string;
  runsOver: 'upstream' | 'target';
  range: DateRange;
  expected: number;
  present: number;
  missing: string[];
  /** `missing` compacted to runs over the phase's expected game days, split at season edges. */
  runs: DateRun[];
  /** The gating tables that miss dates, each with its own missing dates and runs. */
  tables: PlanTable[];
  /** Processors in run order: one inner list per stage; a stage's processors may run in parallel. */
  stages: string[][];
}

export interface PlanTable {
  dataset: string;
  table: string;
  missing: string[];
  runs: DateRun[];
}

export interface PlanData {
  target: DateRange;
  upstream: DateRange;
  lookbackDays: number;
  /** Expected target dates inside a season's bootstrap window: Phase 4+ skips them by design. */
  bootstrap: string[];
  warnings: string[];
  phases: PlanPhase[];
  steps: string[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

/** Missing dates per phase and gating table, compacted along the phase's expected (non-bootstrap) dates. */
function missingRuns(coverage: PhaseCoverage, expected: IsoDate[], seasons: DateRange[]) {
  const bootstrap = new Set(coverage.bootstrap);
  const sequence = expected.filter((d) => !bootstrap.has(d));
  const tables = gatingTables(coverage.tables)
    .filter((t) => t.missing.length > 0)
    .map(
      (t): PlanTable => ({
        dataset: t.dataset,
        table: t.table,
        missing: t.missing,
        runs: compactDates(t.missing, sequence, seasons),
      }),
    );
  return { runs: compactDates(coverage.missing, sequence, seasons), tables };
}

/** One dates block per phase and set of tables that miss the same dates (processors that run together). */
function runBlocks(phases: PlanPhase[]): Block[] {
  return phases.flatMap((p) => {
    const groups = new Map<string, PlanTable[]>();
    for (const t of p.tables) {
      const key = t.missing.join(',');
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    return [...groups.values()].map((group): Block => {
      const runs = group[0]?.runs ?? [];
      const total = group[0]?.missing.length ?? 0;
      const names = group.map((t) => t.table).join(', ');
      return {
        kind: 'dates',
        label: `Phase ${p.phase} to run · ${names} · ${plural(total, 'date')}`,
        runs,
        total,
      };
    });
  });
}

const USAGE = 'plan <start> <end> [lookback-days], e.g. plan 2024-11-08 2024-11-14 30';

export const planCommand = defineCommand({
  name: 'plan',
  group: 'look',
  usage: 'plan <start> <end> [lookback-days]',
  summary: 'Backfill ranges with lookback, bootstrap dates, and what already exists per phase.',
  example: 'plan 2024-11-08 2024-11-14 30',
  parse(args, ports): { range: NamedRange; lookbackDays: number } {
    if (args.length === 0) throw new BadInputError('plan needs a start and an end date', `Usage: ${USAGE}`);
    const { range, rest } = parseRange(args, rangeContext(ports));
    if (rest.length > 1 || (rest[0] !== undefined && !/^\d{1,3}$/.test(rest[0]))) {
      throw new BadInputError(`"${rest.join(' ')}" is not a lookback in days (0-366)`, `Usage: ${USAGE}`);
    }
    const lookbackDays = rest[0] === undefined ? ports.catalog.lookbackDays : Number(rest[0]);
    if (lookbackDays > 366)
      throw new BadInputError(`lookback ${lookbackDays} is over 366 days`, `Usage: ${USAGE}`);
    return { range, lookbackDays };
  },
  async run({ range, lookbackDays }, ports) {
    const { catalog, warehouse } = ports;
    const { upstream, target } = planRanges({ start: range.start, end: range.end }, lookbackDays);
    // One round trip over the wider range; each phase is then sliced to the range it runs over.
    const { value: facts, stats } = await warehouse.coverage(upstream, catalog.tables, 'plan');
    const byRange = {
      upstream: evaluateCoverage(catalog, facts, upstream),
      target: evaluateCoverage(catalog, facts, target),
    };
    const planned = catalog.phases.flatMap((phase) => {
      const coverage = byRange[phase.planRange].find((p) => p.phase === phase.id);
      if (!coverage) return [];
      const range = phase.planRange === 'upstream' ? upstream : target;
      const expected = facts.expected.filter((d) => inRange(d, range));
      const plan: PlanPhase = {
        phase: phase.id,
        name: phase.name,
        runsOver: phase.planRange,
        range,
        expected: coverage.expected,
        present: coverage.complete,
        missing: coverage.missing,
        ...missingRuns(coverage, expected, catalog.seasons),
        stages: phase.stages ?? [
          [...new Set(catalog.tables.filter((t) => t.phase === phase.id).map((t) => t.processor))],
        ],
      };
      return [{ plan, coverage }];
    });
    const phases = planned.map((p) => p.plan);
    const targetExpected = facts.expected.filter((d) => inRange(d, target));
    const bootstrap = [...bootstrapDates(targetExpected, catalog.seasons, catalog.bootstrapDays)].sort();
    const warnings: string[] = [];
    const season = seasonContaining(catalog.seasons, target.start);
    if (season && upstream.start < season.start) {
      warnings.push(
        `The lookback reaches before ${season.id} opened (${season.start}): early target dates have less history, expect degraded quality scores.`,
      );
    }
    if (bootstrap.length) {
      warnings.push(
        `${plural(bootstrap.length, 'target date')} ${bootstrap.length === 1 ? 'is a bootstrap day' : 'are bootstrap days'} (${formatRuns(compactDates(bootstrap), 3)}): Phase 4+ skips them by design.`,
      );
    }
    const gateAfter = (id: number) => Object.entries(catalog.gates).find(([, g]) => g.phase === id)?.[0];
    const steps = phases.map((p) => {
      const order = p.stages.map((s) => s.join(' + ')).join(' → ');
      const work = p.missing.length ? `run ${plural(p.missing.length, 'missing date')}` : 'nothing missing';
      const gate = gateAfter(p.phase);
      return `Phase ${p.phase} over ${p.range.start}..${p.range.end}: ${work} (${order})${gate ? `; then Gate ${gate}` : ''}`;
    });
    const query = { warehouse: warehouse.kind, ...stats };
    const data: PlanData = { target, upstream, lookbackDays, bootstrap, warnings, phases, steps, query };
    const toRun = phases.filter((p) => p.missing.length);
    const tone = toRun.length ? 'warn' : 'good';
    const blocks: Block[] = [
      { kind: 'header', text: `Backfill plan · ${target.start} → ${target.end}` },
      {
        kind: 'text',
        tone,
        text: toRun.length
          ? [
              strong('To run:'),
              ` ${toRun.map((p) => `Phase ${p.phase}: ${plural(p.missing.length, 'date')}`).join(' · ')}`,
            ]
          : [strong('Nothing to run:'), ' every phase is present over its range.'],
      },
      {
        kind: 'facts',
        facts: [
          {
            label: `Phases ${phases
              .filter((p) => p.runsOver === 'upstream')
              .map((p) => p.phase)
              .join(', ')} (with ${lookbackDays}-day lookback)`,
            value: `${upstream.start} → ${upstream.end}`,
          },
          {
            label: `Phases ${phases
              .filter((p) => p.runsOver === 'target')
              .map((p) => p.phase)
              .join(', ')} (target)`,
            value: `${target.start} → ${target.end}`,
          },
          {
            label: 'Bootstrap target dates',
            value: bootstrap.length ? formatRuns(compactDates(bootstrap), 3) : 'none',
          },
        ],
      },
      {
        kind: 'bars',
        title: 'Already present',
        bars: coverageBars(planned.map((p) => ({ ...p.coverage, tables: [] }))),
      },
      ...warnings.map((text): Block => ({ kind: 'text', text, tone: 'warn' })),
      { kind: 'text', text: steps.map((s, i) => `${i + 1}. ${s}`).join('\n') },
      ...runBlocks(phases),
      { kind: 'context', text: queryContext(upstream, query) },
      { kind: 'actions', actions: followUps({ ...target, label: '' }, 'plan') },
    ];
    const todo = toRun.map((p) => `Phase ${p.phase}: ${p.missing.length}`);
    const summary = `Plan ${target.start}..${target.end}: upstream from ${upstream.start}; ${todo.length ? `to run ${todo.join(', ')}` : 'everything present'}`;
    return { data, message: { summary, tone, blocks } };
  },
});
