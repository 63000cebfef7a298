import { evaluateCoverage, type PhaseCoverage, type TableCoverage } from '../domain/coverage.js';
import { BadInputError } from '../domain/errors.js';
import { type Action, type Block, followUp, strong } from '../domain/message.js';
import { type NamedRange, parseRange } from '../domain/range-parser.js';
import { statusVerdict, type Verdict } from '../domain/status-verdict.js';
import { defineCommand } from './command.js';
import { rangeContext } from './command-context.js';
import { coverageBars } from './coverage-blocks.js';
import { explainCoverage } from './explain-coverage.js';
import { queryContext } from './query-context.js';

export interface StatusData {
  range: { start: string; end: string };
  label: string;
  expected: number;
  verdict: Verdict;
  summary: string;
  nextStep: string;
  phases: Omit<PhaseCoverage, 'tables'>[];
  tables: TableCoverage[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

/** How a follow-up names the range: a season by its id (it reads better), anything else by its dates. */
export const rangeArg = (range: NamedRange): string => {
  const season = /^season (\d{4}-\d{2})$/.exec(range.label)?.[1];
  return season ?? `${range.start}..${range.end}`;
};

/** The usual next questions about a range, without the command that was just answered. */
export function followUps(range: NamedRange, except: string): Action[] {
  const all: [label: string, words: string][] = [
    ['Status', `status ${rangeArg(range)}`],
    ['Show gaps', `gaps ${rangeArg(range)}`],
    ['Failures', `failures ${rangeArg(range)}`],
    ['Plan', `plan ${range.start} ${range.end}`],
    ['Quality', `quality ${rangeArg(range)}`],
  ];
  return all
    .filter(([, words]) => !words.startsWith(`${except} `))
    .map(([label, words]) => followUp(label, words));
}

export const statusCommand = defineCommand({
  name: 'status',
  group: 'look',
  usage: 'status [range]',
  summary: 'Coverage per phase and table: expected dates, present dates, %, verdict.',
  example: 'status 2023-24',
  parse(args, ports): { range: NamedRange } {
    const { range, rest } = parseRange(args, rangeContext(ports));
    if (rest.length)
      throw new BadInputError(
        `status takes only a range, not "${rest.join(' ')}"`,
        'Example: status 2023-24',
      );
    return { range };
  },
  explain: ({ range }, ports) => explainCoverage('status', range, ports.catalog.tables, ports),
  async run({ range }, ports) {
    const { catalog, warehouse } = ports;
    const { value: facts, stats } = await warehouse.coverage(range, catalog.tables, 'status');
    const phases = evaluateCoverage(catalog, facts, range);
    const verdict = statusVerdict(catalog, phases, facts.expected.length);
    const data: StatusData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      expected: facts.expected.length,
      ...verdict,
      phases: phases.map(({ tables: _, ...phase }) => phase),
      tables: phases.flatMap((p) => p.tables),
      query: { warehouse: warehouse.kind, ...stats },
    };
    const tone = verdict.verdict === 'incomplete' ? 'warn' : 'good';
    const blocks: Block[] = [
      { kind: 'header', text: `Backfill status · ${range.label}` },
      { kind: 'text', text: [strong(verdict.summary)], tone },
      {
        kind: 'facts',
        facts: [
          { label: 'Range', value: `${range.start} → ${range.end}` },
          { label: 'Expected dates', value: `${facts.expected.length} (final games in the schedule)` },
        ],
      },
      { kind: 'bars', bars: coverageBars(phases) },
      { kind: 'text', text: verdict.nextStep },
      { kind: 'context', text: queryContext(range, data.query) },
      { kind: 'actions', actions: followUps(range, 'status') },
    ];
    return { data, message: { summary: `${range.label}: ${verdict.summary}`, tone, blocks } };
  },
});
