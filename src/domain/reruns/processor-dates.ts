import type { IsoDate } from '../dates.js';

/** Processor -> the dates it runs (or is stale on): the working set of a plan. */
export type ProcessorDates = Map<string, Set<IsoDate>>;

/** Adds a processor-date; true when it was not there yet. */
export function addDate(set: ProcessorDates, processor: string, date: IsoDate): boolean {
  const dates = set.get(processor) ?? new Set<IsoDate>();
  set.set(processor, dates);
  if (dates.has(date)) return false;
  dates.add(date);
  return true;
}

export const hasDate = (set: ProcessorDates, processor: string, date: IsoDate): boolean =>
  set.get(processor)?.has(date) ?? false;

/** The processor's dates, ascending (none when it has none). */
export const datesOf = (set: ProcessorDates, processor: string): IsoDate[] =>
  [...(set.get(processor) ?? [])].sort();
