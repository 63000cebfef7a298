import type { Expr, Query, Select, TableRef } from './sql-ast.js';

/** The direct sub-expressions of an expression. */
function children(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'column':
    case 'literal':
    case 'param':
      return [];
    case 'not':
    case 'negate':
    case 'isNull':
    case 'inUnnest':
    case 'parseDate':
      return [expr.operand];
    case 'binary':
      return [expr.left, expr.right];
    case 'between':
      return [expr.operand, expr.low, expr.high];
    case 'inList':
      return [expr.operand, ...expr.list];
    case 'case':
      return [
        ...(expr.operand ? [expr.operand] : []),
        ...expr.whens.flatMap((w) => [w.when, w.result]),
        ...(expr.otherwise ? [expr.otherwise] : []),
      ];
    case 'aggregate':
      return [
        ...(expr.args === 'star' ? [] : expr.args),
        ...(expr.over ? [...expr.over.partitionBy, ...expr.over.orderBy.map((o) => o.expr)] : []),
      ];
  }
}

export function* walkExpr(expr: Expr): Generator<Expr> {
  yield expr;
  for (const child of children(expr)) yield* walkExpr(child);
}

/** Every expression of a SELECT's own clauses (not those of a subquery in its FROM). */
export function selectExprs(select: Select): Expr[] {
  return [
    ...select.items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : [])),
    ...(select.where ? [select.where] : []),
    ...select.groupBy,
  ];
}

export function* walkSelects(query: Query): Generator<Select> {
  for (const select of query.selects) {
    yield select;
    if (select.from?.kind === 'subquery') yield* walkSelects(select.from.query);
  }
}

export function tableRefs(query: Query): TableRef[] {
  return [...walkSelects(query)].flatMap((s) => (s.from?.kind === 'table' ? [s.from.ref] : []));
}

/** Every expression in the query, subqueries included. */
export function allExprs(query: Query): Expr[] {
  const own = (q: Query) => q.orderBy.map((o) => o.expr);
  const roots = [
    ...own(query),
    ...[...walkSelects(query)].flatMap((s) => [
      ...selectExprs(s),
      ...(s.from?.kind === 'subquery' ? own(s.from.query) : []),
    ]),
  ];
  return roots.flatMap((root) => [...walkExpr(root)]);
}

/** Lower-cased names of the columns an expression reads (the last part of a qualified name). */
export function columnsOf(exprs: Expr[]): Set<string> {
  const names = new Set<string>();
  for (const root of exprs) {
    for (const e of walkExpr(root)) {
      if (e.kind === 'column') names.add((e.path.at(-1) ?? '').toLowerCase());
    }
  }
  return names;
}

/** The top-level AND terms of a condition. */
export function conjuncts(expr: Expr | null): Expr[] {
  if (!expr) return [];
  if (expr.kind === 'binary' && expr.op === 'AND') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}
