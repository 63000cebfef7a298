import { invalidQuery, unsupported } from '../bigquery-error.js';
import { castRefusal, FUNCTIONS, functionRefusal, isReserved, PARSE_DATE_FORMATS } from './allowed-sql.js';
import type { AggregateName, Expr, OrderItem, WindowSpec } from './sql-ast.js';
import type { TokenCursor } from './token-cursor.js';

const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

/** An expression, by GoogleSQL precedence: OR < AND < NOT < comparison < + - < * / < unary minus. */
export function parseExpression(c: TokenCursor): Expr {
  let left = parseAnd(c);
  while (c.acceptWord('OR')) left = { kind: 'binary', op: 'OR', left, right: parseAnd(c) };
  return left;
}

function parseAnd(c: TokenCursor): Expr {
  let left = parseNot(c);
  while (c.acceptWord('AND')) left = { kind: 'binary', op: 'AND', left, right: parseNot(c) };
  return left;
}

function parseNot(c: TokenCursor): Expr {
  if (c.acceptWord('NOT')) return { kind: 'not', operand: parseNot(c) };
  return parseComparison(c);
}

function parseComparison(c: TokenCursor): Expr {
  const operand = parseAdditive(c);
  const t = c.peek();
  if (t.kind === 'op' && COMPARISONS.has(t.text)) {
    c.next();
    return { kind: 'binary', op: t.text === '!=' ? '<>' : t.text, left: operand, right: parseAdditive(c) };
  }
  if (c.acceptWord('IS')) {
    const not = c.acceptWord('NOT');
    if (!c.acceptWord('NULL')) throw unsupported(`IS ${not ? 'NOT ' : ''}${c.peek().text}`, c.position());
    return { kind: 'isNull', not, operand };
  }
  const not = c.isWord('NOT') && (c.isWord('BETWEEN', 1) || c.isWord('IN', 1)) && c.acceptWord('NOT');
  if (c.acceptWord('BETWEEN')) {
    const low = parseAdditive(c);
    c.expectWord('AND');
    return { kind: 'between', not, operand, low, high: parseAdditive(c) };
  }
  if (c.acceptWord('IN')) {
    if (c.isWord('UNNEST')) {
      const unnest = c.next();
      c.expectOp('(');
      const param = c.next();
      if (param.kind !== 'param') throw unsupported('UNNEST of anything but a @parameter', c.position(param));
      c.expectOp(')');
      return { kind: 'inUnnest', not, operand, param: param.text, pos: unnest.pos };
    }
    c.expectOp('(');
    if (c.isWord('SELECT')) throw unsupported('IN (subquery)', c.position());
    const list = [parseExpression(c)];
    while (c.acceptOp(',')) list.push(parseExpression(c));
    c.expectOp(')');
    return { kind: 'inList', not, operand, list };
  }
  return operand;
}

function parseAdditive(c: TokenCursor): Expr {
  let left = parseMultiplicative(c);
  while (c.isOp('+') || c.isOp('-')) {
    const op = c.next().text;
    left = { kind: 'binary', op, left, right: parseMultiplicative(c) };
  }
  return left;
}

function parseMultiplicative(c: TokenCursor): Expr {
  let left = parseUnary(c);
  while (c.isOp('*') || c.isOp('/')) {
    const op = c.next().text;
    left = { kind: 'binary', op, left, right: parseUnary(c) };
  }
  return left;
}

function parseUnary(c: TokenCursor): Expr {
  if (c.acceptOp('-')) return { kind: 'negate', operand: parseUnary(c) };
  if (c.acceptOp('+')) return parseUnary(c);
  return parsePrimary(c);
}

function parsePrimary(c: TokenCursor): Expr {
  const t = c.peek();
  if (t.kind === 'number') {
    c.next();
    return { kind: 'literal', type: /^\d+$/.test(t.text) ? 'INT64' : 'FLOAT64', value: t.text };
  }
  if (t.kind === 'string') {
    c.next();
    return { kind: 'literal', type: 'STRING', value: t.text };
  }
  if (t.kind === 'param') {
    c.next();
    return { kind: 'param', name: t.text, pos: t.pos };
  }
  if (t.kind === 'op' && t.text === '(') {
    c.next();
    if (c.isWord('SELECT')) throw unsupported('scalar subquery (SELECT ...) in an expression', c.position());
    const inner = parseExpression(c);
    c.expectOp(')');
    return inner;
  }
  if (t.kind === 'quoted') return parseColumn(c);
  if (t.kind !== 'word') throw c.unexpected('expected an expression');
  if (c.peek(1).kind === 'string') {
    throw unsupported(`typed literal ${t.text} '${c.peek(1).text}'`, c.position());
  }
  if (c.isOp('(', 1)) return parseCall(c);
  if (c.acceptWord('NULL')) return { kind: 'literal', type: 'NULL', value: 'NULL' };
  if (c.acceptWord('TRUE')) return { kind: 'literal', type: 'BOOL', value: 'TRUE' };
  if (c.acceptWord('FALSE')) return { kind: 'literal', type: 'BOOL', value: 'FALSE' };
  if (c.isWord('CASE')) return parseCase(c);
  if (!c.isName()) throw c.unexpected('expected an expression');
  return parseColumn(c);
}

function parseColumn(c: TokenCursor): Expr {
  const first = c.next();
  const path = [first.raw];
  while (c.isOp('.') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'quoted')) {
    c.next();
    path.push(c.next().raw);
  }
  return { kind: 'column', path, pos: first.pos };
}

function parseCase(c: TokenCursor): Expr {
  c.expectWord('CASE');
  const operand = c.isWord('WHEN') ? null : parseExpression(c);
  const whens: { when: Expr; result: Expr }[] = [];
  while (c.acceptWord('WHEN')) {
    const when = parseExpression(c);
    c.expectWord('THEN');
    whens.push({ when, result: parseExpression(c) });
  }
  if (whens.length === 0) throw c.unexpected('expected WHEN');
  const otherwise = c.acceptWord('ELSE') ? parseExpression(c) : null;
  c.expectWord('END');
  return { kind: 'case', operand, whens, otherwise };
}

/** The type named by the top-level AS inside CAST( ... ), for the refusal message. */
function castType(c: TokenCursor): string {
  let depth = 0;
  for (let k = 2; c.peek(k).kind !== 'end'; k++) {
    if (c.isOp('(', k)) depth++;
    if (c.isOp(')', k)) {
      if (depth === 0) return '';
      depth--;
    }
    if (depth === 0 && c.isWord('AS', k)) return c.peek(k + 1).text;
  }
  return '';
}

function parseCall(c: TokenCursor): Expr {
  const nameToken = c.peek();
  const name = nameToken.text;
  const at = c.position(nameToken);
  if (name === 'CAST') throw unsupported(castRefusal(castType(c)), at);
  if (name === 'UNNEST') throw unsupported('UNNEST outside `x IN UNNEST(@param)`', at);
  if (!FUNCTIONS.has(name)) {
    throw isReserved(name) ? c.unexpected() : unsupported(functionRefusal(name), at);
  }
  c.next();
  c.expectOp('(');
  if (name === 'PARSE_DATE') {
    const format = c.next();
    if (format.kind !== 'string') throw unsupported('PARSE_DATE with a format that is not a literal', at);
    if (!PARSE_DATE_FORMATS.has(format.text)) throw unsupported(`PARSE_DATE format '${format.text}'`, at);
    c.expectOp(',');
    const operand = parseExpression(c);
    c.expectOp(')');
    return { kind: 'parseDate', format: format.text, operand };
  }
  const distinct = c.acceptWord('DISTINCT');
  if (distinct && name !== 'COUNT') throw unsupported(`${name}(DISTINCT ...)`, at);
  let args: Expr[] | 'star';
  if (name === 'COUNT' && !distinct && c.acceptOp('*')) args = 'star';
  else args = [parseExpression(c)];
  if (c.isOp(',')) throw unsupported(`${name} with more than one argument`, c.position());
  c.expectOp(')');
  const over = c.isWord('OVER') ? parseOver(c) : null;
  if (name === 'FIRST_VALUE' && !over) {
    throw invalidQuery(`Analytic function FIRST_VALUE cannot be called without an OVER clause at ${at}`);
  }
  return { kind: 'aggregate', name: name as AggregateName, distinct, args, over };
}

function parseOver(c: TokenCursor): WindowSpec {
  c.expectWord('OVER');
  if (!c.isOp('(')) throw unsupported('named window (OVER name)', c.position());
  c.expectOp('(');
  const partitionBy: Expr[] = [];
  if (c.acceptWord('PARTITION')) {
    c.expectWord('BY');
    partitionBy.push(parseExpression(c));
    while (c.acceptOp(',')) partitionBy.push(parseExpression(c));
  }
  const orderBy = c.acceptWord('ORDER') ? parseOrderBy(c) : [];
  c.expectOp(')');
  return { partitionBy, orderBy };
}

/** `BY item [ASC|DESC], ...` (after ORDER). */
export function parseOrderBy(c: TokenCursor): OrderItem[] {
  c.expectWord('BY');
  const items: OrderItem[] = [];
  do {
    const expr = parseExpression(c);
    const desc = c.acceptWord('DESC');
    if (!desc) c.acceptWord('ASC');
    items.push({ expr, desc });
  } while (c.acceptOp(','));
  return items;
}
