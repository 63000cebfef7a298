import type { DuckDBConnection } from '@duckdb/node-api';
import { BigqueryError, invalidQuery } from '../bigquery-error.js';
import { bigqueryType, duckdbDdlType } from '../warehouse/bigquery-types.js';
import type { DuckdbSession } from '../warehouse/duckdb-session.js';
import type { DmlStatement } from './parse-dml.js';
import type { DmlJob, Translated } from './translate-dml.js';

/**
 * BigQuery's rule for transactions: two that mutate (UPDATE, MERGE) one table cannot both commit; the
 * one that started before the other's commit is aborted. Jobs here run one at a time, so "started" is
 * the job's submission: each table remembers the sequence number of its last committed mutation.
 */
export class MutationClock {
  private seq = 0;
  private readonly last = new Map<string, number>();

  now(): number {
    return this.seq;
  }

  changedSince(table: string, snapshot: number): boolean {
    return (this.last.get(table) ?? 0) > snapshot;
  }

  mutated(tables: Iterable<string>): void {
    this.seq += 1;
    for (const t of tables) this.last.set(t, this.seq);
  }
}

const mutates = (s: DmlStatement): boolean => s.kind === 'update' || s.kind === 'merge';

/** Runs a prepared script in one DuckDB transaction; returns the rows the DML statements changed. */
export async function runDml(
  session: DuckdbSession,
  clock: MutationClock,
  job: DmlJob,
  script: Translated[],
): Promise<number> {
  return session.exclusive(async (connection: DuckDBConnection) => {
    const transaction = script[0]?.statement.kind === 'begin';
    const mutated = new Set(
      script.filter((s) => s.info && mutates(s.statement)).map((s) => s.info?.duckdbName ?? ''),
    );
    if (transaction) {
      for (const s of script) {
        if (!s.info || !mutates(s.statement) || !clock.changedSince(s.info.duckdbName, job.snapshot))
          continue;
        throw invalidQuery(
          `Transaction is aborted due to concurrent update against table ${job.project}:${s.info.dataset}.${s.info.table}. Transaction ID: ${job.jobId}`,
        );
      }
    }
    let changed = 0;
    let lastCount = 0;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const s of script) {
        const { statement } = s;
        if (statement.kind === 'assert') {
          if (lastCount !== statement.rowCount) throw invalidQuery(statement.description);
          continue;
        }
        if (statement.kind === 'rollback') {
          await connection.run('ROLLBACK');
          return 0;
        }
        if (!s.info) continue;
        const reader = await connection.runAndReadAll(s.sql, s.bindings.values, s.bindings.types);
        lastCount = reader.rowsChanged;
        changed += lastCount;
      }
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => {});
      if (error instanceof BigqueryError) throw error;
      throw invalidQuery(
        `stand-in: DuckDB rejected the translated DML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
      );
    }
    if (mutated.size > 0) clock.mutated(mutated);
    for (const s of script) {
      if (!s.info) continue;
      job.catalog.forgetPartitions(s.info.dataset);
      const { statement, info } = s;
      // After the commit, so queries see the column only once the table has it (tables.get too).
      if (statement.kind === 'alter' && !info.columns.some((c) => c.name === statement.column)) {
        const ddl = duckdbDdlType(statement.type) ?? '';
        info.columns.push({ name: statement.column, type: bigqueryType(ddl, statement.column) });
      }
    }
    return changed;
  });
}
