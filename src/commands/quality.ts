import { targetTables } from '../domain/catalog-target.js';
import { BadInputError } from '../domain/errors.js';
import type { Block } from '../domain/message.js';
import { summarizeQuality, type TableQuality } from '../domain/quality.js';
import { defineCommand } from './command.js';
import { queryContext } from './query-context.js';
import { parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';
import { followUps } from './status.js';

export interface QualityData {
  range: { start: string; end: string };
  label: string;
  tables: (TableQuality & { counts: Record<string, number> })[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

export const qualityCommand = defineCommand({
  name: 'quality',
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
    const { value: counts, stats } = await warehouse.qualityCounts(range, tables, 'quality');
    const summary = summarizeQuality(tables, counts, catalog.qualityBuckets);
    const query = { warehouse: warehouse.kind, ...stats };
    const data: QualityData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      tables: summary.map((t) => ({
        ...t,
        counts: Object.fromEntries(t.buckets.map((b) => [b.name, b.records])),
      })),
      query,
    };
    const blocks: Block[] = [
      { kind: 'header', text: `Quality · ${range.label}` },
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
      { kind: 'context', text: queryContext(range, query) },
      { kind: 'actions', actions: followUps(range, 'quality') },
    ];
    const top = catalog.qualityBuckets[0];
    const good = summary.map((t) => `${t.table} ${t.buckets[0]?.pct ?? 0}% ${top?.name ?? ''}`).join(', ');
    return { data, message: { summary: `Quality ${range.label}: ${good}`, tone: 'neutral', blocks } };
  },
});
