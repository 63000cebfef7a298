import type { Catalog } from '../config/catalog-schema.js';
import { targetProcessors } from '../domain/catalog-target.js';
import { compactDates, formatRuns } from '../domain/compact-dates.js';
import { type FailureGroup, groupFailures } from '../domain/failures.js';
import {
  type Action,
  type Block,
  BREAK,
  code,
  em,
  followUp,
  plural,
  type Span,
  strong,
} from '../domain/message.js';
import { bootstrapDates } from '../domain/seasons.js';
import { defineCommand } from './command.js';
import { queryContext } from './query-context.js';
import { describeTarget, parseRangeAndTarget, type RangeAndTarget } from './range-and-target.js';
import { followUps, rangeArg } from './status.js';

export interface FailuresData {
  range: { start: string; end: string };
  label: string;
  filter: string | null;
  totals: { runs: number; groups: number; openDates: number; resolvedDates: number };
  groups: FailureGroup[];
  query: { warehouse: string; roundTrips: number; millis: number };
}

/** Distinct (processor, date) pairs, so a date failing in two groups of one processor counts once. */
const countPairs = (groups: FailureGroup[], pick: (g: FailureGroup) => string[]) =>
  new Set(groups.flatMap((g) => pick(g).map((d) => `${g.processor}|${d}`))).size;

function groupBlock(g: FailureGroup): Block {
  const open = g.openDates.length
    ? `open ${g.openDates.length}: ${formatRuns(compactDates(g.openDates), 4)}`
    : 'none open';
  const resolved = g.resolvedDates.length ? ` · resolved ${g.resolvedDates.length}` : '';
  const expected = g.expectedEarlySeason ? ' (expected early season)' : '';
  const deps: Span[] = g.missingDependencies.length
    ? [BREAK, `Missing upstream: ${g.missingDependencies.join(', ')}`]
    : [];
  return {
    kind: 'text',
    tone: g.openDates.length === 0 ? 'good' : g.expectedEarlySeason ? 'neutral' : 'bad',
    text: [
      strong(g.processor),
      ` · ${g.class}${expected} · ${plural(g.runs, 'failed run')}`,
      BREAK,
      `${open}${resolved}`,
      BREAK,
      code(g.errorPreview),
      ...deps,
      BREAK,
      em(g.advice),
    ],
  };
}

/**
 * A Re-run button per group with open failures: it asks for the plan of that processor's open
 * failures over the group's dates. Early-season failures on bootstrap days are the pipeline working
 * as designed: a group with only those gets none.
 */
function rerunButtons(open: FailureGroup[], catalog: Catalog): Action[] {
  return open.flatMap((g) => {
    const expected = g.expectedEarlySeason
      ? bootstrapDates(g.openDates, catalog.seasons, catalog.bootstrapDays)
      : new Set();
    const dates = g.openDates.filter((d) => !expected.has(d)).sort();
    const [first, last] = [dates[0], dates.at(-1)];
    if (!first || !last) return [];
    return [
      followUp(
        `Re-run ${g.processor} (${plural(dates.length, 'date')})`,
        `rerun failed ${first}..${last} ${g.processor}`,
      ),
    ];
  });
}

export const failuresCommand = defineCommand({
  name: 'failures',
  group: 'look',
  usage: 'failures [range] [phase|processor]',
  summary: 'Failed runs grouped by processor, class and error signature; open apart from resolved.',
  example: 'failures 2022-23 precompute',
  parse(args, ports): RangeAndTarget {
    return parseRangeAndTarget(
      args,
      ports,
      ['phase', 'processor'],
      'failures',
      'failures 2022-23 PlayerCompositeFactorsProcessor',
    );
  },
  async run({ range, target }, ports) {
    const { catalog, warehouse } = ports;
    const processors = targetProcessors(catalog, target);
    const { value: runs, stats } = await warehouse.failedRuns(range, processors, 'failures');
    const groups = groupFailures(runs, catalog.failureClasses, catalog.runHistory.statuses.success);
    const totals = {
      runs: runs.length,
      groups: groups.length,
      openDates: countPairs(groups, (g) => g.openDates),
      resolvedDates: countPairs(groups, (g) => g.resolvedDates),
    };
    const filter = describeTarget(target);
    const query = { warehouse: warehouse.kind, ...stats };
    const data: FailuresData = {
      range: { start: range.start, end: range.end },
      label: range.label,
      filter,
      totals,
      groups,
      query,
    };
    const open = groups.filter((g) => g.openDates.length > 0);
    const resolved = groups.filter((g) => g.openDates.length === 0);
    const summary = runs.length
      ? `${totals.openDates} open and ${totals.resolvedDates} resolved failed processor-dates in ${plural(groups.length, 'group')}`
      : 'No failed runs in this range';
    const tone = open.length ? 'bad' : 'good';
    const verdict: Span[] = !runs.length
      ? [strong('No failed runs'), ' in this range.']
      : open.length
        ? [
            strong('Open failures:'),
            ` ${plural(totals.openDates, 'processor-date')} still failing · ${totals.resolvedDates} resolved · ${plural(groups.length, 'group')}`,
          ]
        : [
            strong('No open failures:'),
            ` all ${plural(totals.resolvedDates, 'failed processor-date')} resolved by a later run`,
          ];
    const blocks: Block[] = [
      { kind: 'header', text: `Failures · ${range.label}${filter ? ` · ${filter}` : ''}` },
      { kind: 'text', text: verdict, tone },
      {
        kind: 'facts',
        facts: [
          { label: 'Open (latest run failed)', value: String(totals.openDates) },
          { label: 'Resolved (a later run succeeded)', value: String(totals.resolvedDates) },
          { label: 'Failed runs', value: String(totals.runs) },
        ],
      },
    ];
    if (open.length) blocks.push({ kind: 'text', text: [strong('Open')] }, ...open.map(groupBlock));
    if (resolved.length)
      blocks.push(
        { kind: 'divider' },
        { kind: 'text', text: [strong('Resolved')] },
        ...resolved.map(groupBlock),
      );
    blocks.push(
      { kind: 'context', text: queryContext(range, query) },
      {
        kind: 'actions',
        actions: [
          ...rerunButtons(open, catalog),
          ...followUps(range, 'failures').filter((a) => a.label !== 'Plan'),
          followUp('Gaps for phase 4', `gaps ${rangeArg(range)} 4`),
        ],
      },
    );
    return { data, message: { summary, tone, blocks } };
  },
});
