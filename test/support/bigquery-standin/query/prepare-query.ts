import { invalidQuery } from '../bigquery-error.js';
import { checkAliasUse } from '../sql/check-names.js';
import { parseQuery } from '../sql/parse-query.js';
import type { Query, TableRef } from '../sql/sql-ast.js';
import { type DuckdbNames, toDuckdb } from '../sql/to-duckdb.js';
import { positionOf } from '../sql/tokenize.js';
import { allExprs, tableRefs } from '../sql/walk-ast.js';
import { bigqueryType, type Field } from '../warehouse/bigquery-types.js';
import type { Bindings, DuckdbSession } from '../warehouse/duckdb-session.js';
import { PARTITIONS_COLUMNS } from '../warehouse/partitions-table.js';
import type { TableCatalog } from '../warehouse/table-catalog.js';
import type { TableInfo } from '../warehouse/table-info.js';
import { checkUnions } from './check-unions.js';
import { duckdbRejected } from './duckdb-rejected.js';
import { type ByteEstimate, estimateBytes } from './estimate-bytes.js';
import type { QueryParam } from './query-parameters.js';

/** A query checked, translated and costed: what a dry run reports and a job executes. */
export interface PreparedQuery {
  duckdbSql: string;
  bindings: Bindings;
  /** The result's schema, known before it runs (a dry run reports it). */
  fields: Field[];
  bytes: ByteEstimate;
}

/** Names that bind `@param` as a typed DuckDB parameter and note which ones a statement used. */
function namesFor(tables: Map<TableRef, string>, params: Map<string, QueryParam>) {
  const used = new Set<string>();
  const names: DuckdbNames = {
    table: (ref) => tables.get(ref) ?? '',
    param: (name) => {
      used.add(name);
      const cast = params.get(name)?.duckdb.cast ?? 'VARCHAR';
      return `CAST($${name} AS ${cast})`;
    },
  };
  const bindings = (): Bindings => {
    const out: Bindings = { values: {}, types: {} };
    for (const name of used) {
      const p = params.get(name);
      if (!p) continue;
      out.values[name] = p.duckdb.value;
      out.types[name] = p.duckdb.type;
    }
    return out;
  };
  return { names, bindings };
}

/** Every @name used is declared, and UNNEST gets an array, as BigQuery checks before it runs anything. */
function checkParams(ast: Query, params: Map<string, QueryParam>, sql: string): void {
  if (ast.limit !== null && typeof ast.limit !== 'number') {
    const param = params.get(ast.limit.param);
    const at = positionOf(sql, ast.limit.pos);
    if (!param) throw invalidQuery(`Query parameter '${ast.limit.param}' not found at ${at}`);
    if (param.type !== 'INT64') throw invalidQuery(`LIMIT expects an integer literal or parameter at ${at}`);
  }
  for (const e of allExprs(ast)) {
    if (e.kind !== 'param' && e.kind !== 'inUnnest') continue;
    const name = e.kind === 'param' ? e.name : e.param;
    const param = params.get(name);
    const at = positionOf(sql, e.pos);
    if (!param) throw invalidQuery(`Query parameter '${name}' not found at ${at}`);
    if (e.kind === 'inUnnest' && param.type !== 'ARRAY<STRING>') {
      throw invalidQuery(
        `Values referenced in UNNEST must be arrays. UNNEST contains expression of type ${param.type} at ${at}`,
      );
    }
  }
}

/** Parse, check parameters, resolve tables (404s), translate, type-check, and estimate the bytes. */
export async function prepareQuery(
  sql: string,
  params: Map<string, QueryParam>,
  catalog: TableCatalog,
  session: DuckdbSession,
  location: string,
): Promise<PreparedQuery> {
  const ast = parseQuery(sql);
  checkParams(ast, params, sql);
  const tables = new Map<TableRef, string>();
  const infos = new Map<TableRef, TableInfo | 'partitions'>();
  for (const ref of tableRefs(ast)) {
    if (ref.kind === 'partitions') {
      tables.set(ref, await catalog.partitionsTable(ref.project, ref.dataset, location));
      infos.set(ref, 'partitions');
    } else {
      const info = catalog.table(ref.project, ref.dataset, ref.table, location);
      tables.set(ref, info.duckdbName);
      infos.set(ref, info);
    }
  }
  checkAliasUse(
    ast,
    (ref) => {
      const info = infos.get(ref);
      return info === 'partitions' || !info ? PARTITIONS_COLUMNS : info.columns.map((c) => c.name);
    },
    sql,
  );
  const { names, bindings } = namesFor(tables, params);
  const duckdbSql = toDuckdb(ast, names);
  try {
    await checkUnions(ast, session, names);
    const described = await session.describe(duckdbSql);
    const fields = described.types.map(
      (t, i): Field => ({
        name: described.names[i] ?? `f${i}_`,
        type: bigqueryType(String(t), `result column ${described.names[i]}`),
        mode: 'NULLABLE',
      }),
    );
    const bytes = await estimateBytes(ast, {
      session,
      table: (ref) => infos.get(ref) ?? 'partitions',
      names: () => namesFor(tables, params),
    });
    return { duckdbSql, bindings: bindings(), fields, bytes };
  } catch (error) {
    throw duckdbRejected(error);
  }
}
