import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/domain/errors.js';
import { Dedupe } from '../../src/slack/dedupe.js';
import { parseSlackText } from '../../src/slack/slack-text.js';

describe('slash command text', () => {
  it('gives the same words as the CLI and lifts --public out', () => {
    expect(parseSlackText('  status   2023-24 --public ')).toEqual({
      words: ['status', '2023-24'],
      isPublic: true,
      explain: false,
    });
    expect(parseSlackText('gaps 2023-24 --explain').explain).toBe(true);
    expect(parseSlackText('')).toEqual({ words: [], isPublic: false, explain: false });
  });

  it("undoes Slack's escaping of &, < and >", () => {
    expect(parseSlackText('gaps &lt;x&gt; &amp;').words).toEqual(['gaps', '<x>', '&']);
  });

  it('refuses unknown options and says what is accepted', () => {
    expect(() => parseSlackText('status --json')).toThrow(BadInputError);
    expect(() => parseSlackText('status --json')).toThrow('unknown option --json');
  });
});

describe('dedupe', () => {
  it('lets a key through once within its time to live, then again after it', () => {
    let now = 0;
    const dedupe = new Dedupe(1000, () => now);
    expect(dedupe.first('a')).toBe(true);
    expect(dedupe.first('a')).toBe(false);
    expect(dedupe.first('b')).toBe(true);
    now = 1001;
    expect(dedupe.first('a')).toBe(true);
  });
});
