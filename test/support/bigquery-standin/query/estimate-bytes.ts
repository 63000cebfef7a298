import type { Expr, FromItem, Query, TableRef } from '../sql/sql-ast.js';
import { type DuckdbNames, exprToDuckdb, quoteIdent } from '../sql/to-duckdb.js';
import { columnsOf, conjuncts, selectExprs } from '../sql/walk-ast.js';
import { bytesSql } from '../warehouse/bigquery-types.js';
import type { Bindings, DuckdbSession } from '../warehouse/duckdb-session.js';
import type { TableInfo } from '../warehouse/table-info.js';

const MiB = 1024 * 1024;
/** BigQuery's minimum per table read, and the flat charge for an INFORMATION_SCHEMA read. */
export const MIN_BILLED_BYTES = 10 * MiB;

export interface ByteEstimate {
  processed: number;
  billed: number;
}

/** Bytes billed for one table read: nothing for nothing, else rounded up to a MiB, at least 10 MiB. */
export const billedFor = (bytes: number): number =>
  bytes === 0 ? 0 : Math.max(MIN_BILLED_BYTES, Math.ceil(bytes / MiB) * MiB);

export interface EstimateContext {
  session: DuckdbSession;
  table(ref: TableRef): TableInfo | 'partitions';
  /** DuckDB names for a fresh statement, and the parameters that statement ended up using. */
  names(): { names: DuckdbNames; bindings(): Bindings };
}

interface TableRead {
  exprs: Expr[];
  star: boolean;
  from: Extract<FromItem, { kind: 'table' }>;
  where: Expr | null;
}

/** Each SELECT that reads a table, with the ORDER BY expressions that belong to it. */
function* tableReads(query: Query): Generator<TableRead> {
  for (const select of query.selects) {
    const orderBy = query.selects.length === 1 ? query.orderBy.map((o) => o.expr) : [];
    if (select.from?.kind === 'subquery') yield* tableReads(select.from.query);
    if (select.from?.kind !== 'table') continue;
    yield {
      exprs: [...selectExprs(select), ...orderBy],
      star: select.items.some((i) => i.kind === 'star'),
      from: select.from,
      where: select.where,
    };
  }
}

/**
 * BigQuery's on-demand estimate, per table read: (rows of the partitions the WHERE selects on the
 * partition column, else all rows) x (the width of the columns the SELECT references: DATE, INT64,
 * FLOAT64, TIMESTAMP 8, BOOL 1, NUMERIC 16, STRING 2 + length). A WHERE term prunes only when it reads
 * the partition column and nothing else, as BigQuery's pruning needs. An INFORMATION_SCHEMA read
 * counts 10 MiB. Billed bytes round each read up to a MiB, with BigQuery's 10 MiB minimum per table.
 */
export async function estimateBytes(query: Query, ctx: EstimateContext): Promise<ByteEstimate> {
  let processed = 0;
  let billed = 0;
  for (const read of tableReads(query)) {
    const table = ctx.table(read.from.ref);
    if (table === 'partitions') {
      processed += MIN_BILLED_BYTES;
      billed += MIN_BILLED_BYTES;
      continue;
    }
    const referenced = columnsOf(read.exprs);
    const columns = read.star
      ? table.columns
      : table.columns.filter((c) => referenced.has(c.name.toLowerCase()));
    if (columns.length === 0) continue;
    const field = table.partitionField?.toLowerCase();
    const prunes = (term: Expr) => {
      const cols = columnsOf([term]);
      return field !== undefined && cols.size === 1 && cols.has(field);
    };
    const { names, bindings } = ctx.names();
    const terms = conjuncts(read.where).filter(prunes);
    const alias = read.from.alias ? ` AS ${quoteIdent(read.from.alias)}` : '';
    const where = terms.length ? ` WHERE ${terms.map((t) => exprToDuckdb(t, names)).join(' AND ')}` : '';
    const reader = await ctx.session.read(
      `SELECT ${bytesSql(columns)} AS b FROM ${table.duckdbName}${alias}${where}`,
      bindings(),
    );
    const bytes = Number(reader.getRowObjectsJS()[0]?.b ?? 0);
    processed += bytes;
    billed += billedFor(bytes);
  }
  return { processed, billed };
}
