import { BigqueryError, notFound } from './bigquery-error.js';
import { FaultPlan, jobTimedOut } from './fault-plan.js';
import { HoldPlan } from './hold-plan.js';
import { type Job, JobStore, newJobId } from './jobs/job-store.js';
import { prepareQuery } from './query/prepare-query.js';
import type { QuerySpec } from './query/query-spec.js';
import { MutationClock, runDml } from './script/run-dml.js';
import { isDml, prepareDml } from './script/translate-dml.js';
import type { BigqueryStandin, RecordedRequest } from './start-bigquery-standin.js';
import type { DuckdbSession } from './warehouse/duckdb-session.js';
import type { TableCatalog } from './warehouse/table-catalog.js';

type RecordedJob = BigqueryStandin['jobs'][number];

/** Everything the endpoints share: the data, the jobs, what was asked, and the faults to inject. */
export class StandinState {
  readonly requests: RecordedRequest[] = [];
  readonly recordedJobs: RecordedJob[] = [];
  readonly faults = new FaultPlan();
  readonly holds = new HoldPlan();
  readonly jobs: JobStore;
  queryDelayMs = 0;
  url = '';
  /** Which table a transaction last mutated, to abort the overlapping one as BigQuery does. */
  readonly mutations = new MutationClock();

  constructor(
    readonly project: string,
    readonly session: DuckdbSession,
    readonly catalog: TableCatalog,
    readonly slowQueryMs: number | null,
  ) {
    this.jobs = new JobStore(session);
  }

  checkProject(project: string): void {
    if (project !== this.project) throw notFound(`Project ${project} (the stand-in serves ${this.project})`);
  }

  /**
   * Creates a query job and starts it. A query that cannot run (a refusal, a 404, the byte limit)
   * ends the job at once with that error, as BigQuery's jobs do; the caller decides whether the
   * error travels as the HTTP answer (jobs.query, dry runs) or in the job's status (jobs.insert).
   */
  async submit(
    spec: QuerySpec,
    jobId: string | null,
    configuration: Record<string, unknown>,
    /** The `timeout` fault: the job is accepted, then stopped as if it ran past its time. */
    timesOut = false,
  ): Promise<Job> {
    // Before anything about the job exists: a held transaction's snapshot is taken on release.
    await this.holds.wait(spec.sql);
    const id = jobId ?? newJobId();
    if (this.jobs.get(id)) {
      throw new BigqueryError(
        'duplicate',
        `Already Exists: Job ${this.project}:${spec.location ?? 'US'}.${id}`,
      );
    }
    const jobTimeoutMs = spec.jobTimeoutMs === undefined ? null : Number(spec.jobTimeoutMs);
    const record: RecordedJob = {
      id,
      sql: spec.sql,
      params: Object.fromEntries(
        [...spec.params].map(([name, p]) => [name, { type: p.type, value: p.value }]),
      ),
      labels: spec.labels,
      ...(spec.maximumBytesBilled === undefined ? {} : { maximumBytesBilled: spec.maximumBytesBilled }),
      ...(spec.jobTimeoutMs === undefined ? {} : { jobTimeoutMs: spec.jobTimeoutMs }),
      ...(spec.location === undefined ? {} : { location: spec.location }),
      dryRun: spec.dryRun,
      totalBytesProcessed: 0,
    };
    this.recordedJobs.push(record);
    const job = this.jobs.create({
      id,
      projectId: this.project,
      location: spec.location ?? 'US',
      configuration,
      dryRun: spec.dryRun,
      jobTimeoutMs,
    });
    if (isDml(spec.sql)) {
      this.submitDml(spec, job, timesOut);
      return job;
    }
    try {
      const prepared = await prepareQuery(spec.sql, spec.params, this.catalog, this.session, job.location);
      record.totalBytesProcessed = prepared.bytes.processed;
      job.bytes = prepared.bytes;
      if (spec.dryRun) {
        job.finish({ result: { fields: prepared.fields, rows: [] } });
      } else if (
        spec.maximumBytesBilled !== undefined &&
        prepared.bytes.billed > Number(spec.maximumBytesBilled)
      ) {
        job.finish({
          error: new BigqueryError(
            'bytesBilledLimitExceeded',
            `Query exceeded limit for bytes billed: ${spec.maximumBytesBilled}. ${prepared.bytes.billed} or higher required.`,
          ),
        });
      } else if (timesOut) {
        this.jobs.stopSoon(job, jobTimedOut(jobTimeoutMs));
      } else {
        this.jobs.run(job, prepared, this.queryDelayMs);
      }
    } catch (error) {
      if (!(error instanceof BigqueryError)) throw error;
      job.finish({ error });
    }
    return job;
  }

  /** INSERT, UPDATE, MERGE or one transaction: parsed at submission (a refusal ends the job), run in turn. */
  private submitDml(spec: QuerySpec, job: Job, timesOut: boolean): void {
    const dml = {
      sql: spec.sql,
      params: spec.params,
      catalog: this.catalog,
      project: this.project,
      location: job.location,
      snapshot: this.mutations.now(),
      jobId: job.id,
    };
    try {
      const script = prepareDml(dml);
      const kind = script.length === 1 ? script[0]?.statement.kind : undefined;
      const single = kind === 'alter' ? 'ALTER_TABLE' : kind?.toUpperCase();
      job.statementType = single ?? 'SCRIPT';
      if (spec.dryRun) job.finish({ result: { fields: [], rows: [] } });
      else if (timesOut) this.jobs.stopSoon(job, jobTimedOut(job.jobTimeoutMs));
      else {
        this.jobs.runWork(job, this.queryDelayMs, async () => {
          const changed = await runDml(this.session, this.mutations, dml, script);
          // DDL reports no row count, as BigQuery's ALTER TABLE jobs do not.
          if (single && kind !== 'alter') job.dmlAffectedRows = changed;
          return { fields: [], rows: [] };
        });
      }
    } catch (error) {
      if (!(error instanceof BigqueryError)) throw error;
      job.finish({ error });
    }
  }
}
