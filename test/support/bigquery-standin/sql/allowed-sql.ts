// What our generated BigQuery SQL may use. Extending the stand-in to a new construct starts here, so a
// construct nobody taught it is refused (by name) rather than half-translated.

/** Keywords the parser understands. */
export const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'GROUP',
  'BY',
  'ORDER',
  'ASC',
  'DESC',
  'AS',
  'UNION',
  'ALL',
  'DISTINCT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'OVER',
  'PARTITION',
  'IS',
  'NULL',
  'LIMIT',
  'UNNEST',
  'TRUE',
  'FALSE',
]);

/** Functions the parser understands (UNNEST only as `x IN UNNEST(@param)`). */
export const FUNCTIONS = new Set(['COUNT', 'SUM', 'MIN', 'MAX', 'FIRST_VALUE', 'PARSE_DATE']);

/** PARSE_DATE formats whose elements mean the same to DuckDB's strptime. */
export const PARSE_DATE_FORMATS = new Set(['%Y%m%d', '%Y-%m-%d']);

// GoogleSQL reserved keywords plus DuckDB keywords that could pass for a name: seen where a name
// or an alias may stand, they are refused instead of being read as one.
const RESERVED = new Set(
  (
    'ALL AND ANY ARRAY AS ASC ASSERT_ROWS_MODIFIED AT BETWEEN BY CASE CAST COLLATE CONTAINS CREATE ' +
    'CROSS CUBE CURRENT DEFAULT DEFINE DESC DISTINCT ELSE END ENUM ESCAPE EXCEPT EXCLUDE EXISTS ' +
    'EXTRACT FALSE FETCH FOLLOWING FOR FROM FULL GROUP GROUPING GROUPS HASH HAVING IF IGNORE IN INNER ' +
    'INTERSECT INTERVAL INTO IS JOIN LATERAL LEFT LIKE LIMIT LOOKUP MERGE NATURAL NEW NO NOT NULL ' +
    'NULLS OF ON OR ORDER OUTER OVER PARTITION PRECEDING PROTO QUALIFY RANGE RECURSIVE RESPECT RIGHT ' +
    'ROLLUP ROWS SELECT SET SOME STRUCT TABLESAMPLE THEN TO TREAT TRUE UNBOUNDED UNION UNNEST USING ' +
    'WHEN WHERE WINDOW WITH WITHIN ' +
    // DuckDB-only syntax
    'ILIKE GLOB SIMILAR OFFSET PIVOT UNPIVOT ANTI SEMI ASOF POSITIONAL COLUMNS REPLACE RETURNING ' +
    'TRY_CAST INSERT UPDATE DELETE VALUES DATE TIMESTAMP'
  ).split(' '),
);

export const isReserved = (word: string): boolean => RESERVED.has(word);

// Functions a DuckDB habit reaches for: named as such in the refusal.
const DUCKDB_ONLY_FUNCTIONS = new Set([
  'LIST_CONTAINS',
  'LIST_VALUE',
  'ARRAY_CONTAINS',
  'STRFTIME',
  'STRPTIME',
  'TRY_CAST',
  'REGEXP_MATCHES',
  'EPOCH_MS',
  'STRLEN',
  'LEN',
  'DATEDIFF',
  'LIST_AGG',
]);

export function functionRefusal(name: string): string {
  return DUCKDB_ONLY_FUNCTIONS.has(name) ? `function ${name} (DuckDB-only)` : `function ${name}`;
}

// DuckDB type names that are not BigQuery's: a CAST to one of them is a dialect slip.
const DUCKDB_TYPE_NAMES: Record<string, string> = {
  VARCHAR: 'STRING',
  TEXT: 'STRING',
  BIGINT: 'INT64',
  INTEGER: 'INT64',
  INT: 'INT64',
  HUGEINT: 'INT64',
  DOUBLE: 'FLOAT64',
  REAL: 'FLOAT64',
  FLOAT: 'FLOAT64',
};

export function castRefusal(type: string): string {
  const bigquery = DUCKDB_TYPE_NAMES[type];
  return bigquery
    ? `CAST(... AS ${type}): ${type} is DuckDB's name, BigQuery's is ${bigquery} (and CAST is not in the stand-in's list)`
    : `CAST(... AS ${type || '?'})`;
}
