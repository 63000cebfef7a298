import { invalidQuery } from '../bigquery-error.js';
import type { Query } from '../sql/sql-ast.js';
import { type DuckdbNames, selectToDuckdb } from '../sql/to-duckdb.js';
import { type BigqueryType, bigqueryType } from '../warehouse/bigquery-types.js';
import type { DuckdbSession } from '../warehouse/duckdb-session.js';

const GOOGLE_SQL: Record<BigqueryType, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  NUMERIC: 'NUMERIC',
  BOOLEAN: 'BOOL',
  STRING: 'STRING',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

const NUMERIC_TYPES = new Set<BigqueryType>(['INTEGER', 'FLOAT', 'NUMERIC']);

/**
 * BigQuery refuses UNION ALL branches whose columns do not match, where DuckDB would quietly coerce
 * (an INT64 tag in one branch and a STRING in another): each branch's types, checked the BigQuery way.
 * Numeric types unite (to the wider one), and a bare NULL goes with anything.
 */
export async function checkUnions(query: Query, session: DuckdbSession, names: DuckdbNames): Promise<void> {
  for (const select of query.selects) {
    if (select.from?.kind === 'subquery') await checkUnions(select.from.query, session, names);
  }
  if (query.selects.length < 2) return;
  const branches = await Promise.all(query.selects.map((s) => session.describe(selectToDuckdb(s, names))));
  const width = branches[0]?.types.length ?? 0;
  branches.forEach((b, k) => {
    if (b.types.length !== width) {
      throw invalidQuery(
        `Queries in UNION ALL have mismatched column count; query 1 has ${width} columns, query ${k + 1} has ${b.types.length} columns`,
      );
    }
  });
  for (let i = 0; i < width; i++) {
    const types = new Set<BigqueryType>();
    branches.forEach((b, k) => {
      const item = query.selects[k]?.items[i];
      const bareNull = item?.kind === 'expr' && item.expr.kind === 'literal' && item.expr.type === 'NULL';
      if (!bareNull) types.add(bigqueryType(String(b.types[i]), `UNION ALL column ${i + 1}`));
    });
    if (types.size > 1 && ![...types].every((t) => NUMERIC_TYPES.has(t))) {
      throw invalidQuery(
        `Column ${i + 1} in UNION ALL has incompatible types: ${[...types].map((t) => GOOGLE_SQL[t]).join(', ')}`,
      );
    }
  }
}
