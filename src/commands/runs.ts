import { targetProcessors } from '../domain/catalog-target.js';
import { type Block, strong } from '../domain/message.js';
import type { ProcessorRuns } from '../domain/run-summary.js';
import { defineCommand } from './command.js';
import { queryContext } from './query-context.js';
import { describeTarget, parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';
import { followUps } from './status.js';

export interface RunsData {
  range: { start: string; end: string };
  label: string;
  filter: string | null;
  processors: ProcessorRuns[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

export const runsCommand = defineCommand({
  name: 'runs',
  group: 'look',
  usage: 'runs [range] [phase|processor]',
  summary: 'Runs per processor by status and the latest date each reached (the seeds’ progress monitor).',
  example: 'runs last 7d precompute',
  parse(args, ports): RangeAndTarget {
    return parseRangeAndTarget(args, ports, ['phase', 'processor'], 'runs', 'runs last 7d precompute');
  },
  async run({ range, target }, ports) {
    const { catalog, warehouse } = ports;
    const { value: processors, stats } = await warehouse.runSummary(
      range,
      targetProcessors(catalog, target),
      'runs',
    );
    const query = { warehouse: warehouse.kind, ...stats };
    const filter = describeTarget(target);
    const data: RunsData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      filter,
      processors,
      query,
    };
    const failed = processors.reduce((sum, p) => sum + p.failed, 0);
    const blocks: Block[] = [
      { kind: 'header', text: `Runs · ${range.label}${filter ? ` · ${filter}` : ''}` },
      processors.length
        ? {
            kind: 'table',
            columns: ['processor', 'ok', 'failed', 'skipped', 'latest date'],
            rows: processors.map((p) => [
              p.processor,
              String(p.success),
              String(p.failed),
              String(p.skipped),
              p.latestDate,
            ]),
          }
        : { kind: 'text', text: [strong('No runs'), ' in this range.'] },
      { kind: 'context', text: queryContext(range, query) },
      { kind: 'actions', actions: followUps(range, 'runs') },
    ];
    const summary = `${processors.length} processors ran in ${range.label}; ${failed} failed runs`;
    return { data, message: { summary, tone: failed ? 'warn' : 'good', blocks } };
  },
});
