import { invalidQuery } from '../bigquery-error.js';
import type { Query, TableRef } from './sql-ast.js';
import { outputNames } from './to-duckdb.js';
import { positionOf } from './tokenize.js';
import { walkExpr, walkSelects } from './walk-ast.js';

/**
 * DuckDB lets WHERE and later SELECT items use a SELECT alias; BigQuery does not ("Unrecognized name").
 * A bare name that is not a column of the FROM source but is an alias of the same SELECT is refused
 * here, so that leniency cannot hide a query BigQuery would reject.
 */
export function checkAliasUse(query: Query, sourceColumns: (ref: TableRef) => string[], sql: string): void {
  for (const select of [...walkSelects(query)]) {
    const from = select.from;
    let source: string[] | null = [];
    if (from?.kind === 'table') source = sourceColumns(from.ref);
    if (from?.kind === 'subquery') {
      const first = from.query.selects[0];
      source = !first || first.items.some((i) => i.kind === 'star') ? null : outputNames(first).map(String);
    }
    if (source === null) continue;
    const columns = new Set(source.map((c) => c.toLowerCase()));
    const aliases = new Set(outputNames(select).flatMap((n) => (n ? [n.toLowerCase()] : [])));
    const roots = [
      ...select.items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : [])),
      ...(select.where ? [select.where] : []),
    ];
    for (const root of roots) {
      for (const e of walkExpr(root)) {
        if (e.kind !== 'column' || e.path.length !== 1) continue;
        const name = (e.path[0] ?? '').toLowerCase();
        if (!columns.has(name) && aliases.has(name)) {
          throw invalidQuery(`Unrecognized name: ${e.path[0]} at ${positionOf(sql, e.pos)}`);
        }
      }
    }
  }
}
