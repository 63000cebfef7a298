import { targetProcessors } from '../domain/catalog-target.js';
import { BadInputError } from '../domain/errors.js';
import { type Block, plural, strong } from '../domain/message.js';
import type { ProcessorRuns } from '../domain/run-summary.js';
import { defineCommand } from './command.js';
import type { CommandPorts } from './command-context.js';
import { queryContext } from './query-context.js';
import { describeTarget, parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';
import { followUps } from './status.js';

export interface RunsData {
  range: { start: string; end: string };
  label: string;
  filter: string | null;
  /** `--started last Nh|Nd`: only runs started at or after this instant (ISO 8601); null when not given. */
  startedSince: string | null;
  processors: ProcessorRuns[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

/** `--started <window>`: runs whose started_at falls in the window, next to the data-date range. */
export interface StartedWindow {
  /** As typed, for headers: "last 24h". */
  label: string;
  since: string;
}

interface RunsArgs extends RangeAndTarget {
  started: StartedWindow | null;
}

/** runs' own flag; it travels as a word, in Slack and in the CLI alike. */
export const RUNS_STARTED_FLAG = '--started';
const STARTED_LIMITS = { h: { max: 720, ms: 3_600_000 }, d: { max: 90, ms: 86_400_000 } } as const;
const STARTED_HINT =
  'Accepted: --started last Nh (N 1..720) or --started last Nd (N 1..90), e.g. runs last 7d --started last 24h';

/** Takes `--started last Nh|Nd` out of the words; the window ends now. */
export function parseStarted(
  args: string[],
  ports: Pick<CommandPorts, 'clock'>,
): { started: StartedWindow | null; rest: string[] } {
  const at = args.indexOf(RUNS_STARTED_FLAG);
  if (at < 0) return { started: null, rest: args };
  const words = args.slice(at + 1, at + 3);
  const match = words[0] === 'last' ? /^(\d+)([hd])$/.exec(words[1] ?? '') : null;
  const unit = match?.[2] as keyof typeof STARTED_LIMITS | undefined;
  const n = Number(match?.[1]);
  if (!unit || n < 1 || n > STARTED_LIMITS[unit].max) {
    const typed = words.filter((w) => !w.startsWith('--')).join(' ');
    throw new BadInputError(`--started takes a window, not "${typed}"`, STARTED_HINT);
  }
  const rest = [...args.slice(0, at), ...args.slice(at + 3)];
  if (rest.includes(RUNS_STARTED_FLAG)) throw new BadInputError('--started is given twice', STARTED_HINT);
  const since = new Date(ports.clock.now().getTime() - n * STARTED_LIMITS[unit].ms).toISOString();
  return { started: { label: `last ${n}${unit}`, since }, rest };
}

export const runsCommand = defineCommand({
  name: 'runs',
  group: 'look',
  usage: 'runs [range] [phase|processor] [--started last Nh|Nd]',
  summary: 'Runs per processor by status and the latest date each reached (the seeds’ progress monitor).',
  example: 'runs last 7d precompute',
  parse(args, ports): RunsArgs {
    const { started, rest } = parseStarted(args, ports);
    const example = 'runs last 7d precompute --started last 24h';
    return { ...parseRangeAndTarget(rest, ports, ['phase', 'processor'], 'runs', example), started };
  },
  async run({ range, target, started }, ports) {
    const { catalog, warehouse } = ports;
    const { value: processors, stats } = await warehouse.runSummary(
      range,
      targetProcessors(catalog, target),
      'runs',
      started ? { startedSince: started.since } : {},
    );
    const query = { warehouse: warehouse.kind, ...stats };
    const filter = describeTarget(target);
    const data: RunsData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      filter,
      startedSince: started?.since ?? null,
      processors,
      query,
    };
    const scope = [range.label, filter, started ? `started ${started.label}` : null];
    const failed = processors.reduce((sum, p) => sum + p.failed, 0);
    const blocks: Block[] = [
      { kind: 'header', text: `Runs · ${scope.filter((part) => part !== null).join(' · ')}` },
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
        : {
            kind: 'text',
            text: [
              strong('No runs'),
              started ? ` started in the ${started.label} in this range.` : ' in this range.',
            ],
          },
      { kind: 'context', text: queryContext(range, query) },
      { kind: 'actions', actions: followUps(range, 'runs') },
    ];
    const when = started ? ` (started in the ${started.label})` : '';
    const summary = `${plural(processors.length, 'processor')} ran in ${range.label}${when}; ${plural(failed, 'failed run')}`;
    return { data, message: { summary, tone: failed ? 'warn' : 'good', blocks } };
  },
});
