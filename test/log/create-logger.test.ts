import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/create-logger.js';
import { captureLog } from '../support/captured-log.js';

describe('createLogger', () => {
  it('writes one JSON line per call with the severity Cloud Logging reads, the message, the time and the fields', () => {
    const { logger, lines } = captureLog('debug');
    logger.debug({ n: 1 }, 'a debug line');
    logger.info({ n: 2 }, 'an info line');
    logger.warn({ n: 3 }, 'a warning');
    logger.error({ n: 4 }, 'an error');
    expect(lines().map(({ time, ...rest }) => [Number.isNaN(Date.parse(String(time))), rest])).toEqual([
      [false, { severity: 'DEBUG', n: 1, message: 'a debug line' }],
      [false, { severity: 'INFO', n: 2, message: 'an info line' }],
      [false, { severity: 'WARNING', n: 3, message: 'a warning' }],
      [false, { severity: 'ERROR', n: 4, message: 'an error' }],
    ]);
  });

  it('drops lines below its level (info by default)', () => {
    const { logger, lines } = captureLog();
    logger.debug({}, 'not written');
    logger.info({}, 'written');
    expect(lines().map((l) => l.message)).toEqual(['written']);
  });

  it("adds a child's bindings to each of its lines, and keeps the parent's lines as they were", () => {
    const { logger, lines } = captureLog();
    logger.child({ component: 'bolt' }).warn({ status: 401 }, 'refused');
    logger.info({}, 'parent');
    expect(lines()).toMatchObject([
      { component: 'bolt', status: 401, message: 'refused' },
      { message: 'parent' },
    ]);
    expect(lines()[1]).not.toHaveProperty('component');
  });

  it('blanks secret fields at the top level and two levels down', () => {
    const { logger, lines } = captureLog();
    logger.info(
      {
        token: 't1',
        env: { SLACK_BOT_TOKEN: 't2', SLACK_SIGNING_SECRET: 't3', PORT: 3000 },
        request: { headers: { authorization: 't4' } },
      },
      'fields',
    );
    expect(lines()[0]).toMatchObject({
      token: '[redacted]',
      env: { SLACK_BOT_TOKEN: '[redacted]', SLACK_SIGNING_SECRET: '[redacted]', PORT: 3000 },
      request: { headers: { authorization: '[redacted]' } },
    });
  });

  it('cleans Slack tokens and Bearer credentials out of messages, string fields and error stacks', () => {
    const { logger, raw } = captureLog();
    logger.error({ url: 'https://x.test/?t=xapp-1-A0-abc' }, 'call with xoxb-123-456-abc failed');
    logger.error({ err: new Error('auth header Bearer xoxp-9-z rejected') }, 'thrown');
    expect(raw()).not.toMatch(/xoxb-|xapp-|xoxp-/);
    expect(raw()).toContain('call with [redacted] failed');
    expect(raw()).toContain('Bearer [redacted] rejected');
  });

  it('writes readable lines, not JSON, when asked for pretty output (a terminal)', () => {
    let raw = '';
    const terminal = new Writable({
      write(chunk, _encoding, done) {
        raw += String(chunk);
        done();
      },
    });
    createLogger({ pretty: true, destination: terminal }).info({ path: '.data/backfill.duckdb' }, 'readable');
    // In this thread and synchronous: the line is there when the call returns.
    expect(raw).toMatch(/INFO.*readable/);
    expect(raw).toContain('{"path":".data/backfill.duckdb"}');
    expect(() => JSON.parse(raw.split('\n')[0] ?? '')).toThrow();
  });
});
