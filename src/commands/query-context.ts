import type { DateRange } from '../domain/dates.js';

/** The context line under an answer: which range, which warehouse, what it cost. */
export function queryContext(
  range: DateRange,
  query: { warehouse: string; roundTrips: number; millis: number },
): string {
  const trips = `${query.roundTrips} ${query.roundTrips === 1 ? 'query' : 'queries'}`;
  return `${range.start}..${range.end} · ${query.warehouse} · ${trips} · ${Math.round(query.millis)} ms`;
}
