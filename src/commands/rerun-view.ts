import type { Catalog } from '../config/catalog-schema.js';
import type { IsoDate } from '../domain/dates.js';
import type { RerunMessage } from '../domain/reruns/rerun-plan.js';
import type { OutboxRow, RerunRequest, StateStore } from '../store/state-store.js';
import type { Warehouse } from '../warehouse/warehouse.js';

// Where a confirmed re-run stands: each message's publishing state from the outbox, and each date's
// fate from the run history since the confirmation. One function for `rerun status`, the request's
// thread in Slack, and the advancer that releases the next chain step.

export type MessageState = 'waiting' | 'pending' | 'retrying' | 'published' | 'failed';
export type DateState = 'done' | 'failed-again' | 'not-run';

export interface MessageView extends RerunMessage {
  state: MessageState;
  messageId: string | null;
  error: string | null;
  attempts: number;
}

export interface StepView {
  index: number;
  released: boolean;
  /** Processor-dates of the step with a successful run since the confirmation, of all. */
  done: number;
  total: number;
  failedAgain: number;
}

export interface RerunView {
  messages: MessageView[];
  steps: StepView[];
  /** `${processor}|${date}` -> its fate since the confirmation. */
  dates: Map<string, DateState>;
  /** Every processor-date has a newer successful run. */
  done: boolean;
}

export const rerunQueueStream = (id: string) => `rerun:${id}:queue`;
export const rerunMessageKey = (id: string, messageId: string) => `rerun:${id}:msg:${messageId}`;

function messageState(message: RerunMessage, released: boolean, row: OutboxRow | undefined): MessageView {
  const base = { ...message, messageId: null, error: null, attempts: row?.attempts ?? 0 };
  if (!released) return { ...base, state: 'waiting' };
  // Released and not in the outbox yet: it is being written with the step that released it.
  if (!row) return { ...base, state: 'pending' };
  if (row.state === 'delivered') {
    const id = (row.result as { messageId?: string } | null)?.messageId ?? null;
    return { ...base, state: 'published', messageId: id };
  }
  if (row.state === 'failed') return { ...base, state: 'failed', error: row.lastError };
  return { ...base, state: row.lastError ? 'retrying' : 'pending', error: row.lastError };
}

/** Where a request stands, from its outbox rows and the latest run status per `${processor}|${date}`. */
export function viewOf(
  request: RerunRequest,
  rows: OutboxRow[],
  latest: Map<string, string>,
  statuses: { success: string; failed: string } = { success: 'success', failed: 'failed' },
): RerunView {
  const { plan } = request;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const dates = new Map<string, DateState>();
  for (const m of plan.messages)
    for (const d of m.dates) {
      const status = latest.get(`${m.processor}|${d}`);
      dates.set(
        `${m.processor}|${d}`,
        status === statuses.success ? 'done' : status === statuses.failed ? 'failed-again' : 'not-run',
      );
    }
  const messages = plan.messages.map((m) =>
    messageState(m, m.step < request.releasedSteps, byKey.get(rerunMessageKey(request.id, m.id))),
  );
  const steps = plan.steps.map((s) => {
    const keys = Object.entries(s.processors).flatMap(([p, ds]) => ds.map((d: IsoDate) => `${p}|${d}`));
    const fates = keys.map((k) => dates.get(k));
    return {
      index: s.index,
      released: s.index < request.releasedSteps,
      done: fates.filter((f) => f === 'done').length,
      total: keys.length,
      failedAgain: fates.filter((f) => f === 'failed-again').length,
    };
  });
  return { messages, steps, dates, done: steps.every((s) => s.done === s.total) };
}

/** Reads the request's outbox rows and its dates' runs since the confirmation (one warehouse round trip). */
export async function rerunView(
  request: RerunRequest,
  ports: { catalog: Catalog; store: StateStore; warehouse: Warehouse },
): Promise<{ view: RerunView; roundTrips: number }> {
  const rows = await ports.store.listOutbox({ stream: rerunQueueStream(request.id), limit: 1000 });
  const all = request.plan.messages.flatMap((m) => m.dates).sort();
  const processors = [...new Set(request.plan.messages.map((m) => m.processor))];
  const since = request.confirmedAt;
  const first = all[0];
  const last = all.at(-1);
  const runs =
    since && first && last
      ? await ports.warehouse.latestRuns({ start: first, end: last }, processors, since, 'rerun')
      : null;
  const latest = new Map((runs?.value ?? []).map((r) => [`${r.processor}|${r.date}`, r.status]));
  return {
    view: viewOf(request, rows, latest, ports.catalog.runHistory.statuses),
    roundTrips: runs ? runs.stats.roundTrips : 0,
  };
}
