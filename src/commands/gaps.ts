import { targetTables } from '../domain/catalog-target.js';
import { compactDates, type DateRun, formatRuns } from '../domain/compact-dates.js';
import { evaluateCoverage } from '../domain/coverage.js';
import { inRange } from '../domain/dates.js';
import { type Block, plural, strong } from '../domain/message.js';
import { defineCommand } from './command.js';
import { explainCoverage } from './explain-coverage.js';
import { queryContext } from './query-context.js';
import { describeTarget, parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';
import { followUps } from './status.js';

export interface TableGaps {
  dataset: string;
  table: string;
  phase: number;
  critical: boolean;
  expectedPartial: boolean;
  expected: number;
  missing: string[];
  runs: DateRun[];
}

export interface GapsData {
  range: { start: string; end: string };
  label: string;
  filter: string | null;
  tables: TableGaps[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

export const gapsCommand = defineCommand({
  name: 'gaps',
  group: 'look',
  usage: 'gaps [range] [phase|table]',
  summary: 'Missing dates per table, compacted to ranges of game days.',
  example: 'gaps 2021-22 analytics',
  parse(args, ports): RangeAndTarget {
    return parseRangeAndTarget(args, ports, ['phase', 'table'], 'gaps', 'gaps 2021-22 3');
  },
  explain: ({ range, target }, ports) =>
    explainCoverage('gaps', range, targetTables(ports.catalog, target), ports),
  async run({ range, target }, ports) {
    const { catalog, warehouse } = ports;
    const tables = targetTables(catalog, target);
    const { value: facts, stats } = await warehouse.coverage(range, tables, 'gaps');
    const phases = evaluateCoverage(catalog, facts, range, tables);
    const expected = facts.expected.filter((d) => inRange(d, range));
    const gaps: TableGaps[] = phases.flatMap((p) => {
      // Runs follow the expected game days, so a day without games never splits a gap; a season
      // edge always does, so no gap runs across an off-season.
      const bootstrap = new Set(p.bootstrap);
      const sequence = expected.filter((d) => !bootstrap.has(d));
      return p.tables.map((t) => ({
        dataset: t.dataset,
        table: t.table,
        phase: t.phase,
        critical: t.critical,
        expectedPartial: t.expectedPartial,
        expected: t.expected,
        missing: t.missing,
        runs: compactDates(t.missing, sequence, catalog.seasons),
      }));
    });
    const query = { warehouse: warehouse.kind, ...stats };
    const filter = describeTarget(target);
    const data: GapsData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      filter,
      tables: gaps,
      query,
    };

    const withGaps = gaps.filter((g) => g.missing.length > 0 && !g.expectedPartial);
    const partial = gaps.filter((g) => g.missing.length > 0 && g.expectedPartial);
    const complete = gaps.filter((g) => g.missing.length === 0);
    const missingDates = new Set(withGaps.flatMap((g) => g.missing)).size;
    const tone = withGaps.length ? 'warn' : 'good';
    const blocks: Block[] = [
      { kind: 'header', text: `Gaps · ${range.label}${filter ? ` · ${filter}` : ''}` },
      withGaps.length
        ? {
            kind: 'text',
            text: [
              strong(`${plural(withGaps.length, 'table')} with gaps:`),
              ` ${plural(missingDates, 'date')} missing`,
            ],
            tone,
          }
        : { kind: 'text', text: [strong('No gaps:'), ' every expected date is present.'], tone },
    ];
    // Tables of one phase that miss the same dates (processors that run together) share one entry.
    const sameGaps = new Map<string, TableGaps[]>();
    for (const g of withGaps) {
      const key = `${g.phase}|${g.missing.join(',')}`;
      sameGaps.set(key, [...(sameGaps.get(key) ?? []), g]);
    }
    for (const group of sameGaps.values()) {
      const [g] = group;
      if (!g) continue;
      const names = group.map((t) => `${t.table}${t.critical ? '' : ' (optional)'}`).join(', ');
      blocks.push({
        kind: 'dates',
        label: `Phase ${g.phase} · ${names} · ${g.missing.length} of ${g.expected} missing`,
        runs: g.runs,
        total: g.missing.length,
      });
    }
    if (partial.length) {
      blocks.push({
        kind: 'context',
        text: `Expected partial, not gaps: ${partial.map((g) => `${g.table} ${g.expected - g.missing.length}/${g.expected}`).join(', ')}`,
      });
    }
    if (complete.length)
      blocks.push({ kind: 'context', text: `Complete: ${complete.map((g) => g.table).join(', ')}` });
    blocks.push(
      { kind: 'context', text: queryContext(range, query) },
      { kind: 'actions', actions: followUps(range, 'gaps') },
    );
    const summary = withGaps.length
      ? `${plural(withGaps.length, 'table')} ${withGaps.length === 1 ? 'has' : 'have'} gaps on ${plural(missingDates, 'date')}; first: ${withGaps[0]?.table} ${formatRuns(withGaps[0]?.runs ?? [], 2)}`
      : 'No gaps';
    return { data, message: { summary, tone, blocks } };
  },
});
