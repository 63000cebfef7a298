import type { IsoDate } from '../dates.js';
import { staleWindow } from '../lookback.js';
import { addDate, hasDate, type ProcessorDates } from './processor-dates.js';
import { readsLookback } from './reads-lookback.js';
import type { RerunCalendar } from './rerun-calendar.js';
import type { RerunChain } from './rerun-chain.js';

interface Context {
  chain: RerunChain;
  calendar: RerunCalendar;
  lookbackDays: number;
}

/**
 * What re-running `processor` on `date` makes stale directly: the later stages of its phase on the
 * date, and the next phase on the date or, where the next phase reads this one over the lookback
 * window, on its expected dates whose window contains the date (staleWindow). Never a date the
 * downstream processor does not run on (no game, or a bootstrap day of a bootstrap phase).
 */
export function staleAfter(
  { chain, calendar, lookbackDays }: Context,
  processor: string,
  date: IsoDate,
): [string, IsoDate][] {
  const link = chain.linkOf(processor);
  const stale: [string, IsoDate][] = [];
  for (const later of chain.phaseLinks(link.phase).filter((l) => l.position > link.position))
    for (const p of later.processors) stale.push([p, date]);
  const next = chain.nextPhase(link.phase);
  if (next) {
    const dates = readsLookback(link.phase, next)
      ? calendar.expectedIn(next, staleWindow(date, lookbackDays))
      : calendar.skipReason(next, date) === null
        ? [date]
        : [];
    for (const l of chain.phaseLinks(next))
      for (const p of l.processors) for (const d of dates) stale.push([p, d]);
  }
  return stale;
}

/**
 * The processor-dates the planned ones make stale, beyond the planned ones themselves: one step down
 * from each (what is left stale when only the plan runs), or, when `transitive` (the plan includes
 * them), on down from every stale one too: a Phase 3 date makes Phase 4 stale, and that Phase 5.
 */
export function staleDownstream(
  context: Context,
  planned: ProcessorDates,
  transitive: boolean,
): ProcessorDates {
  const stale: ProcessorDates = new Map();
  // Processors of one link make the same processor-dates stale: work each link-date out once.
  const seen = new Set<string>();
  const queue: [string, IsoDate][] = [...planned].flatMap(([p, dates]) =>
    [...dates].map((d) => [p, d] as [string, IsoDate]),
  );
  for (let i = 0; i < queue.length; i++) {
    const [processor, date] = queue[i] as [string, IsoDate];
    const linkDate = `${context.chain.linkOf(processor).position}:${date}`;
    if (seen.has(linkDate)) continue;
    seen.add(linkDate);
    for (const [p, d] of staleAfter(context, processor, date)) {
      if (hasDate(planned, p, d) || !addDate(stale, p, d)) continue;
      if (transitive) queue.push([p, d]);
    }
  }
  return stale;
}
