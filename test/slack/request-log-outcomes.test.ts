import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { createLogger } from '../../src/log/create-logger.js';
import { errorLineSink } from '../../src/log/error-line-sink.js';
import { createSlackApp } from '../../src/slack/create-slack-app.js';
import { Dedupe } from '../../src/slack/dedupe.js';
import { type Standin, startStandin } from '../../src/standin/start-standin.js';
import { faultyWarehouse } from '../support/faulty-warehouse.js';
import { freePort } from '../support/free-port.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// Errors the app answers itself (the user gets a message, nothing is thrown) still end the request's
// log line with their code, and an internal error's line carries the ref the user was shown.

type Line = Record<string, unknown>;
const text = messageText;

describe('request log lines of answered errors, through the Bolt app', () => {
  let real: CommandPorts;
  let cleanup: () => void;
  let standin: Standin;
  let app: App;
  let raw = '';
  const lines = () =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  const requestLine = (name: string) =>
    expect.poll(() => lines().find((l) => 'outcome' in l && l.name === name), { timeout: 10_000 });

  beforeAll(async () => {
    const world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    cleanup = world.cleanup;
    real = await duckdbPorts(world.path, '2023-11-05');
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}/slack/events`;
    const signingSecret = randomBytes(16).toString('hex');
    const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
    standin = await startStandin({ port: 0, appUrl, signingSecret, botToken });
    const logger = createLogger({
      destination: {
        write: (t: string) => {
          raw += t;
        },
      },
    });
    app = createSlackApp({
      botToken,
      signingSecret,
      apiUrl: standin.apiUrl,
      logger,
      deps: {
        // Coverage hits a bug: status answers "internal error, ref <id>".
        ports: { ...real, warehouse: faultyWarehouse('bug', real.warehouse) },
        deadlineMs: 10_000,
        dedupe: new Dedupe(600_000),
        log: errorLineSink(logger),
      },
    });
    await app.start({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.stop();
    await standin.close();
    await real.warehouse.close();
    cleanup();
  });

  it('logs a bad range the user was told about as BAD_INPUT, at WARNING', async () => {
    await standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gaps 2024-02-30' });
    const answer = await standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('2024-02-30'),
    );
    expect(text(answer)).not.toContain('internal error');
    await requestLine('/backfill gaps').toMatchObject({
      severity: 'WARNING',
      kind: 'command',
      user: 'U0OPS',
      outcome: 'BAD_INPUT',
    });
    expect(lines().find((l) => l.name === '/backfill gaps')).not.toHaveProperty('error_ref');
  });

  it("logs an internal error with the ref the user saw as the request line's error_ref, at ERROR", async () => {
    await standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-11-01' });
    const answer = await standin.waitForMessage((m) => text(m).includes('internal error, ref'));
    const ref = /internal error, ref ([0-9a-f]{8})/.exec(text(answer))?.[1];
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    await requestLine('/backfill status').toMatchObject({
      severity: 'ERROR',
      outcome: 'INTERNAL',
      error_ref: ref,
    });
    // The details are in the error line written under the same request, never in the answer.
    expect(lines()).toContainEqual(
      expect.objectContaining({
        severity: 'ERROR',
        name: '/backfill status',
        message: expect.stringContaining(`internal error ref ${ref}: TypeError`),
      }),
    );
  });
});
