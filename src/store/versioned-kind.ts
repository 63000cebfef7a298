import { applyRerunChange } from './apply-rerun-change.js';
import { applyWatchChange } from './apply-watch-change.js';
import { auditEntries } from './audit-entries.js';
import { buildRerunRequest } from './new-rerun-request.js';
import { buildWatch } from './new-watch.js';
import { rerunChangeParams, rerunParams } from './rerun-rows.js';
import type {
  AuditInput,
  NewRerunRequest,
  NewWatch,
  OutboxEffect,
  RerunChange,
  RerunRequest,
  Watch,
  WatchChange,
} from './state-store.js';
import { unknownRerunRequest, unknownWatch } from './store-error.js';
import type { Params } from './store-rows.js';
import { watchChangeParams, watchParams } from './watch-rows.js';

/**
 * A stored thing changed by compare-and-set on its `version` (a re-run request, a watch): what an
 * adapter needs to create it once by id and to change it only at the version the caller read, with
 * the change's outbox rows and its audit entry in the same step. Both adapters' create and change
 * are written once over this (duckdb-versioned.ts, bigquery-versioned.ts).
 */
export interface VersionedKind<
  T extends { id: string; version: number },
  New extends { id: string },
  Change,
> {
  table: 'rerun_requests' | 'watches';
  build(input: New, now: string): T;
  /** Every column, for the insert. */
  params(row: T): Params;
  /** The columns a change writes. */
  changeParams(row: T): Params;
  /** The row after `change`, for an adapter that found it at the change's version (pure). */
  apply(stored: T, change: Change): T;
  unknown(id: string, where: string): Error;
  createdAudit(input: New, created: boolean): AuditInput;
  changedAudit(audit: AuditInput, changed: boolean): AuditInput;
}

/** One compare-and-set change as the adapters take it, its input validated. */
export interface VersionedUpdate<T, Change extends { version: number }> {
  id: string;
  change: Change;
  audit: AuditInput;
  /** Called only when the change applies, with the row as changed. */
  effects: ((row: T) => OutboxEffect[]) | undefined;
}

export const RERUNS: VersionedKind<RerunRequest, NewRerunRequest, RerunChange> = {
  table: 'rerun_requests',
  build: buildRerunRequest,
  params: rerunParams,
  changeParams: rerunChangeParams,
  apply: applyRerunChange,
  unknown: unknownRerunRequest,
  createdAudit: auditEntries.rerunRequest,
  changedAudit: auditEntries.rerunUpdate,
};

export const WATCHES: VersionedKind<Watch, NewWatch, WatchChange> = {
  table: 'watches',
  build: buildWatch,
  params: watchParams,
  changeParams: watchChangeParams,
  apply: applyWatchChange,
  unknown: unknownWatch,
  createdAudit: auditEntries.watchStart,
  changedAudit: auditEntries.watchUpdate,
};
