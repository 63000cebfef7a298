import type { Catalog } from '../../config/catalog-schema.js';
import type { IsoDate } from '../dates.js';
import { missingUpstream } from './missing-upstream.js';
import { addDate, datesOf, type ProcessorDates } from './processor-dates.js';
import { rerunCalendar, type SkipReason } from './rerun-calendar.js';
import { rerunChain } from './rerun-chain.js';
import { rerunMessages } from './rerun-messages.js';
import type { RerunAsk, RerunFacts, RerunPlan, RerunStep } from './rerun-plan.js';
import { staleDownstream } from './stale-downstream.js';

const SKIP_REASONS: SkipReason[] = ['no-game', 'bootstrap'];

/**
 * The re-run plan for what was asked, from the catalog and the facts read over rerunFactsRange():
 * expected dates only, in chain order (phase by phase, stage by stage, each step after the one before),
 * checked against the upstream data each processor-date reads, with the downstream dates it makes
 * stale (joined to the plan with `withDownstream`), cut into queue messages, and held to the limits.
 */
export function planRerun(catalog: Catalog, ask: RerunAsk, facts: RerunFacts): RerunPlan {
  const chain = rerunChain(catalog);
  const calendar = rerunCalendar(catalog, facts.expected);
  const context = { chain, calendar, lookbackDays: catalog.lookbackDays };
  // A processor outside every phase is bad input (linkOf throws, naming the known ones).
  for (const processor of Object.keys(ask.dates)) chain.linkOf(processor);
  const order = chain.links.flatMap((link) => link.processors);

  const asked: ProcessorDates = new Map();
  const skipped: RerunPlan['skipped'] = [];
  for (const processor of order.filter((p) => p in ask.dates)) {
    const { phase } = chain.linkOf(processor);
    const dropped = new Map<SkipReason, Set<IsoDate>>();
    for (const date of ask.dates[processor] ?? []) {
      const why = calendar.skipReason(phase, date);
      if (why) dropped.set(why, (dropped.get(why) ?? new Set()).add(date));
      else addDate(asked, processor, date);
    }
    for (const why of SKIP_REASONS) {
      const dates = dropped.get(why);
      if (dates) skipped.push({ processor, dates: [...dates].sort(), why });
    }
  }

  const stale = staleDownstream(context, asked, ask.withDownstream);
  const planned: ProcessorDates = new Map();
  for (const source of ask.withDownstream ? [asked, stale] : [asked])
    for (const [processor, dates] of source) for (const date of dates) addDate(planned, processor, date);

  const steps: RerunStep[] = [];
  for (const link of chain.links) {
    const processors = Object.fromEntries(
      link.processors.filter((p) => planned.has(p)).map((p) => [p, datesOf(planned, p)]),
    );
    if (Object.keys(processors).length === 0) continue;
    steps.push({
      index: steps.length,
      phase: link.phase.id,
      processors,
      dependsOn: steps.length === 0 ? null : steps.length - 1,
    });
  }
  const processorDates = steps.reduce(
    (sum, step) => sum + Object.values(step.processors).reduce((n, dates) => n + dates.length, 0),
    0,
  );
  const missing = missingUpstream({ ...context, tables: catalog.tables, present: facts.present }, planned);

  return {
    steps,
    messages: rerunMessages(steps, chain, calendar, catalog.reruns.batchDates),
    skipped,
    missingUpstream: missing,
    downstream: order
      .filter((p) => stale.has(p))
      .map((p) => ({
        processor: p,
        phase: chain.linkOf(p).phase.id,
        dates: datesOf(stale, p),
        included: ask.withDownstream,
      })),
    processorDates,
    needsApproval: processorDates > catalog.reruns.maxDatesPerRequest,
    refused: missing.length > 0 && !ask.override,
  };
}
