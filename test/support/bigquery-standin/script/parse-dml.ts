import { invalidQuery, unsupported } from '../bigquery-error.js';
import { parseExpression } from '../sql/parse-expression.js';
import type { Expr } from '../sql/sql-ast.js';
import { TokenCursor } from '../sql/token-cursor.js';
import { tokenize } from '../sql/tokenize.js';

/**
 * The write statements the state store emits, recognised whole and refused otherwise: values only as
 * `@params` (or NULL), identifiers only as column names and `project.dataset.table` in backticks.
 * Shapes are matched on whitespace-normalised text, so anything beyond them fails loudly by name.
 */
export type DmlStatement =
  | { kind: 'begin' | 'commit' | 'rollback' }
  | { kind: 'assert'; rowCount: number; description: string }
  | { kind: 'insert'; table: string; columns: string[]; values: string[] }
  | { kind: 'update'; table: string; set: { column: string; value: string }[]; where: Expr }
  | { kind: 'alter'; table: string; column: string; type: string; ifNotExists: boolean }
  | {
      kind: 'merge';
      table: string;
      target: string;
      source: string;
      sourceItems: { param: string; column: string }[];
      on: string;
      columns: string[];
      values: string[];
    };

export const DML_VERBS = ['BEGIN', 'COMMIT', 'ROLLBACK', 'INSERT', 'UPDATE', 'MERGE', 'ASSERT', 'ALTER'];

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const TABLE = '`([^`]+)`';
const LIST = (item: string) => `${item}(?:\\s*,\\s*${item})*`;
const VALUE = `(?:@${NAME}|NULL)`;

const SHAPES = {
  insert: new RegExp(
    `^INSERT (?:INTO )?${TABLE} ?\\((${LIST(NAME)})\\) ?VALUES ?\\((${LIST(VALUE)})\\)$`,
    'i',
  ),
  update: new RegExp(
    `^UPDATE ${TABLE} SET (${LIST(`${NAME} ?= ?(?:@${NAME}|NULL|${NAME} ?\\+ ?1)`)}) WHERE (.+)$`,
    'i',
  ),
  alter: new RegExp(`^ALTER TABLE ${TABLE} ADD COLUMN (IF NOT EXISTS )?(${NAME}) (${NAME})$`, 'i'),
  merge: new RegExp(
    `^MERGE (?:INTO )?${TABLE} (?:AS )?(${NAME}) USING ?\\(SELECT (${LIST(`@${NAME} AS ${NAME}`)})\\) ?(?:AS )?(${NAME}) ON (.+?) WHEN NOT MATCHED THEN INSERT ?\\((${LIST(NAME)})\\) ?VALUES ?\\((${LIST(VALUE)})\\)$`,
    'i',
  ),
  assert: /^ASSERT @@row_count ?= ?(\d+) AS '([^'\\]*)'$/i,
};

const split = (list: string): string[] => list.split(',').map((s) => s.trim());

/** Statements separated by `;` outside quotes and backticks; the last may omit it. */
export function splitScript(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '`' || ch === '"') quote = ch;
    else if (ch === ';') {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out
    .map((s) =>
      s
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((s) => s !== '');
}

/** `T.col = S.col` terms joined by AND / OR, in parentheses: the MERGE ON conditions we emit. */
function checkOn(on: string, aliases: string[]): void {
  const rest = on
    .replace(new RegExp(`\\b(${NAME})\\.(${NAME}) ?= ?(${NAME})\\.(${NAME})`, 'g'), (term, a, _c, b) =>
      aliases.includes(a) && aliases.includes(b) ? ' ' : term,
    )
    .replace(/\b(AND|OR)\b|[()]/gi, ' ');
  if (rest.trim() !== '')
    throw unsupported(`MERGE ON condition ${on} (only alias.column = alias.column, AND, OR)`);
}

/** An UPDATE's condition, read by the SELECT slice's parser; the whole text must be one expression. */
function parseWhere(text: string): Expr {
  const c = new TokenCursor(text, tokenize(text));
  const where = parseExpression(c);
  if (c.peek().kind !== 'end') throw c.unexpected();
  return where;
}

export function parseDml(statement: string): DmlStatement {
  const verb = (statement.split(' ')[0] ?? '').toUpperCase();
  if (/^BEGIN( TRANSACTION)?$/i.test(statement)) return { kind: 'begin' };
  if (/^COMMIT( TRANSACTION)?$/i.test(statement)) return { kind: 'commit' };
  if (/^ROLLBACK( TRANSACTION)?$/i.test(statement)) return { kind: 'rollback' };
  const refuse = () =>
    unsupported(
      `statement ${verb} of this shape: ${statement.slice(0, 120)} (the stand-in's DML takes @params and NULL as values)`,
    );
  if (verb === 'ASSERT') {
    const m = SHAPES.assert.exec(statement);
    if (!m) throw refuse();
    return { kind: 'assert', rowCount: Number(m[1]), description: m[2] ?? '' };
  }
  if (verb === 'INSERT') {
    const m = SHAPES.insert.exec(statement);
    if (!m) throw refuse();
    const columns = split(m[2] ?? '');
    const values = split(m[3] ?? '');
    if (columns.length !== values.length) throw invalidQuery('Inserted row has wrong column count');
    return { kind: 'insert', table: m[1] ?? '', columns, values };
  }
  if (verb === 'UPDATE') {
    const m = SHAPES.update.exec(statement);
    if (!m) throw refuse();
    const set = split(m[2] ?? '').map((a) => {
      const [column = '', raw = ''] = a.split('=').map((s) => s.trim());
      const value = raw.toUpperCase() === 'NULL' ? 'NULL' : raw.replace(/ /g, '');
      if (!value.startsWith('@') && value !== 'NULL' && value !== `${column}+1`) throw refuse();
      return { column, value };
    });
    return { kind: 'update', table: m[1] ?? '', set, where: parseWhere(m[3] ?? '') };
  }
  if (verb === 'ALTER') {
    const m = SHAPES.alter.exec(statement);
    if (!m)
      throw unsupported(
        `statement ALTER of this shape: ${statement.slice(0, 120)} (only ALTER TABLE t ADD COLUMN [IF NOT EXISTS] c TYPE)`,
      );
    const [, table = '', ifNotExists, column = '', type = ''] = m;
    return { kind: 'alter', table, column, type: type.toUpperCase(), ifNotExists: ifNotExists !== undefined };
  }
  if (verb === 'MERGE') {
    const m = SHAPES.merge.exec(statement);
    if (!m) throw refuse();
    const [, table = '', target = '', items = '', source = '', on = '', cols = '', vals = ''] = m;
    checkOn(on, [target, source]);
    const columns = split(cols);
    const values = split(vals);
    if (columns.length !== values.length) throw invalidQuery('Inserted row has wrong column count');
    const sourceItems = split(items).map((item) => {
      const [param = '', column = ''] = item.split(/ AS /i).map((s) => s.trim());
      return { param: param.slice(1), column };
    });
    return { kind: 'merge', table, target, source, sourceItems, on, columns, values };
  }
  throw unsupported(`statement ${verb} (the stand-in runs SELECT and the state store's DML only)`);
}
