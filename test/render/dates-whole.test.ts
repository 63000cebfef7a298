import { describe, expect, it } from 'vitest';
import { code, command, strong } from '../../src/domain/message.js';
import { parseRange } from '../../src/domain/range-parser.js';
import { keepDatesWhole, richMrkdwn } from '../../src/slack/render/mrkdwn.js';
import { catalog } from '../support/ports.js';

const NB = '\u2011';

describe('dates never break at a hyphen in Slack prose', () => {
  it('joins the hyphens of dates and seasons with U+2011, and leaves other hyphens alone', () => {
    expect(keepDatesWhole('2 dates missing: 2022-10-25..2022-10-27 (3) in 2022-23; re-run')).toBe(
      `2 dates missing: 2022${NB}10${NB}25..2022${NB}10${NB}27 (3) in 2022${NB}23; re-run`,
    );
  });

  it('keeps ASCII hyphens in code and command spans, which people copy', () => {
    const text = richMrkdwn(
      ['on 2024-11-08 ', strong('2024-11-09'), ' ', code('2024-11-10'), ' ', command('status 2023-24')],
      {
        prefix: '/backfill ',
      },
    );
    expect(text).toBe(
      `on 2024${NB}11${NB}08 *2024${NB}11${NB}09* \`2024-11-10\` \`/backfill status 2023-24\``,
    );
  });

  it('reads a date copied with those hyphens as the date', () => {
    const ctx = { today: '2026-12-01', seasons: catalog.seasons, maxRangeDays: catalog.limits.maxRangeDays };
    const copied = parseRange([`2024${NB}11${NB}08..2024${NB}11${NB}14`], ctx);
    expect(copied.range.start).toBe('2024-11-08');
    expect(copied.range.end).toBe('2024-11-14');
  });
});
