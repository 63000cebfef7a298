// The slice of GoogleSQL our generated queries use, as a tree. Anything else never gets this far:
// the parser refuses it by name.

export type AggregateName = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'FIRST_VALUE';

export interface OrderItem {
  expr: Expr;
  desc: boolean;
}

export interface WindowSpec {
  partitionBy: Expr[];
  orderBy: OrderItem[];
}

export type Expr =
  | { kind: 'column'; path: string[]; pos: number }
  | { kind: 'literal'; type: 'INT64' | 'FLOAT64' | 'STRING' | 'BOOL' | 'NULL'; value: string }
  | { kind: 'param'; name: string; pos: number }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'between'; not: boolean; operand: Expr; low: Expr; high: Expr }
  | { kind: 'inList'; not: boolean; operand: Expr; list: Expr[] }
  | { kind: 'inUnnest'; not: boolean; operand: Expr; param: string; pos: number }
  | { kind: 'isNull'; not: boolean; operand: Expr }
  | { kind: 'case'; operand: Expr | null; whens: { when: Expr; result: Expr }[]; otherwise: Expr | null }
  | {
      kind: 'aggregate';
      name: AggregateName;
      distinct: boolean;
      args: Expr[] | 'star';
      over: WindowSpec | null;
    }
  | { kind: 'parseDate'; format: string; operand: Expr };

/** A table as BigQuery names it: `project.dataset.table` or `project.dataset.INFORMATION_SCHEMA.PARTITIONS`. */
export type TableRef =
  | { kind: 'table'; project: string; dataset: string; table: string; pos: number }
  | { kind: 'partitions'; project: string; dataset: string; pos: number };

export type FromItem =
  | { kind: 'table'; ref: TableRef; alias: string | null }
  | { kind: 'subquery'; query: Query; alias: string | null };

export type SelectItem = { kind: 'star' } | { kind: 'expr'; expr: Expr; alias: string | null };

export interface Select {
  distinct: boolean;
  items: SelectItem[];
  from: FromItem | null;
  where: Expr | null;
  groupBy: Expr[];
}

export interface Query {
  /** Branches joined by UNION ALL (one for a plain SELECT). */
  selects: Select[];
  orderBy: OrderItem[];
  /** A literal, or an INT64 `@param` (BigQuery allows both). */
  limit: number | { param: string; pos: number } | null;
}
