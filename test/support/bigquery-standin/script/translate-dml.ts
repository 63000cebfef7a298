import { invalidQuery, unsupported } from '../bigquery-error.js';
import type { QueryParam } from '../query/query-parameters.js';
import { type DuckdbNames, exprToDuckdb, quoteIdent } from '../sql/to-duckdb.js';
import { walkExpr } from '../sql/walk-ast.js';
import { duckdbDdlType } from '../warehouse/bigquery-types.js';
import type { Bindings } from '../warehouse/duckdb-session.js';
import { MEMORY_CATALOG } from '../warehouse/duckdb-session.js';
import type { TableCatalog } from '../warehouse/table-catalog.js';
import type { TableInfo } from '../warehouse/table-info.js';
import { type DmlStatement, parseDml, splitScript } from './parse-dml.js';

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

export interface Translated {
  statement: DmlStatement;
  info: TableInfo | null;
  sql: string;
  bindings: Bindings;
}

export const isDml = (sql: string): boolean =>
  /^\s*(BEGIN|COMMIT|ROLLBACK|INSERT|UPDATE|MERGE|ASSERT|ALTER)\b/i.test(
    sql.replace(/^(\s*--[^\n]*\n)+/, ''),
  );

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
    // BigQuery runs no DDL on permanent tables inside a transaction.
    if (inner.some((s) => s.kind === 'alter')) throw unsupported('ALTER TABLE inside a transaction');
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
  const has = (name: string) => info.columns.some((c) => c.name === name);
  const column = (name: string): string => {
    if (!has(name)) throw invalidQuery(`Unrecognized name: ${name}`);
    return quoteIdent(name);
  };
  const param = (name: string): QueryParam => {
    const p = job.params.get(name);
    if (!p) throw invalidQuery(`Query parameter '${name}' not found`);
    bindings.values[name] = p.duckdb.value;
    bindings.types[name] = p.duckdb.type;
    return p;
  };
  const value = (v: string): string => {
    if (v.toUpperCase() === 'NULL') return 'NULL';
    const name = v.slice(1);
    return `CAST($${name} AS ${param(name).duckdb.cast})`;
  };
  const t = info.duckdbName;
  if (statement.kind === 'insert') {
    const sql = `INSERT INTO ${t} (${statement.columns.map(column).join(', ')}) VALUES (${statement.values.map(value).join(', ')})`;
    return { statement, info, sql, bindings };
  }
  if (statement.kind === 'alter') {
    const ddl = duckdbDdlType(statement.type);
    if (!ddl) throw unsupported(`column type ${statement.type} in ALTER TABLE ... ADD COLUMN`);
    if (has(statement.column) && !statement.ifNotExists) {
      throw invalidQuery(`Column already exists: ${statement.column}`);
    }
    // IF NOT EXISTS again when it runs: two jobs adding one column may both pass the check above.
    const sql = `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${quoteIdent(statement.column)} ${ddl}`;
    return { statement, info, sql, bindings };
  }
  if (statement.kind === 'update') {
    const set = statement.set.map((s) =>
      s.value === 'NULL' || s.value.startsWith('@')
        ? `${column(s.column)} = ${value(s.value)}`
        : `${column(s.column)} = ${column(s.column)} + 1`,
    );
    return {
      statement,
      info,
      sql: `UPDATE ${t} SET ${set.join(', ')} WHERE ${updateWhere(statement.where, column, param)}`,
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

/**
 * An UPDATE's WHERE over the target's own columns, with values only as @params (as in the rest of
 * the DML slice): a literal, a qualified name, an aggregate or an UNNEST of a non-array is refused.
 */
function updateWhere(
  where: Extract<DmlStatement, { kind: 'update' }>['where'],
  column: (name: string) => string,
  param: (name: string) => QueryParam,
): string {
  for (const e of walkExpr(where)) {
    if (e.kind === 'column') {
      if (e.path.length !== 1) throw unsupported(`qualified name ${e.path.join('.')} in UPDATE ... WHERE`);
      column(e.path[0] ?? '');
    }
    if (e.kind === 'literal' && e.type !== 'NULL') {
      throw unsupported(
        `literal ${e.value} in UPDATE ... WHERE (the stand-in's DML takes @params as values)`,
      );
    }
    if (e.kind === 'aggregate')
      throw invalidQuery(`Aggregate function ${e.name} not allowed in WHERE clause`);
    if (e.kind === 'inUnnest' && param(e.param).type !== 'ARRAY<STRING>') {
      throw invalidQuery(
        `Values referenced in UNNEST must be arrays. UNNEST contains expression of type ${param(e.param).type}`,
      );
    }
  }
  const names: DuckdbNames = {
    table: () => {
      throw unsupported('a table inside UPDATE ... WHERE');
    },
    param: (name) => `CAST($${name} AS ${param(name).duckdb.cast})`,
  };
  return exprToDuckdb(where, names);
}
