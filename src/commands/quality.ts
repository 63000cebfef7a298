import { targetTables } from '../domain/catalog-target.js';
import { compactDates } from '../domain/compact-dates.js';
import { BadInputError } from '../domain/errors.js';
import { type Block, plural, strong } from '../domain/message.js';
import { belowThreshold, type PlayerCoverageDay } from '../domain/player-coverage.js';
import { summarizeQuality, type TableQuality } from '../domain/quality.js';
import { defineCommand } from './command.js';
import { queryContext } from './query-context.js';
import { parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';
import { followUps } from './status.js';

export interface QualityData {
  range: { start: string; end: string };
  label: string;
  tables: (TableQuality & { counts: Record<string, number> })[];
  /** Player-level coverage (precompute vs players who played) per date: the dates under the alert line. */
  playerCoverage: { days: number; minPct: number; below: PlayerCoverageDay[] };
  query: { warehouse: string; roundTrips: number; millis: number };
}

export const qualityCommand = defineCommand({
  name: 'quality',
  group: 'look',
  usage: 'quality [range] [phase|table]',
  summary: 'Quality buckets of precompute rows: 90-100 good, 70-89 ok, 50-69 degraded, <50 bootstrap/poor.',
  example: 'quality 2022-23',
  parse(args, ports): RangeAndTarget {
    return parseRangeAndTarget(
      args,
      ports,
      ['phase', 'table'],
      'quality',
      'quality 2022-23 player_shot_zone_analysis',
    );
  },
  async run({ range, target }, ports) {
    const { catalog, warehouse } = ports;
    const tables = targetTables(catalog, target).filter((t) => t.qualityColumn);
    if (tables.length === 0) {
      throw new BadInputError(
        'no table in that selection has a quality column',
        `Tables with one: ${catalog.tables
          .filter((t) => t.qualityColumn)
          .map((t) => t.table)
          .join(', ')}`,
      );
    }
    // Two tables of different shape: the buckets and the player-level coverage, side by side.
    const [{ value: counts, stats }, { value: days, stats: coverageStats }] = await Promise.all([
      warehouse.qualityCounts(range, tables, 'quality'),
      warehouse.playerCoverage(range, 'quality'),
    ]);
    const summary = summarizeQuality(tables, counts, catalog.qualityBuckets);
    const query = {
      warehouse: warehouse.kind,
      roundTrips: stats.roundTrips + coverageStats.roundTrips,
      millis: Math.max(stats.millis, coverageStats.millis),
    };
    const minPct = catalog.playerCoverage.alertBelowPct;
    const low = belowThreshold(days, minPct);
    const playerCoverage = { days: days.length, minPct, below: low };
    const data: QualityData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      tables: summary.map((t) => ({
        ...t,
        counts: Object.fromEntries(t.buckets.map((b) => [b.name, b.records])),
      })),
      playerCoverage,
      query,
    };
    const top = catalog.qualityBuckets[0];
    const good = summary.map((t) => `${t.table} ${t.buckets[0]?.pct ?? 0}% ${top?.name ?? ''}`).join(', ');
    const lowest = [...summary].sort((a, b) => (a.buckets[0]?.pct ?? 0) - (b.buckets[0]?.pct ?? 0))[0];
    const weakest = lowest
      ? ` · lowest ${top?.name ?? 'top bucket'}: ${lowest.table} ${lowest.buckets[0]?.pct ?? 0}%`
      : '';
    const blocks: Block[] = [
      { kind: 'header', text: `Quality · ${range.label}` },
      {
        kind: 'text',
        tone: low.length ? 'warn' : 'good',
        text: low.length
          ? [
              strong(`Player-level coverage below ${minPct}%:`),
              ` ${plural(low.length, 'date')} of ${days.length}${weakest}`,
            ]
          : [
              strong('Player-level coverage OK:'),
              ` none of ${plural(days.length, 'date')} below ${minPct}%${weakest}`,
            ],
      },
      {
        kind: 'table',
        columns: ['table', ...catalog.qualityBuckets.map((b) => b.label), 'rows'],
        rows: summary.map((t) => [
          t.table,
          ...t.buckets.map((b) => `${b.records} (${b.pct}%)`),
          String(t.total),
        ]),
      },
      {
        kind: 'context',
        text: 'Expected: degraded scores in the first 2-3 weeks of a season; mostly good after.',
      },
      ...(low.length
        ? [
            {
              kind: 'dates',
              label: `Player-level coverage below ${minPct}% on ${plural(low.length, 'date')} of ${days.length}`,
              runs: compactDates(low.map((d) => d.date)),
              total: low.length,
            } satisfies Block,
          ]
        : []),
      { kind: 'context', text: queryContext(range, query) },
      { kind: 'actions', actions: followUps(range, 'quality') },
    ];
    return { data, message: { summary: `Quality ${range.label}: ${good}`, tone: 'neutral', blocks } };
  },
});
