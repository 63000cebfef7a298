import { invalidQuery, unsupported } from '../bigquery-error.js';
import { parseExpression, parseOrderBy } from './parse-expression.js';
import type { Expr, FromItem, Query, Select, SelectItem, TableRef } from './sql-ast.js';
import { TokenCursor } from './token-cursor.js';
import { tokenize } from './tokenize.js';

/** Parses one GoogleSQL SELECT statement (the slice our SQL uses), refusing the rest by name. */
export function parseQuery(sql: string): Query {
  const c = new TokenCursor(sql, tokenize(sql));
  if (c.isWord('WITH')) throw unsupported('WITH (common table expressions)', c.position());
  if (c.peek().kind === 'word' && !c.isWord('SELECT')) {
    throw unsupported(`statement ${c.peek().text} (the stand-in runs SELECT only)`, c.position());
  }
  const query = parseSetQuery(c);
  if (c.peek().kind !== 'end') throw c.unexpected();
  return query;
}

function parseSetQuery(c: TokenCursor): Query {
  if (c.isOp('(')) throw unsupported('parenthesized query', c.position());
  const selects = [parseSelect(c)];
  while (c.isWord('UNION')) {
    c.next();
    if (c.isWord('DISTINCT')) throw unsupported('UNION DISTINCT', c.position());
    if (!c.acceptWord('ALL'))
      throw invalidQuery(
        `Syntax error: Expected keyword ALL or keyword DISTINCT but got ${c.peek().text || 'end of script'} at ${c.position()}`,
      );
    selects.push(parseSelect(c));
  }
  const orderBy = c.acceptWord('ORDER') ? parseOrderBy(c) : [];
  let limit: Query['limit'] = null;
  if (c.acceptWord('LIMIT')) {
    const n = c.next();
    if (n.kind === 'param') return { selects, orderBy, limit: { param: n.text, pos: n.pos } };
    if (n.kind !== 'number' || !/^\d+$/.test(n.text)) throw c.unexpected('expected an integer', n);
    limit = Number(n.text);
  }
  return { selects, orderBy, limit };
}

function parseSelect(c: TokenCursor): Select {
  c.expectWord('SELECT');
  const distinct = c.acceptWord('DISTINCT');
  const items: SelectItem[] = [];
  do {
    if (c.acceptOp('*')) {
      items.push({ kind: 'star' });
      continue;
    }
    const expr = parseExpression(c);
    const alias = c.acceptWord('AS') ? c.expectName() : c.isName() ? c.next().raw : null;
    items.push({ kind: 'expr', expr, alias });
  } while (c.acceptOp(','));
  const from = c.acceptWord('FROM') ? parseFrom(c) : null;
  if (from && c.isOp(',')) throw unsupported('comma join', c.position());
  const where = c.acceptWord('WHERE') ? parseExpression(c) : null;
  const groupBy: Expr[] = [];
  if (c.acceptWord('GROUP')) {
    c.expectWord('BY');
    do groupBy.push(parseExpression(c));
    while (c.acceptOp(','));
  }
  return { distinct, items, from, where, groupBy };
}

function parseFrom(c: TokenCursor): FromItem {
  if (c.acceptOp('(')) {
    if (!c.isWord('SELECT')) throw c.unexpected('expected SELECT');
    const query = parseSetQuery(c);
    c.expectOp(')');
    return { kind: 'subquery', query, alias: parseAlias(c) };
  }
  if (c.isWord('UNNEST')) throw unsupported('UNNEST in FROM', c.position());
  return { kind: 'table', ref: parseTableRef(c), alias: parseAlias(c) };
}

function parseAlias(c: TokenCursor): string | null {
  if (c.acceptWord('AS')) return c.expectName();
  return c.isName() ? c.next().raw : null;
}

/** `project.dataset.table` or `project.dataset.INFORMATION_SCHEMA.PARTITIONS`, quoted whole or in parts. */
function parseTableRef(c: TokenCursor): TableRef {
  const first = c.peek();
  if (first.kind !== 'word' && first.kind !== 'quoted') throw c.unexpected('expected a table');
  const parts: string[] = [];
  const take = () => {
    const t = c.next();
    parts.push(...(t.kind === 'quoted' ? t.text.split('.') : [t.raw]));
  };
  take();
  while (c.isOp('.') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'quoted')) {
    c.next();
    take();
  }
  const at = c.position(first);
  const name = `\`${parts.join('.')}\``;
  const [project = '', dataset = '', third = '', fourth = ''] = parts;
  if (parts.length === 4 && third.toUpperCase() === 'INFORMATION_SCHEMA') {
    if (fourth.toUpperCase() !== 'PARTITIONS') throw unsupported(`INFORMATION_SCHEMA.${fourth}`, at);
    return { kind: 'partitions', project, dataset, pos: first.pos };
  }
  const qualified = parts.length === 3 && dataset.toUpperCase() !== 'INFORMATION_SCHEMA';
  if (!qualified || parts.some((p) => p === '')) {
    throw unsupported(`unqualified table name ${name} (our SQL names \`project.dataset.table\`)`, at);
  }
  return { kind: 'table', project, dataset, table: third, pos: first.pos };
}
