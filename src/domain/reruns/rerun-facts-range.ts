import type { Catalog } from '../../config/catalog-schema.js';
import type { DateRange } from '../dates.js';
import { BadInputError } from '../errors.js';
import { planRanges, staleWindow } from '../lookback.js';
import type { RerunAsk } from './rerun-plan.js';

/**
 * The range the caller reads RerunFacts over: the asked dates widened by the lookback window before
 * (the upstream history the first date reads) and after (the downstream dates the last one makes stale).
 */
export function rerunFactsRange(catalog: Catalog, ask: RerunAsk): DateRange {
  const dates = Object.values(ask.dates).flat().sort();
  const [first, last] = [dates[0], dates[dates.length - 1]];
  if (first === undefined || last === undefined)
    throw new BadInputError('nothing to re-run: no dates were asked', 'Name a processor and its dates.');
  return {
    start: planRanges({ start: first, end: last }, catalog.lookbackDays).upstream.start,
    end: staleWindow(last, catalog.lookbackDays).end,
  };
}
