import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock/clock.js';
import { type Standin, type StandinMessage, startStandin } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import { freePort } from '../support/free-port.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';
import { type BotProcess, spawnBot } from './bot-process.js';
import { countOutbox, type FaultTally, publishedCounts, reportTally } from './fault-tally.js';

// The bot as its own process (the built `npm start`), against a Slack stand-in that lives in the
// test and so outlives every kill: SIGKILL at each step after a vote is stored, restart with no
// further click, and count what Slack and the queue received.

const DATES = ['2023-11-01', '2023-11-02', '2023-11-03'];
// Phases 2 and 3 complete: a Phase 3 re-run passes its upstream check.
const phase3 = Object.fromEntries(catalog.tables.filter((t) => t.phase <= 3).map((t) => [t.table, DATES]));
// Each trial asks for its own range, so its card is told apart from earlier trials' in the channel.
const KILL_POINTS = [
  ['relay.delivering:chat.update', '2023-11-01..2023-11-03'],
  ['relay.delivered:chat.update', '2023-11-01..2023-11-02'],
  ['relay.delivering:chat.reply', '2023-11-02..2023-11-03'],
  ['relay.delivered:chat.reply', '2023-11-01'],
  ['relay.delivered:queue.publish', '2023-11-03'],
] as const;

describe('a crash after a vote is stored loses nothing and doubles nothing', () => {
  let dir: string;
  let warehouse: { path: string; cleanup: () => void };
  let standin: Standin;
  let port: number;
  const secret = randomBytes(20).toString('hex');
  const token = `xoxb-crash-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-crash-'));
    warehouse = await buildTinyWarehouse(catalog, { finalDates: DATES, present: phase3 });
    port = await freePort();
    standin = await startStandin({
      port: 0,
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: secret,
      botToken: token,
    });
  });
  // Every bot process's whole output (its info-level log): checked for the token and secret at the end.
  const bots: BotProcess[] = [];
  afterAll(async () => {
    const leaked = bots.filter((b) => b.output().includes(token) || b.output().includes(secret));
    expect(leaked, 'a bot process logged its token or signing secret').toEqual([]);
    expect(bots.map((b) => b.output()).join('')).toContain('outbox delivery');
    await standin.close();
    warehouse.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startBot(trial: string, failpoint?: string): Promise<BotProcess> {
    const bot = spawnBot({
      port,
      token,
      secret,
      apiUrl: standin.apiUrl,
      warehousePath: warehouse.path,
      dir: join(dir, trial),
      now: '2023-11-05',
      ...(failpoint ? { failpoint } : {}),
    });
    bots.push(bot);
    await bot.healthy();
    return bot;
  }

  /** What the trial's store holds once no bot runs: its outbox rows by state, and the decisions. */
  async function stored(trial: string): Promise<Pick<FaultTally, 'outbox' | 'decisions'>> {
    const store = await DuckdbStateStore.open({ path: join(dir, trial, 'state.duckdb'), clock: systemClock });
    try {
      return {
        outbox: countOutbox(await store.listOutbox({ limit: 1_000 })),
        decisions: (await store.listDecisions()).length,
      };
    } finally {
      await store.close();
    }
  }
  const queueKeys = (trial: string, schema: string) =>
    readFileSync(join(dir, trial, 'queue.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(schema))
      .map((l) => JSON.parse(l).key as string);

  const calls = (method: string, match: (args: Record<string, unknown>) => boolean) =>
    standin.apiCalls.filter((c) => c.method === method && match(c.args)).length;
  const isCard = (id: string) => (m: StandinMessage) =>
    JSON.stringify(m.blocks ?? []).includes(`Request ${id}`);
  const starts = (trial: string) =>
    readFileSync(join(dir, trial, 'queue.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('stage-start'));

  for (const [point, range] of KILL_POINTS) {
    it(`killed at ${point}: a restart delivers the card update, the thread reply and the Phase 4 start, each once`, async () => {
      const trial = point.replace(/[^a-z]+/g, '-');
      const channel = `C0OPS`;
      const callsBefore = standin.apiCalls.length;
      const first = await startBot(trial, point);
      await standin.slashCommand({ user: 'U0OPS', channel, text: `gate 1 ${range}` });
      const posted = await standin.waitFor(
        () =>
          standin
            .messages(channel)
            .find(
              (m) => !m.ephemeralTo && JSON.stringify(m.blocks ?? []).includes(`Gate 1 · ${range} · PASS`),
            ),
        10_000,
        'the card',
      );
      const id = /Request (g_[0-9a-f]{12})/.exec(JSON.stringify(posted.blocks))?.[1] ?? '';
      expect(id).toMatch(/^g_/);
      await standin.clickButton({ user: 'U0LEAD1', channel, messageTs: posted.ts, actionId: 'gate:approve' });
      expect(await first.exited).toBe('SIGKILL');

      const second = await startBot(trial);
      try {
        await standin.waitFor(
          () => {
            const card = standin.messages(channel).find((m) => m.ts === posted.ts);
            const replied = standin.messages(channel).some((m) => m.thread_ts === posted.ts);
            return (
              JSON.stringify(card?.blocks).includes('Approved by') && replied && starts(trial).length > 0
            );
          },
          15_000,
          'the update, the reply and the start after the restart',
        );
        // Let a double delivery, if there were one, arrive before counting.
        await new Promise((r) => setTimeout(r, 500));
        expect(calls('chat.update', (a) => a.ts === posted.ts)).toBe(1);
        expect(calls('chat.postMessage', (a) => a.thread_ts === posted.ts)).toBe(1);
        expect(standin.messages(channel).filter(isCard(id))).toHaveLength(1);
        expect(starts(trial)).toHaveLength(1);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      const tally = {
        ...(await stored(trial)),
        published: publishedCounts(queueKeys(trial, 'stage-start')),
        // This trial's posts: the card and its thread reply.
        posts: standin.apiCalls.slice(callsBefore).filter((c) => c.method === 'chat.postMessage').length,
        updates: calls('chat.update', (a) => a.ts === posted.ts),
      };
      reportTally(`vote, killed at ${point}`, tally);
      expect(tally.decisions).toBe(1);
      expect(tally.posts).toBe(2);
      expect(tally.outbox?.pending).toBe(0);
      expect(tally.outbox?.failed).toBe(0);
    });
  }

  for (const point of ['relay.delivering:queue.publish', 'relay.delivered:queue.publish']) {
    it(`killed at ${point} after a re-run's Confirm: a restart publishes its message once`, async () => {
      const trial = `rerun-${point.replace(/[^a-z]+/g, '-')}`;
      const channel = 'C0OPS';
      const first = await startBot(trial, point);
      const asked = standin.messages(channel, 'U0OPS').length;
      await standin.slashCommand({
        user: 'U0OPS',
        channel,
        text: 'rerun 2023-11-01..2023-11-03 PlayerGameSummaryProcessor',
      });
      const plan = await standin.waitFor(
        () =>
          standin
            .messages(channel, 'U0OPS')
            .slice(asked)
            .find((m) => JSON.stringify(m.blocks ?? []).includes('rerun:confirm')),
        10_000,
        'the plan',
      );
      await standin.clickButton({ user: 'U0OPS', channel, messageTs: plan.ts, actionId: 'rerun:confirm' });
      expect(await first.exited).toBe('SIGKILL');
      const second = await startBot(trial);
      try {
        const published = () =>
          readFileSync(join(dir, trial, 'queue.jsonl'), 'utf8')
            .split('\n')
            .filter((l) => l.includes('backfill-bot.rerun/v1'));
        await standin.waitFor(
          () => (existsSync(join(dir, trial, 'queue.jsonl')) && published().length > 0) || undefined,
          15_000,
          'the re-run message',
        );
        await new Promise((r) => setTimeout(r, 500));
        expect(published()).toHaveLength(1);
        expect(JSON.parse(published()[0] ?? '{}').data.dates).toEqual(DATES);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      const tally = {
        outbox: (await stored(trial)).outbox,
        published: publishedCounts(queueKeys(trial, 'rerun/v1')),
      };
      reportTally(`re-run Confirm, killed at ${point}`, tally);
      expect(tally.published).toEqual({ total: 1, keys: 1 });
      expect(tally.outbox?.pending).toBe(0);
    });
  }
});
