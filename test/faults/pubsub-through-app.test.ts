import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import { PubsubQueue } from '../../src/queue/pubsub/pubsub-queue.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { messageText } from '../support/message-text.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { type PubsubStandin, startPubsubStandin } from '../support/pubsub-standin/start-pubsub-standin.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';
import { outboxCounts, publishedCounts, reportTally } from './fault-tally.js';
import { SHORT_RETRY } from './short-publish-retry.js';

// A re-run confirmed in Slack while Pub/Sub cannot take it: the real Bolt app, the real relay and
// the real @google-cloud/pubsub client over gRPC to the Publisher stand-in. The person can see why
// it has not gone out (`rerun status`), and once Pub/Sub takes it, it goes out once.

const PROJECT = 'backfill-faults-app';
const TOPIC = 'nba-phase3-analytics-trigger';
const PROCESSOR = 'PlayerGameSummaryProcessor';
const DATES = ['2023-11-01', '2023-11-02', '2023-11-03'];
const text = messageText;

describe('a re-run confirmed while Pub/Sub cannot take it', () => {
  let dir: string;
  let cleanup: () => void;
  let ports: CommandPorts;
  let store: DuckdbStateStore;
  let pubsub: PubsubStandin;
  let queue: PubsubQueue;
  let h: SlackHarness;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-pubsub-app-'));
    const present = Object.fromEntries(
      catalog.tables.filter((t) => t.phase <= 3).map((t) => [t.table, DATES]),
    );
    const world = await buildTinyWarehouse(catalog, { finalDates: DATES, present });
    cleanup = world.cleanup;
    // A clock that runs: the relay's backoff has to pass for a retry to come due.
    const clock = startedClock(new Date('2023-11-05T12:00:00Z'));
    ports = { ...(await duckdbPorts(world.path, '2023-11-05')), clock };
    store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock });
    pubsub = await startPubsubStandin({ project: PROJECT });
    queue = new PubsubQueue({ project: PROJECT, emulatorHost: pubsub.host, clock, retry: SHORT_RETRY });
    h = await startSlackHarness(ports, { store, queue });
  });
  afterAll(async () => {
    await h?.close();
    await queue?.close();
    await store?.close();
    await pubsub?.close();
    await ports?.warehouse.close();
    cleanup?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const answers = (what: string) =>
    h.standin.messages('C0OPS', 'U0OPS').filter((m) => m.ephemeralTo === 'U0OPS' && text(m).includes(what));
  /** The first answer saying `what` after the `before` earlier ones. */
  const answer = (what: string, before = answers(what).length) =>
    h.standin.waitFor(() => answers(what)[before], 10_000, `an answer saying ${what}`);
  const confirmValue = (m: StandinMessage) =>
    ((m.blocks as KnownBlock[] | undefined) ?? [])
      .flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string }[]) : []))
      .find((e) => e.action_id === 'rerun:confirm')?.value ?? '';
  const rerunKeys = () =>
    pubsub.received.filter((m) => m.attributes.kind === 'rerun').map((m) => m.attributes.message_key ?? '');

  /** Plans and confirms a re-run of `range` as U0OPS; returns its request id. */
  async function confirmRerun(range: string): Promise<string> {
    const before = answers('Ready:').length;
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `rerun ${range} ${PROCESSOR}` });
    const plan = await answer('Ready:', before);
    const id = JSON.parse(confirmValue(plan)).id as string;
    const confirmed = answers('confirmed').length;
    await h.standin.clickButton({
      user: 'U0OPS',
      channel: 'C0OPS',
      messageTs: plan.ts,
      actionId: 'rerun:confirm',
    });
    await answer('confirmed', confirmed);
    return id;
  }

  /** `rerun status <id>` as the person types it, once its message has failed `attempts` times. */
  async function statusAfterFailures(id: string, attempts: number): Promise<string> {
    await expect
      .poll(
        async () => {
          const [row] = await store.listOutbox({ stream: `rerun:${id}:queue` });
          return row?.state === 'pending' && row.lastError !== null && row.attempts >= attempts;
        },
        { timeout: 10_000, message: `${attempts} failed publishes` },
      )
      .toBe(true);
    const before = answers(`Re-run ${id}`).length;
    await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `rerun status ${id}` });
    return text(await answer(`Re-run ${id}`, before));
  }

  it('says the topic is missing and that the bot never creates it, then publishes once the topic exists', async () => {
    const id = await confirmRerun('2023-11-01..2023-11-03');
    const status = await statusAfterFailures(id, 2);
    expect(status).toContain('retrying');
    expect(status).toContain(`Pub/Sub topic ${TOPIC} does not exist in project ${PROJECT}`);
    expect(status).toContain('the bot never creates topics');
    expect(rerunKeys()).toEqual([]);

    pubsub.createTopic(TOPIC);
    await h.standin.waitFor(() => rerunKeys().length > 0, 15_000, 'the published re-run');
    await new Promise((r) => setTimeout(r, 500));
    const tally = { outbox: await outboxCounts(store), published: publishedCounts(rerunKeys()) };
    reportTally('re-run confirmed while its topic is missing', tally);
    expect(tally.published).toEqual({ total: 1, keys: 1 });
    expect(tally.outbox.pending + tally.outbox.failed).toBe(0);
    expect(JSON.parse(pubsub.received[0]?.data ?? '{}')).toMatchObject({
      processor: PROCESSOR,
      dates: DATES,
    });
    // Publish only: no CreateTopic, no GetTopic.
    expect(new Set(pubsub.rpcs)).toEqual(new Set(['Publish']));
  });

  it('says Pub/Sub did not take it and that it tries again, then publishes once when Pub/Sub is back', async () => {
    const before = rerunKeys().length;
    pubsub.failNext('UNAVAILABLE', 1_000);
    const id = await confirmRerun('2023-11-02..2023-11-03');
    const status = await statusAfterFailures(id, 2);
    expect(status).toContain('retrying');
    expect(status).toContain(`Pub/Sub did not take a publish to topic ${TOPIC}`);
    expect(rerunKeys()).toHaveLength(before);

    pubsub.failNext('UNAVAILABLE', 0);
    await h.standin.waitFor(() => rerunKeys().length > before, 15_000, 'the published re-run');
    await new Promise((r) => setTimeout(r, 500));
    const tally = { outbox: await outboxCounts(store), published: publishedCounts(rerunKeys()) };
    reportTally('re-run confirmed while Pub/Sub is unavailable', tally);
    expect(tally.published).toEqual({ total: 2, keys: 2 });
    expect(tally.outbox.pending + tally.outbox.failed).toBe(0);
    const after = text(
      await (async () => {
        const n = answers(`Re-run ${id}`).length;
        await h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `rerun status ${id}` });
        return answer(`Re-run ${id}`, n);
      })(),
    );
    expect(after).toContain('published');
  });
});
