import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../src/log/bolt-logger.js';
import { createLogger } from '../../src/log/create-logger.js';
import { lineLogger } from '../../src/log/line-logger.js';

describe("the Logger port's other adapters", () => {
  it("turns Bolt's lines into ours at Bolt's level, formatted as Bolt would", () => {
    let raw = '';
    const logger = createLogger({
      destination: {
        write: (text: string) => {
          raw += text;
        },
      },
    });
    const bolt = boltLogger(logger.child({ component: 'bolt' }));
    bolt.info('not at WARN');
    bolt.warn('Failed to verify:', 'signature mismatch');
    bolt.setLevel(LogLevel.ERROR);
    bolt.warn('dropped at ERROR');
    bolt.error(new Error('listener failed'));
    const lines = raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.severity, l.component, l.message.split('\n')[0]])).toEqual([
      ['WARNING', 'bolt', 'Failed to verify: signature mismatch'],
      ['ERROR', 'bolt', 'Error: listener failed'],
    ]);
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
  });

  it('writes plain lines for people: the message, then fields as key=value, tokens cleaned', () => {
    let text = '';
    const logger = lineLogger({
      write: (chunk: string) => {
        text += chunk;
      },
    });
    logger.info({}, 'No warehouse found: created demo warehouse .data/backfill.duckdb');
    logger.child({ port: 'store' }).warn({ retry: 2 }, 'slow answer from xoxb-1-2-secret');
    logger.debug({}, 'not for people');
    expect(text).toBe(
      'No warehouse found: created demo warehouse .data/backfill.duckdb\n' +
        'slow answer from [redacted] port="store" retry=2\n',
    );
  });
});
