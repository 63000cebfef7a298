import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startedClock } from '../../src/clock/clock.js';
import type { CommandPorts } from '../../src/commands/command-context.js';
import type { StandinMessage } from '../../src/standin/start-standin.js';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { SqlWarehouse } from '../../src/warehouse/sql-warehouse.js';
import { bigqueryOverStandin } from '../support/bigquery-adapter.js';
import type { BigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import { messageText } from '../support/message-text.js';
import { catalog } from '../support/ports.js';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';
import { outboxCounts, reportTally } from './fault-tally.js';

// The production BigQuery adapter, through the real Google client, against the BigQuery REST
// stand-in, behind the real Bolt app and the Slack stand-in: what a Slack user sees when BigQuery is
// slow or refuses, and that nothing is stored, posted or answered twice.

const text = messageText;
const DATE = '2023-11-01';
const TODAY = new Date('2023-11-05T12:00:00Z');
// Retries as the client makes them, only faster: three tries in all, milliseconds apart.
const FAST_RETRY = { maxRetries: 2, retryDelayMultiplier: 0.01, maxRetryDelay: 0.05, totalTimeout: 20 };
const TRIES = FAST_RETRY.maxRetries + 1;
const SLOW_MS = 4000;
const ACK_WINDOW_MS = 3000;
// Long enough for a doubled answer or post, or a retry still under way, to show before counting.
const SETTLE_MS = 300;
// The jobs a Gate 1 request runs, by label: what the gate reads (its tables' coverage against the
// schedule, and their newest modification), and each approver's Home (U0LEAD1, U0LEAD2), redrawn
// for the new request, with the current season's status.
const GATE_REQUEST_JOBS = { gate: 2, status: 2 };

// A path of two segments or more (`/backfill help` is one): what a file name on the server looks like.
const SERVER_PATH = /\/[^\s/"`]+\/[^\s"`]+/;
// What only BigQuery's own error body, a Node stack or the Google client would put in an answer.
const VENDOR =
  /"error"\s*:|"reason"|"errors"|googleapis|cloud\.google\.com|bigquery\.jobs|Quota exceeded:|Exceeded rate limits|An internal error occurred|Error encountered during execution|Query exceeded limit for bytes billed/;
const STACK = /\bat \S+ \(|\.[jt]s:\d+:\d+/;

const refOf = (m: StandinMessage) => /Ref ([0-9a-f]{8})/.exec(text(m))?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gates 0-1 judge Phases 2-3: those tables hold the one game day, so Gate 1 passes and has a card. */
const phase3 = Object.fromEntries(catalog.tables.filter((t) => t.phase <= 3).map((t) => [t.table, [DATE]]));

/** One scenario's own state store and app, over a shared BigQuery adapter and stand-in. */
interface Scenario {
  h: SlackHarness;
  store: DuckdbStateStore;
  /** What the stand-in had seen before the scenario began. */
  jobsBefore: number;
  requestsBefore: number;
}

function world() {
  const dirs: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  let n = 0;
  return {
    async scenario(
      warehouse: SqlWarehouse,
      standin: BigqueryStandin,
      deadlineMs = 10_000,
    ): Promise<Scenario> {
      const dir = mkdtempSync(join(tmpdir(), 'backfill-bq-app-'));
      dirs.push(dir);
      // The day pinned, time running (as BACKFILL_NOW): the approvers' Home refreshes settle and go out.
      const clock = startedClock(TODAY);
      const store = await DuckdbStateStore.open({ path: join(dir, `state-${n++}.duckdb`), clock });
      const ports: CommandPorts = { catalog, warehouse, clock };
      const h = await startSlackHarness(ports, { deadlineMs, store });
      closers.push(async () => {
        await h.close();
        await store.close();
      });
      return { h, store, jobsBefore: standin.jobs.length, requestsBefore: standin.requests.length };
    },
    async close() {
      for (const close of closers) await close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The scenario's Slack messages: answers only the user sees, and posts everyone in the channel sees. */
function slackCounts(s: Scenario) {
  const all = s.h.standin.messages('C0OPS');
  return {
    answers: all.filter((m) => m.ephemeralTo === 'U0OPS'),
    posts: all.filter((m) => !m.ephemeralTo),
  };
}

const isCard = (m: StandinMessage) => !m.ephemeralTo && text(m).includes('gate:approve');

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** The jobs the stand-in ran since the scenario began (a job refused at the front is no job). */
const jobsSince = (standin: BigqueryStandin, s: Scenario) => standin.jobs.slice(s.jobsBefore);
/** Jobs by their `command` label: a doubled job shows as one more. */
const jobCounts = (jobs: BigqueryStandin['jobs']) => {
  const counts: Record<string, number> = {};
  for (const j of jobs) counts[j.labels.command ?? ''] = (counts[j.labels.command ?? ''] ?? 0) + 1;
  return counts;
};

/** Waits until the outbox has nothing left to deliver (the relay runs beside the app). */
async function delivered(s: Scenario): Promise<void> {
  const deadline = performance.now() + 5000;
  while ((await outboxCounts(s.store)).pending > 0) {
    if (performance.now() > deadline) throw new Error('the outbox was not delivered within 5 s');
    await sleep(20);
  }
}

/** The API calls that submit a job (jobs.insert), each try of the client counted. */
const submitsSince = (standin: BigqueryStandin, s: Scenario) =>
  standin.requests.slice(s.requestsBefore).filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));

describe('a BigQuery query slower than Slack’s 3 s ack window, through the app', () => {
  let cleanup: () => void;
  let warehouse: SqlWarehouse;
  let standin: BigqueryStandin;
  const scenarios = world();

  beforeAll(async () => {
    const tiny = await buildTinyWarehouse(catalog, { finalDates: [DATE], present: phase3 });
    cleanup = tiny.cleanup;
    ({ warehouse, standin } = await bigqueryOverStandin(catalog, tiny.path));
  });
  afterAll(async () => {
    await scenarios.close();
    await warehouse.close();
    await standin.close();
    cleanup();
  });

  /** Sends `words` while the next coverage job is held for 4 s; checks the ack beat Slack's 3 s. */
  async function slowCommand(s: Scenario, words: string) {
    const hold = standin.holdNext(/INFORMATION_SCHEMA\.PARTITIONS/);
    const started = performance.now();
    setTimeout(() => hold.release(), SLOW_MS);
    const ack = await s.h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: words });
    const ackMs = performance.now() - started;
    expect(ack.status).toBe(200);
    // Slack shows "operation_timeout" (the stand-in's `error`) for an ack later than 3 s.
    expect(ack.error).toBeUndefined();
    expect(ackMs).toBeLessThan(ACK_WINDOW_MS);
    await hold.held;
    // Acked, the query waiting at BigQuery: nothing answered yet.
    expect(slackCounts(s).answers).toEqual([]);
    return { started };
  }

  it('acks a status command within 3 s, then answers it once, with the status, when the query returns after 4 s', async () => {
    const s = await scenarios.scenario(warehouse, standin);
    const { started } = await slowCommand(s, `status ${DATE}`);

    const answer = await s.h.standin.waitForMessage((m) => m.ephemeralTo === 'U0OPS', SLOW_MS + 4000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(text(answer)).toContain(`Backfill status · ${DATE}`);
    expect(text(answer)).toContain('Phase 2 complete · Phase 3 complete · Phase 4 not started');
    expect(text(answer)).toMatch(/bigquery · 1 query · \d{4} ms/);
    expect(text(answer)).not.toContain('did not answer');
    // A second answer (a late timeout, a redelivered command) would come now: none does.
    await sleep(SETTLE_MS);
    const { answers, posts } = slackCounts(s);
    expect(answers).toHaveLength(1);
    expect(posts).toHaveLength(0);
    const jobs = jobsSince(standin, s);
    expect(jobs.map((j) => j.labels.command)).toEqual(['status']);
    const outbox = await outboxCounts(s.store);
    expect(outbox.rows).toBe(0);
    reportTally('status held 4 s at BigQuery, past the 3 s ack window', {
      outbox,
      posts: posts.length,
      more: { 'BigQuery jobs': jobs.length, answers: answers.length },
    });
  });

  it('acks a gate request within 3 s, then posts its card once and stores one request, after the slow query', async () => {
    const s = await scenarios.scenario(warehouse, standin);
    const { started } = await slowCommand(s, `gate 1 ${DATE}`);
    // While the evidence is read, nothing is recorded.
    expect(await s.store.listPendingGates()).toEqual([]);
    expect(await s.store.listOutbox()).toEqual([]);

    const card = await s.h.standin.waitForMessage(isCard, SLOW_MS + 4000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 50);
    expect(text(card)).toContain(`Gate 1 · ${DATE} · PASS`);
    expect(text(card)).toContain('requested by <@U0OPS>');
    const note = await s.h.standin.waitForMessage((m) => m.ephemeralTo === 'U0OPS');
    expect(text(note)).toContain(`Posting the gate 1 card for ${DATE} (PASS)`);
    await delivered(s);
    await sleep(SETTLE_MS);

    const { answers, posts } = slackCounts(s);
    expect(posts).toEqual([card]);
    expect(answers).toEqual([note]);
    const pending = await s.store.listPendingGates();
    expect(pending.map((g) => g.request.gate)).toEqual(['1']);
    expect(text(card)).toContain(`Request ${pending[0]?.request.id}`);
    const outbox = await outboxCounts(s.store);
    // The card's post, and the Home of each of the two approvers (U0LEAD1, U0LEAD2), each delivered once.
    expect(outbox).toEqual({ rows: 3, delivered: 3, pending: 0, failed: 0 });
    const jobs = jobsSince(standin, s);
    expect(jobCounts(jobs)).toEqual(GATE_REQUEST_JOBS);
    reportTally('gate request held 4 s at BigQuery, past the 3 s ack window', {
      outbox,
      posts: posts.length,
      more: { 'BigQuery jobs': jobs.length, answers: answers.length },
    });
  });
});

describe('BigQuery refusals that outlast the client’s retries, told in our words through the app', () => {
  let cleanup: () => void;
  let warehouse: SqlWarehouse;
  let standin: BigqueryStandin;
  let capped: { warehouse: SqlWarehouse; standin: BigqueryStandin };
  const scenarios = world();

  beforeAll(async () => {
    const tiny = await buildTinyWarehouse(catalog, { finalDates: [DATE], present: phase3 });
    cleanup = tiny.cleanup;
    ({ warehouse, standin } = await bigqueryOverStandin(catalog, tiny.path, { retry: FAST_RETRY }));
    // A byte limit of 1: every query scans more, and BigQuery refuses it before it runs.
    capped = await bigqueryOverStandin(catalog, tiny.path, { maximumBytesBilled: 1 });
  });
  // A new fault plan replaces the old: count 0 leaves none, whatever a failed test left behind.
  afterEach(() => {
    standin.failNext('quotaExceeded', 0);
  });
  afterAll(async () => {
    await scenarios.close();
    await warehouse.close();
    await standin.close();
    await capped.warehouse.close();
    await capped.standin.close();
    cleanup();
  });

  /** The one answer to `words`, checked to name no server or vendor detail; its ref's log line. */
  async function failedAnswer(s: Scenario, words: string, title: string) {
    await s.h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: words });
    const answer = await s.h.standin.waitForMessage((m) => m.ephemeralTo === 'U0OPS');
    // The client's other tries, if any were still under way, end before anything is counted.
    await sleep(SETTLE_MS);
    expect(text(answer)).toContain(title);
    expect(text(answer)).not.toMatch(VENDOR);
    expect(text(answer)).not.toMatch(SERVER_PATH);
    expect(text(answer)).not.toMatch(STACK);
    const ref = refOf(answer);
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    expect(text(answer)).toContain(`Ref ${ref}: the details are in the bot's log.`);
    const logged = s.h.logs.filter((line) => line.includes(`ref ${ref}`));
    expect(logged).toHaveLength(1);
    return { answer, logged: logged[0] ?? '' };
  }

  const QUOTA = {
    title: 'The warehouse is over its BigQuery quota for now (status).',
    hint: 'Try again in a minute; if it keeps failing, tell whoever runs the bot the ref below.',
  };
  const DOWN = {
    title: 'The warehouse is unavailable: BigQuery did not answer (status).',
    hint: 'A Google-side fault; try again in a minute.',
  };

  it.each([
    // The Google client does not retry a quota (403 quotaExceeded); a rate limit and a 5xx it retries,
    // twice here: each answer comes once the last try failed.
    ['quotaExceeded', QUOTA, 1, 'Quota exceeded: Your project exceeded quota for free query bytes scanned'],
    ['rateLimitExceeded', QUOTA, TRIES, 'Exceeded rate limits: too many api requests per user'],
    [
      'backendError500',
      DOWN,
      TRIES,
      'BigQuery is unavailable (500 backendError) after retries: An internal error',
    ],
  ] as const)(
    'answers %s with its cause and that nothing was changed; BigQuery’s words only in the log',
    async (fault, told, tries, vendor) => {
      const s = await scenarios.scenario(warehouse, standin);
      standin.failNext(fault, 50);
      const { answer, logged } = await failedAnswer(s, `status ${DATE}`, told.title);
      standin.failNext(fault, 0);

      expect(text(answer)).toContain(told.hint);
      expect(text(answer)).toContain('Nothing was changed.');
      expect(text(answer)).not.toContain(vendor);
      expect(logged).toContain(vendor);
      const submits = submitsSince(standin, s).length;
      expect(submits).toBe(tries);
      const { answers, posts } = slackCounts(s);
      expect(answers).toEqual([answer]);
      expect(posts).toEqual([]);
      const jobs = jobsSince(standin, s);
      expect(jobs).toEqual([]);
      const outbox = await outboxCounts(s.store);
      expect(outbox.rows).toBe(0);
      reportTally(`status while BigQuery answers ${fault}`, {
        outbox,
        posts: posts.length,
        more: { 'BigQuery jobs': jobs.length, 'BigQuery tries': submits, answers: answers.length },
      });
    },
  );

  it('answers a query over the byte limit with the limit and BACKFILL_MAX_BYTES_BILLED; the bytes only in the log', async () => {
    const s = await scenarios.scenario(capped.warehouse, capped.standin);
    const { answer, logged } = await failedAnswer(
      s,
      `status ${DATE}`,
      'The warehouse query (status) would scan more than the bot may spend on one query.',
    );
    expect(text(answer)).toContain(
      'Narrow the range; whoever runs the bot can raise BACKFILL_MAX_BYTES_BILLED.',
    );
    expect(text(answer)).toContain('Nothing was changed.');
    expect(logged).toContain(
      'would scan more than the byte limit: Query exceeded limit for bytes billed: 1.',
    );
    const { answers, posts } = slackCounts(s);
    expect(answers).toEqual([answer]);
    expect(posts).toEqual([]);
    // The job was submitted with the limit and refused before it ran: one job, not retried.
    const jobs = jobsSince(capped.standin, s);
    expect(jobs.map((j) => j.maximumBytesBilled)).toEqual(['1']);
    const outbox = await outboxCounts(s.store);
    expect(outbox.rows).toBe(0);
    reportTally('status over the byte limit (maximumBytesBilled 1)', {
      outbox,
      posts: posts.length,
      more: { 'BigQuery jobs': jobs.length, answers: answers.length },
    });
  });

  it('stores no gate request and posts nothing while BigQuery is unavailable; asked again once it answers, one card and one request', async () => {
    const fault = 'serviceUnavailable503';
    const title = 'The warehouse is unavailable: BigQuery did not answer (gate).';
    const s = await scenarios.scenario(warehouse, standin);
    standin.failNext(fault, 50);
    const { answer } = await failedAnswer(s, `gate 1 ${DATE}`, title);
    standin.failNext(fault, 0);

    expect(text(answer)).toContain('Nothing was changed.');
    expect(await s.store.listPendingGates()).toEqual([]);
    expect(await s.store.listOutbox()).toEqual([]);
    expect((await s.store.listAudit(50)).filter((a) => a.action.startsWith('gate.'))).toEqual([]);
    const failed = slackCounts(s);
    expect(failed.answers).toEqual([answer]);
    expect(failed.posts).toEqual([]);
    const jobsWhileFailing = jobsSince(standin, s).length;
    expect(jobsWhileFailing).toBe(0);
    // Each of the gate's queries tried three times, then given up: no more tries, no job.
    const tries = submitsSince(standin, s).length;
    expect(tries).toBe(GATE_REQUEST_JOBS.gate * TRIES);
    const failedOutbox = await outboxCounts(s.store);
    expect(failedOutbox.rows).toBe(0);
    reportTally(`gate request while BigQuery answers ${fault}`, {
      outbox: failedOutbox,
      posts: failed.posts.length,
      more: { 'BigQuery jobs': jobsWhileFailing, 'BigQuery tries': tries, answers: failed.answers.length },
    });

    const retried = { ...s, jobsBefore: standin.jobs.length };
    await s.h.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: `gate 1 ${DATE}` });
    const card = await s.h.standin.waitForMessage(isCard);
    expect(text(card)).toContain(`Gate 1 · ${DATE} · PASS`);
    const note = await s.h.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && text(m).includes('Posting the gate 1 card'),
    );
    await delivered(s);
    await sleep(SETTLE_MS);

    const after = slackCounts(s);
    expect(after.posts).toEqual([card]);
    expect(after.answers).toEqual([answer, note]);
    const pending = await s.store.listPendingGates();
    expect(pending).toHaveLength(1);
    expect(text(card)).toContain(`Request ${pending[0]?.request.id}`);
    expect((await s.store.listAudit(50)).filter((a) => a.action === 'gate.request')).toHaveLength(1);
    const outbox = await outboxCounts(s.store);
    expect(outbox).toEqual({ rows: 3, delivered: 3, pending: 0, failed: 0 });
    const jobs = jobsSince(standin, retried);
    expect(jobCounts(jobs)).toEqual(GATE_REQUEST_JOBS);
    reportTally(`the same gate request once ${fault} clears`, {
      outbox,
      posts: after.posts.length,
      more: { 'BigQuery jobs': jobs.length, answers: after.answers.length },
    });
  });
});

describe('after every scenario', () => {
  it('left no promise rejection unhandled', () => {
    expect(unhandled).toEqual([]);
  });
});
