import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { faultyWarehouse } from '../support/faulty-warehouse.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const text = messageText;

describe('the app answers when the warehouse fails or hangs, and keeps serving', () => {
  let real: CommandPorts;
  let cleanup: () => void;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const harnesses: SlackHarness[] = [];
  const start = async (warehouse: Warehouse, deadlineMs = 10_000) => {
    const h = await startSlackHarness({ ...real, warehouse }, { deadlineMs });
    harnesses.push(h);
    return h;
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const world = await buildTinyWarehouse(catalog, {
      finalDates: ['2023-11-01'],
      runs: [
        {
          processor: 'PlayerGameSummaryProcessor',
          phase: 'phase_3_analytics',
          date: '2023-11-01',
          status: 'failed',
          startedAt: '2023-11-02 07:00:00',
          errors: 'boom',
        },
      ],
    });
    cleanup = world.cleanup;
    real = await duckdbPorts(world.path, '2023-11-05');
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await real.warehouse.close();
    cleanup();
    process.off('unhandledRejection', onUnhandled);
  });

  it('says what failed and that nothing was changed when the warehouse errors; the vendor words are in the log', async () => {
    const h = await start(faultyWarehouse('fail', real.warehouse));
    const ack = await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-11-01' });
    expect(ack.status).toBe(200);
    const answer = await h.standin.waitForMessage((m) => text(m).includes('could not run'));
    expect(answer.ephemeralTo).toBe('U0OPS');
    expect(text(answer)).toContain('The warehouse could not run this (status).');
    expect(text(answer)).toContain('Nothing was changed.');
    expect(text(answer)).not.toContain('connection reset');
    const ref = /Ref ([0-9a-f]{8})/.exec(text(answer))?.[1];
    expect(
      h.logs.some((line) => line.includes(`ref ${ref}`) && line.includes('connection reset by peer')),
    ).toBe(true);
  });

  it('answers a timeout when the warehouse hangs, then serves the next command', async () => {
    const h = await start(faultyWarehouse('hang', real.warehouse), 300);
    const started = performance.now();
    const ack = await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'status 2023-11-01' });
    expect(ack.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    const timeout = await h.standin.waitForMessage((m) => text(m).includes('did not answer'));
    expect(text(timeout)).toContain('The warehouse did not answer within 300 ms');
    expect(text(timeout)).toContain('Nothing was changed.');
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'failures 2023-11-01' });
    const next = await h.standin.waitForMessage((m) => text(m).includes('Failures · 2023-11-01'));
    expect(text(next)).toContain('PlayerGameSummaryProcessor');
  });

  it('shows an unexpected error only as a reference that is in the log', async () => {
    const h = await start(faultyWarehouse('bug', real.warehouse));
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'gaps 2023-11-01' });
    const answer = await h.standin.waitForMessage((m) => text(m).includes('internal error, ref'));
    const ref = /internal error, ref ([0-9a-f]{8})/.exec(text(answer))?.[1];
    expect(ref).toBeDefined();
    expect(text(answer)).not.toContain('Cannot read properties');
    expect(
      h.logs.some((line) => line.includes(`ref ${ref}`) && line.includes('Cannot read properties')),
    ).toBe(true);
  });

  it('left no promise rejection unhandled', () => {
    expect(unhandled).toEqual([]);
  });
});

describe('long answers', () => {
  let ports: CommandPorts;
  let cleanup: () => void;
  let h: SlackHarness;

  beforeAll(async () => {
    // 70 distinct error signatures: one answer block each, more than one message holds.
    const words = Array.from(
      { length: 70 },
      (_, i) => `failure${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
    );
    const world = await buildTinyWarehouse(catalog, {
      finalDates: ['2023-11-01'],
      runs: words.map((w) => ({
        processor: 'PlayerGameSummaryProcessor',
        phase: 'phase_3_analytics',
        date: '2023-11-01',
        status: 'failed',
        startedAt: '2023-11-02 07:00:00',
        errors: `ValueError: ${w} in parser`,
      })),
    });
    cleanup = world.cleanup;
    ports = await duckdbPorts(world.path, '2023-11-05');
    h = await startSlackHarness(ports);
  });
  afterAll(async () => {
    await h.close();
    await ports.warehouse.close();
    cleanup();
  });

  it('are cut into parts Slack accepts, with a More button that brings the next part', async () => {
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'failures 2023-11-01' });
    const first = await h.standin.waitForMessage((m) => text(m).includes('More (part 2 of 2)'));
    expect((first.blocks as KnownBlock[]).length).toBeLessThanOrEqual(50);
    await h.standin.clickButton({ user: 'U0OPS', channel: 'C0OPS', messageTs: first.ts, actionId: 'more' });
    const second = await h.standin.waitForMessage(
      (m) => text(m).includes('(part 2 of 2)') && !text(m).includes('More (part'),
    );
    const shown = [first, second].flatMap((m) =>
      [...text(m).matchAll(/ValueError: (failure[a-z]{2})/g)].map((x) => x[1]),
    );
    expect(new Set(shown).size).toBe(70);
  });
});
