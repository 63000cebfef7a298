import type { DuckDBConnection } from '@duckdb/node-api';
import { BigqueryError, invalidQuery, unsupported } from '../bigquery-error.js';
import type { QueryParam } from '../query/query-parameters.js';
import { quoteIdent } from '../sql/to-duckdb.js';
import type { Bindings, DuckdbSession } from '../warehouse/duckdb-session.js';
import { MEMORY_CATALOG } from '../warehouse/duckdb-session.js';
import type { TableCatalog } from '../warehouse/table-catalog.js';
import type { TableInfo } from '../warehouse/table-info.js';
import { type DmlStatement, parseDml, splitScript } from './parse-dml.js';

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

export interface DmlJob {
  sql: string;
  params: Map<string, QueryParam>;
  catalog: TableCatalog;
  project: string;
  location: string;
  /** MutationClock.now() when the job was submitted. */
  snapshot: number;
  jobId: string;
}

interface Translated {
  statement: DmlStatement;
  info: TableInfo | null;
  sql: string;
  bindings: Bindings;
}

export const isDml = (sql: string): boolean =>
  /^\s*(BEGIN|COMMIT|ROLLBACK|INSERT|UPDATE|MERGE|ASSERT)\b/i.test(sql.replace(/^(\s*--[^\n]*\n)+/, ''));

/** Parses and resolves the whole script before anything runs: a refusal changes nothing. */
export function prepareDml(job: DmlJob): Translated[] {
  const statements = splitScript(job.sql).map(parseDml);
  const first = statements[0]?.kind;
  const last = statements[statements.length - 1]?.kind;
  if (first === 'begin') {
    if (last !== 'commit' && last !== 'rollback')
      throw invalidQuery('Transaction is not committed or rolled back at the end of the script');
    const inner = statements.slice(1, -1);
    if (inner.some((s) => ['begin', 'commit', 'rollback'].includes(s.kind)))
      throw unsupported('nested or partial transactions');
  } else if (
    statements.length !== 1 ||
    statements[0]?.kind === 'assert' ||
    first === 'commit' ||
    first === 'rollback'
  ) {
    throw unsupported(
      'script without BEGIN TRANSACTION ... COMMIT TRANSACTION (one DML statement, or one transaction)',
    );
  }
  return statements.map((s) => translate(s, job));
}

function resolveTable(ref: string, job: DmlJob): TableInfo {
  const parts = ref.split('.');
  if (parts.length !== 3)
    throw unsupported(`unqualified table name \`${ref}\` (our SQL names \`project.dataset.table\`)`);
  const [project = '', dataset = '', table = ''] = parts;
  const info = job.catalog.table(project, dataset, table, job.location);
  if (!info.duckdbName.startsWith(quoteIdent(MEMORY_CATALOG))) {
    throw unsupported(`statement writing ${ref} (the served warehouse file is read-only)`);
  }
  return info;
}

function translate(statement: DmlStatement, job: DmlJob): Translated {
  if (!('table' in statement)) {
    return { statement, info: null, sql: '', bindings: { values: {}, types: {} } };
  }
  const info = resolveTable(statement.table, job);
  const bindings: Bindings = { values: {}, types: {} };
  const column = (name: string): string => {
    if (!info.columns.some((c) => c.name === name)) throw invalidQuery(`Unrecognized name: ${name}`);
    return quoteIdent(name);
  };
  const value = (v: string): string => {
    if (v.toUpperCase() === 'NULL') return 'NULL';
    const name = v.slice(1);
    const p = job.params.get(name);
    if (!p) throw invalidQuery(`Query parameter '${name}' not found`);
    bindings.values[name] = p.duckdb.value;
    bindings.types[name] = p.duckdb.type;
    return `CAST($${name} AS ${p.duckdb.cast})`;
  };
  const t = info.duckdbName;
  if (statement.kind === 'insert') {
    const sql = `INSERT INTO ${t} (${statement.columns.map(column).join(', ')}) VALUES (${statement.values.map(value).join(', ')})`;
    return { statement, info, sql, bindings };
  }
  if (statement.kind === 'update') {
    const set = statement.set.map((s) =>
      s.value.startsWith('@')
        ? `${column(s.column)} = ${value(s.value)}`
        : `${column(s.column)} = ${column(s.column)} + 1`,
    );
    const where = statement.where.map((w) => `${column(w.column)} = ${value(`@${w.param}`)}`);
    return {
      statement,
      info,
      sql: `UPDATE ${t} SET ${set.join(', ')} WHERE ${where.join(' AND ')}`,
      bindings,
    };
  }
  const { target, source } = statement;
  const items = statement.sourceItems.map((i) => `${value(`@${i.param}`)} AS ${quoteIdent(i.column)}`);
  // Names in ON must be the target's columns or the source's, as BigQuery resolves them.
  for (const m of statement.on.matchAll(/([A-Za-z_]\w*)\.([A-Za-z_]\w*)/g)) {
    const [, alias, name = ''] = m;
    if (alias === target) column(name);
    else if (!statement.sourceItems.some((i) => i.column === name))
      throw invalidQuery(`Unrecognized name: ${name}`);
  }
  const sql = `INSERT INTO ${t} (${statement.columns.map(column).join(', ')})
    SELECT ${statement.values.map(value).join(', ')} FROM (SELECT ${items.join(', ')}) AS ${quoteIdent(source)}
    WHERE NOT EXISTS (SELECT 1 FROM ${t} AS ${quoteIdent(target)} WHERE ${statement.on})`;
  return { statement, info, sql, bindings };
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
    for (const s of script) if (s.info) job.catalog.forgetPartitions(s.info.dataset);
    return changed;
  });
}
