import { invalidQuery, unsupported } from '../bigquery-error.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** Words upper-cased; quoted identifiers and strings decoded; operators as written. */
  text: string;
  /** As written (a word's original case). */
  raw: string;
  /** Offset in the SQL text, for BigQuery-style `[line:column]` positions. */
  pos: number;
}

/** `[line:column]` of an offset, 1-based, as BigQuery reports positions. */
export function positionOf(sql: string, pos: number): string {
  const before = sql.slice(0, pos).split('\n');
  return `[${before.length}:${(before.at(-1)?.length ?? 0) + 1}]`;
}

// Characters that are DuckDB or Postgres habits in a query meant for BigQuery: refused by name.
const REFUSED: Record<string, string> = {
  $: '$param ($name and $1 are DuckDB parameters; BigQuery parameters are @name)',
  '?': 'positional parameter ? (our SQL uses @named parameters)',
  ';': '; (scripts and multiple statements)',
  '[': '[ ] (array literals and subscripts)',
  ']': '[ ] (array literals and subscripts)',
  '%': '% operator (BigQuery has MOD())',
  '{': '{ }',
  '}': '{ }',
};

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=']);
const ONE_CHAR_OPS = new Set(['=', '<', '>', '+', '-', '*', '/', ',', '(', ')', '.']);
const ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  n: '\n',
  t: '\t',
  r: '\r',
};

/** Splits GoogleSQL text into tokens, refusing what BigQuery and DuckDB read differently. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (pos: number) => positionOf(sql, pos);
  // Reads a quoted run with backslash escapes; returns the decoded text and the offset after it.
  const readQuoted = (start: number, quote: string, what: string): [string, number] => {
    let out = '';
    let j = start + 1;
    while (j < sql.length && sql[j] !== quote) {
      if (sql[j] === '\\') {
        const escaped = ESCAPES[sql[j + 1] ?? ''];
        if (escaped === undefined) throw unsupported(`escape \\${sql[j + 1] ?? ''} in a ${what}`, at(j));
        out += escaped;
        j += 2;
      } else {
        out += sql[j];
        j++;
      }
    }
    if (j >= sql.length) throw invalidQuery(`Syntax error: Unclosed ${what} at ${at(start)}`);
    return [out, j + 1];
  };

  while (i < sql.length) {
    const c = sql[i] as string;
    const two = sql.slice(i, i + 2);
    if (/\s/.test(c)) {
      i++;
    } else if (two === '--' || c === '#') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (two === '/*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw invalidQuery(`Syntax error: Unclosed comment at ${at(i)}`);
      i = close + 2;
    } else if (c === '"') {
      const close = sql.indexOf('"', i + 1);
      const text = sql.slice(i, close < 0 ? undefined : close + 1);
      throw unsupported(
        `double-quoted ${text} (BigQuery reads "..." as a STRING, DuckDB as a name: write \`name\` or 'text')`,
        at(i),
      );
    } else if (c === "'") {
      if (sql.startsWith("'''", i)) throw unsupported("triple-quoted string '''...'''", at(i));
      const [text, next] = readQuoted(i, "'", 'string literal');
      if (sql[next] === "'")
        throw unsupported("'' inside a string (BigQuery escapes a quote as \\')", at(next));
      tokens.push({ kind: 'string', text, raw: text, pos: i });
      i = next;
    } else if (c === '`') {
      const [text, next] = readQuoted(i, '`', 'identifier literal');
      tokens.push({ kind: 'quoted', text, raw: text, pos: i });
      i = next;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(\d*\.?\d*)([eE][+-]?\d+)?/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0], raw: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0].toUpperCase(), raw: m[0], pos: i });
      i += m[0].length;
    } else if (c === '@') {
      if (sql[i + 1] === '@') throw unsupported('system variable @@', at(i));
      const m = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i));
      if (!m?.[1]) throw invalidQuery(`Syntax error: Unexpected "@" at ${at(i)}`);
      tokens.push({ kind: 'param', text: m[1], raw: m[1], pos: i });
      i += m[0].length;
    } else if (two === '::') {
      throw unsupported(':: cast (DuckDB syntax; BigQuery has CAST(x AS type))', at(i));
    } else if (two === '||') {
      throw unsupported('|| concatenation', at(i));
    } else if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: 'op', text: two, raw: two, pos: i });
      i += 2;
    } else if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ kind: 'op', text: c, raw: c, pos: i });
      i++;
    } else {
      throw unsupported(REFUSED[c] ?? `character ${JSON.stringify(c)}`, at(i));
    }
  }
  tokens.push({ kind: 'end', text: '', raw: '', pos: sql.length });
  return tokens;
}
