import { BigqueryError } from '../bigquery-error.js';
import { jobTimedOut } from '../fault-plan.js';
import { duckdbRejected } from '../query/duckdb-rejected.js';
import type { ByteEstimate } from '../query/estimate-bytes.js';
import type { PreparedQuery } from '../query/prepare-query.js';
import { type ResultSet, readResultSet } from '../query/result-set.js';
import type { DuckdbSession } from '../warehouse/duckdb-session.js';

export interface Job {
  id: string;
  projectId: string;
  location: string;
  /** The request's configuration, echoed by jobs.insert and jobs.get. */
  configuration: Record<string, unknown>;
  dryRun: boolean;
  jobTimeoutMs: number | null;
  createdMs: number;
  startedMs: number;
  endedMs: number | null;
  state: 'RUNNING' | 'DONE';
  bytes: ByteEstimate;
  result: ResultSet | null;
  error: BigqueryError | null;
  /** SELECT, or the DML statement type (SCRIPT for a transaction), as statistics.query reports it. */
  statementType: string;
  /** Rows a single DML statement changed (numDmlAffectedRows); null for SELECT and scripts. */
  dmlAffectedRows: number | null;
  done: Promise<void>;
  finish(outcome: { result: ResultSet } | { error: BigqueryError }): void;
}

let counter = 0;
/** Job ids shaped like BigQuery's generated ones. */
export const newJobId = (): string => `job_standin_${Date.now().toString(36)}_${(counter++).toString(36)}`;

/** Jobs by id, running on the shared DuckDB session with the stand-in's artificial delay. */
export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly session: DuckdbSession) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  create(
    fields: Pick<Job, 'id' | 'projectId' | 'location' | 'configuration' | 'dryRun' | 'jobTimeoutMs'>,
  ): Job {
    let resolve: () => void = () => {};
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const now = Date.now();
    const job: Job = {
      ...fields,
      createdMs: now,
      startedMs: now,
      endedMs: null,
      state: 'RUNNING',
      bytes: { processed: 0, billed: 0 },
      result: null,
      error: null,
      statementType: 'SELECT',
      dmlAffectedRows: null,
      done,
      finish(outcome) {
        // The first outcome wins: a job stopped by its timeout stays stopped when the query returns.
        if (job.state === 'DONE') return;
        job.state = 'DONE';
        job.endedMs = Date.now();
        if ('result' in outcome) job.result = outcome.result;
        else job.error = outcome.error;
        resolve();
      },
    };
    this.jobs.set(job.id, job);
    return job;
  }

  private after(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  /** Runs a prepared query after `delayMs`; past jobTimeoutMs the job ends `stopped`, like BigQuery's. */
  run(job: Job, prepared: PreparedQuery, delayMs: number): void {
    job.bytes = prepared.bytes;
    this.runWork(job, delayMs, async () =>
      readResultSet(await this.session.read(prepared.duckdbSql, prepared.bindings)),
    );
  }

  /** Runs any job's work after `delayMs`, under the same jobTimeoutMs; a failure ends the job with it. */
  runWork(job: Job, delayMs: number, work: () => Promise<ResultSet>): void {
    if (job.jobTimeoutMs !== null) {
      const limit = job.jobTimeoutMs;
      this.after(limit, () => job.finish({ error: jobTimedOut(limit) }));
    }
    this.after(delayMs, () => {
      if (job.state === 'DONE') return;
      work().then(
        (result) => job.finish({ result }),
        (error: unknown) => job.finish({ error: duckdbRejected(error) }),
      );
    });
  }

  /** Resolves when the job is done or `ms` have passed, whichever comes first. */
  async waitFor(job: Job, ms: number): Promise<void> {
    if (job.state === 'DONE' || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job.done, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Ends a job with an error just after the current request answers (it is seen RUNNING first). */
  stopSoon(job: Job, error: BigqueryError): void {
    this.after(0, () => job.finish({ error }));
  }

  cancel(job: Job): void {
    job.finish({
      error: new BigqueryError('stopped', 'Job execution was cancelled: User requested cancellation'),
    });
  }

  /** Ends every running job and timer, so nothing keeps a closed stand-in's process alive. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const job of this.jobs.values()) {
      job.finish({ error: new BigqueryError('backendError', 'stand-in: closed while the job ran') });
    }
  }
}
