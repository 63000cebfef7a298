import type { IsoDate } from '../domain/dates.js';
import { canonicalJson } from '../domain/gates/canonical-json.js';
import type { RerunPlan } from '../domain/reruns/rerun-plan.js';
import type { RerunRequest, RerunState } from './state-store.js';
import { type Params, type Row, text, textOrNull } from './store-rows.js';

// Re-run requests as both adapters store them: the plan as canonical JSON text (it reads back as
// written), its first and last message date as DATE columns (a range filter compares those, never
// the JSON), the override as two columns, times as ISO text. `seq` is the adapters' own (a sequence on
// DuckDB, a sortable id on BigQuery): it orders requests made at one store-clock time.
export const RERUN_COLUMNS =
  'id, version, state, requested_by, requested_by_handle, requested_at, channel, words, plan, plan_start, plan_end, override_by, override_reason, approved_by, confirmed_by, confirmed_at, released_steps, done_at';

/** The earliest and latest date any of the plan's messages runs; nulls for a plan with none. */
export function planSpan(plan: RerunPlan): { start: IsoDate | null; end: IsoDate | null } {
  const dates = plan.messages.flatMap((m) => m.dates).sort();
  return { start: dates[0] ?? null, end: dates.at(-1) ?? null };
}

/** What updateRerun may change: the compare-and-set writes these, and only these. */
export const rerunChangeParams = (r: RerunRequest): Params => ({
  version: r.version,
  state: r.state,
  override_by: r.override?.by ?? null,
  override_reason: r.override?.reason ?? null,
  approved_by: r.approvedBy,
  confirmed_by: r.confirmedBy,
  confirmed_at: r.confirmedAt,
  released_steps: r.releasedSteps,
  done_at: r.doneAt,
});

/** A whole row but its seq. */
export function rerunParams(r: RerunRequest): Params {
  const span = planSpan(r.plan);
  return {
    id: r.id,
    requested_by: r.requestedBy,
    requested_by_handle: r.requestedByHandle,
    requested_at: r.requestedAt,
    channel: r.channel,
    words: r.words,
    plan: canonicalJson(r.plan),
    plan_start: span.start,
    plan_end: span.end,
    ...rerunChangeParams(r),
  };
}

export function toRerun(row: Row): RerunRequest {
  const by = textOrNull(row, 'override_by');
  return {
    id: text(row, 'id'),
    version: Number(row.version),
    state: text(row, 'state') as RerunState,
    requestedBy: text(row, 'requested_by'),
    requestedByHandle: textOrNull(row, 'requested_by_handle'),
    requestedAt: text(row, 'requested_at'),
    channel: text(row, 'channel'),
    words: text(row, 'words'),
    plan: JSON.parse(text(row, 'plan')) as RerunPlan,
    override: by === null ? null : { by, reason: text(row, 'override_reason') },
    approvedBy: textOrNull(row, 'approved_by'),
    confirmedBy: textOrNull(row, 'confirmed_by'),
    confirmedAt: textOrNull(row, 'confirmed_at'),
    releasedSteps: Number(row.released_steps),
    doneAt: textOrNull(row, 'done_at'),
  };
}
