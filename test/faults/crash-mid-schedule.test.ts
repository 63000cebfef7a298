import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFromEnv } from '../../src/clock/clock.js';
import { type Standin, type StandinMessage, startStandin } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { OutboxRow, ScheduledSlot } from '../../src/store/state-store.js';
import { freePort } from '../support/free-port.js';
import { messageText } from '../support/message-text.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';
import { type BotProcess, spawnBot } from './bot-process.js';
import { countOutbox, reportTally } from './fault-tally.js';

// The bot as its own process (the built `npm start`), started five minutes after the daily report's
// slot (08:00 New York, config/pipeline.yml), so that its catch-up fires the report at once: SIGKILL
// at each step from building the report to delivering it, restart on the same state with no
// failpoint, and count what Slack received and what the store holds.
//
// Only the report is due then: the reminders job's latest slot (09:00 the day before) finds no
// milestone due (the first is on 2026-01-24), so it claims its slot and posts nothing.

const NOW = '2023-11-06T08:05:00-05:00';
const SLOT = '2023-11-06T13:00:00.000Z';
const REPORT_KEY = `schedule:report:${SLOT}`;
const REPORTED_DAY = '2023-11-05';
// The catalog's channels.report is backfill-ops and channels.reminders is reminders: these in the stand-in.
const REPORT_CHANNEL = 'C0OPS';
const REMINDERS_CHANNEL = 'C0REMIND';
const DATES = ['2023-11-03', '2023-11-04', '2023-11-05'];

/** What the kill left behind, read from the store and the stand-in before the restart. */
interface AtKill {
  /** The report's claimed slots. */
  slots: number;
  /** Outbox rows (all pending), and the delivery attempts they record. */
  rows: number;
  attempts: number;
  /** Messages in the report channel. */
  posts: number;
}

const KILL_POINTS: [point: string, atKill: AtKill][] = [
  // The report is built, the slot not claimed: nothing is stored, so the restart's catch-up fires it.
  ['schedule.built:report', { slots: 0, rows: 0, attempts: 0, posts: 0 }],
  // The claim and its row are committed, the relay never woken: the restart's relay delivers the row.
  ['schedule.claimed:report', { slots: 1, rows: 1, attempts: 0, posts: 0 }],
  // Claimed by the relay, not yet sent: the restart sends it.
  ['relay.delivering:chat.post', { slots: 1, rows: 1, attempts: 1, posts: 0 }],
  // Posted, but not recorded as delivered: the restart finds the post by its key and posts nothing.
  ['relay.delivered:chat.post', { slots: 1, rows: 1, attempts: 1, posts: 1 }],
];

describe('a crash while a scheduled report is fired loses nothing and doubles nothing', () => {
  let dir: string;
  let warehouse: { path: string; cleanup: () => void };
  const secret = randomBytes(20).toString('hex');
  const token = `xoxb-crash-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backfill-crash-schedule-'));
    warehouse = await buildTinyWarehouse(catalog, {
      finalDates: DATES,
      present: Object.fromEntries(catalog.tables.map((t) => [t.table, DATES])),
    });
  });
  afterAll(() => {
    // Every bot process's whole log kept the token and the signing secret out.
    const leaked = bots.filter((b) => b.output().includes(token) || b.output().includes(secret));
    expect(leaked, 'a bot process logged its token or signing secret').toEqual([]);
    warehouse.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const bots: BotProcess[] = [];
  const start = (trial: string, standin: Standin, port: number, failpoint?: string) => {
    const bot = spawnBot({
      port,
      token,
      secret,
      apiUrl: standin.apiUrl,
      warehousePath: warehouse.path,
      dir: join(dir, trial),
      now: NOW,
      ...(failpoint ? { failpoint } : {}),
    });
    bots.push(bot);
    return bot;
  };

  /** The store as no bot holds it (DuckDB admits one process): the report's claims and the outbox. */
  async function readStore(trial: string): Promise<{ slots: ScheduledSlot[]; rows: OutboxRow[] }> {
    const store = await DuckdbStateStore.open({
      path: join(dir, trial, 'state.duckdb'),
      clock: clockFromEnv(NOW),
    });
    try {
      return { slots: await store.listSlots('report'), rows: await store.listOutbox({ limit: 1_000 }) };
    } finally {
      await store.close();
    }
  }

  const posts = (standin: Standin, channel: string): StandinMessage[] =>
    standin.messages(channel).filter((m) => !m.ephemeralTo);
  const isReport = (m: StandinMessage) =>
    (m.metadata?.event_payload as { key?: unknown } | undefined)?.key === REPORT_KEY;

  for (const [point, atKill] of KILL_POINTS) {
    it(`killed at ${point}: a restart posts the ${REPORTED_DAY} report once, from one claim`, async () => {
      const trial = point.replace(/[^a-z]+/g, '-');
      const port = await freePort();
      const standin = await startStandin({
        port: 0,
        appUrl: `http://127.0.0.1:${port}/slack/events`,
        signingSecret: secret,
        botToken: token,
      });
      try {
        expect(await start(trial, standin, port, point).killed()).toBe('SIGKILL');
        const left = await readStore(trial);
        expect({
          slots: left.slots.length,
          rows: left.rows.length,
          attempts: left.rows.reduce((n, r) => n + r.attempts, 0),
          posts: posts(standin, REPORT_CHANNEL).length,
        }).toEqual(atKill);
        expect(left.rows.every((r) => r.state === 'pending')).toBe(true);

        const second = start(trial, standin, port);
        try {
          await second.healthy();
          await standin.waitFor(
            () => posts(standin, REPORT_CHANNEL).find(isReport),
            15_000,
            'the report after the restart',
          );
          // Let a double delivery, if there were one, arrive before counting.
          await new Promise((r) => setTimeout(r, 500));
        } finally {
          second.child.kill('SIGTERM');
          await second.exited;
        }

        const reports = posts(standin, REPORT_CHANNEL);
        const { slots, rows } = await readStore(trial);
        reportTally(`killed at ${point}`, {
          outbox: countOutbox(rows),
          posts: reports.length,
          more: { 'slots claimed': slots.length },
        });
        expect(reports).toHaveLength(1);
        expect(reports.filter(isReport)).toHaveLength(1);
        expect(messageText(reports[0])).toContain(REPORTED_DAY);
        expect(messageText(reports[0])).toMatch(/late/i);
        expect(posts(standin, REMINDERS_CHANNEL)).toEqual([]);
        expect(slots.map((s) => s.slot)).toEqual([SLOT]);
        expect(rows.map((r) => [r.key, r.state])).toEqual([[REPORT_KEY, 'delivered']]);
      } finally {
        await standin.close();
      }
    }, 60_000);
  }
});
