import type { RerunRequest } from '../store/state-store.js';
import type { LatestRun } from '../warehouse/warehouse.js';
import type { StalledBackfill } from './report-data.js';

/**
 * Which running re-runs (confirmed, not every processor-date done) have made no progress: no run of
 * their processors on their dates started in the last `hours`. The clock starts at the confirmation,
 * so a request confirmed an hour ago is not stalled yet. A date is done with a successful run started
 * since the confirmation.
 */
export function stalledBackfills(
  reruns: RerunRequest[],
  latest: LatestRun[],
  now: Date,
  hours: number,
  success: string,
): { inProgress: number; stalled: StalledBackfill[] } {
  const byPair = new Map(latest.map((r) => [`${r.processor}|${r.date}`, r]));
  const cutoff = now.getTime() - hours * 3_600_000;
  let inProgress = 0;
  const stalled: StalledBackfill[] = [];
  for (const request of reruns) {
    const confirmedAt = request.confirmedAt ?? request.requestedAt;
    const pairs = request.plan.messages.flatMap((m) => m.dates.map((d) => `${m.processor}|${d}`));
    const since = pairs
      .map((key) => byPair.get(key))
      .filter(
        (run): run is LatestRun => run !== undefined && Date.parse(run.startedAt) >= Date.parse(confirmedAt),
      );
    const done = since.filter((run) => run.status === success).length;
    if (done === pairs.length) continue;
    inProgress++;
    const lastRunAt =
      since
        .map((run) => run.startedAt)
        .sort()
        .at(-1) ?? null;
    if (Date.parse(lastRunAt ?? confirmedAt) >= cutoff) continue;
    stalled.push({
      id: request.id,
      requestedBy: request.requestedBy,
      words: request.words,
      confirmedAt,
      lastRunAt,
      doneDates: done,
      totalDates: pairs.length,
    });
  }
  return { inProgress, stalled };
}
