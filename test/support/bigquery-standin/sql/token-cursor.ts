import { type BigqueryError, invalidQuery, unsupported } from '../bigquery-error.js';
import { isReserved, KEYWORDS } from './allowed-sql.js';
import { positionOf, type Token } from './tokenize.js';

/** Walks the tokens of one statement; every "unexpected" names the token and its position. */
export class TokenCursor {
  private i = 0;

  constructor(
    readonly sql: string,
    private readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.text === word;
  }

  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === op;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected(`expected keyword ${word}`);
    return this.next();
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected(`expected "${op}"`);
    return this.next();
  }

  /** A name that may stand as an alias here: a quoted identifier or a word that is no keyword. */
  isName(offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'quoted' || (t.kind === 'word' && !KEYWORDS.has(t.text) && !isReserved(t.text));
  }

  expectName(): string {
    if (!this.isName()) throw this.unexpected('expected a name');
    return this.next().raw;
  }

  position(token: Token = this.peek()): string {
    return positionOf(this.sql, token.pos);
  }

  /** The error for the token at hand: keywords we never taught the stand-in are refused by name. */
  unexpected(expected?: string, token: Token = this.peek()): BigqueryError {
    const at = this.position(token);
    if (token.kind === 'word' && isReserved(token.text) && !KEYWORDS.has(token.text)) {
      return unsupported(`keyword ${token.text}`, at);
    }
    const what =
      token.kind === 'end'
        ? 'end of script'
        : token.kind === 'word'
          ? KEYWORDS.has(token.text)
            ? `keyword ${token.text}`
            : `identifier "${token.raw}"`
          : token.kind === 'string'
            ? `string literal '${token.text}'`
            : token.kind === 'number'
              ? `number ${token.text}`
              : token.kind === 'param'
                ? `query parameter @${token.text}`
                : `"${token.text}"`;
    return invalidQuery(`Syntax error: Unexpected ${what}${expected ? ` (${expected})` : ''} at ${at}`);
  }
}
