import type { Expr, OrderItem, Query, Select, TableRef } from './sql-ast.js';

/** How names outside the SQL text become DuckDB's: tables resolved, parameters bound. */
export interface DuckdbNames {
  table(ref: TableRef): string;
  /** The DuckDB expression for `@name` (a typed, bound parameter). */
  param(name: string): string;
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const quoteString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * The column names BigQuery gives a SELECT list: the alias, else a column's own name, else f0_, f1_, ...
 * counted over the unnamed columns. Emitted as explicit aliases so DuckDB returns the same names.
 */
export function outputNames(select: Select): (string | null)[] {
  let anonymous = 0;
  return select.items.map((item) => {
    if (item.kind === 'star') return null;
    if (item.alias) return item.alias;
    if (item.expr.kind === 'column') return item.expr.path.at(-1) ?? null;
    return `f${anonymous++}_`;
  });
}

/** DuckDB SQL with GoogleSQL's meaning: explicit names, BigQuery's NULL ordering, typed parameters. */
export function toDuckdb(query: Query, names: DuckdbNames): string {
  const sql = query.selects.map((s) => selectToDuckdb(s, names)).join('\nUNION ALL\n');
  const order = query.orderBy.length ? `\nORDER BY ${orderToDuckdb(query.orderBy, names)}` : '';
  const limit =
    query.limit === null
      ? ''
      : `\nLIMIT ${typeof query.limit === 'number' ? query.limit : names.param(query.limit.param)}`;
  return `${sql}${order}${limit}`;
}

export function selectToDuckdb(select: Select, names: DuckdbNames): string {
  const output = outputNames(select);
  const items = select.items.map((item, i) =>
    item.kind === 'star' ? '*' : `${exprToDuckdb(item.expr, names)} AS ${quoteIdent(output[i] ?? '')}`,
  );
  let sql = `SELECT ${select.distinct ? 'DISTINCT ' : ''}${items.join(', ')}`;
  if (select.from) {
    const from = select.from;
    const source = from.kind === 'table' ? names.table(from.ref) : `(${toDuckdb(from.query, names)})`;
    sql += ` FROM ${source}${from.alias ? ` AS ${quoteIdent(from.alias)}` : ''}`;
  }
  if (select.where) sql += ` WHERE ${exprToDuckdb(select.where, names)}`;
  if (select.groupBy.length)
    sql += ` GROUP BY ${select.groupBy.map((e) => exprToDuckdb(e, names)).join(', ')}`;
  return sql;
}

// BigQuery sorts NULLs first ascending and last descending; DuckDB's default is NULLS LAST both ways.
function orderToDuckdb(items: OrderItem[], names: DuckdbNames): string {
  return items
    .map((o) => `${exprToDuckdb(o.expr, names)} ${o.desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`)
    .join(', ');
}

/** One expression; every compound is parenthesised so precedence never depends on the dialect. */
export function exprToDuckdb(expr: Expr, names: DuckdbNames): string {
  const e = (x: Expr) => exprToDuckdb(x, names);
  switch (expr.kind) {
    case 'column':
      return expr.path.map(quoteIdent).join('.');
    case 'literal':
      if (expr.type === 'STRING') return quoteString(expr.value);
      // A GoogleSQL literal with a point or exponent is FLOAT64; DuckDB would make it DECIMAL.
      if (expr.type === 'FLOAT64') return `CAST(${expr.value} AS DOUBLE)`;
      return expr.value;
    case 'param':
      return names.param(expr.name);
    case 'not':
      return `(NOT ${e(expr.operand)})`;
    case 'negate':
      return `(-${e(expr.operand)})`;
    case 'binary':
      return `(${e(expr.left)} ${expr.op} ${e(expr.right)})`;
    case 'between':
      return `(${e(expr.operand)} ${expr.not ? 'NOT ' : ''}BETWEEN ${e(expr.low)} AND ${e(expr.high)})`;
    case 'inList':
      return `(${e(expr.operand)} ${expr.not ? 'NOT ' : ''}IN (${expr.list.map(e).join(', ')}))`;
    case 'inUnnest':
      return `(${e(expr.operand)} ${expr.not ? 'NOT ' : ''}IN (SELECT unnest(${names.param(expr.param)})))`;
    case 'isNull':
      return `(${e(expr.operand)} IS ${expr.not ? 'NOT ' : ''}NULL)`;
    case 'case': {
      const whens = expr.whens.map((w) => ` WHEN ${e(w.when)} THEN ${e(w.result)}`).join('');
      const otherwise = expr.otherwise ? ` ELSE ${e(expr.otherwise)}` : '';
      return `(CASE${expr.operand ? ` ${e(expr.operand)}` : ''}${whens}${otherwise} END)`;
    }
    case 'parseDate':
      return `CAST(strptime(${e(expr.operand)}, ${quoteString(expr.format)}) AS DATE)`;
    case 'aggregate': {
      const args = expr.args === 'star' ? '*' : expr.args.map(e).join(', ');
      const call = `${expr.name.toLowerCase()}(${expr.distinct ? 'DISTINCT ' : ''}${args})`;
      if (!expr.over) return call;
      const parts: string[] = [];
      if (expr.over.partitionBy.length) parts.push(`PARTITION BY ${expr.over.partitionBy.map(e).join(', ')}`);
      if (expr.over.orderBy.length) parts.push(`ORDER BY ${orderToDuckdb(expr.over.orderBy, names)}`);
      return `${call} OVER (${parts.join(' ')})`;
    }
  }
}
