import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbStateStore } from '../../src/store/duckdb/duckdb-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { startSlackHarness } from '../support/slack-harness.js';
import { expectNoLeak } from './answer-checks.js';
import { cases, fuzz } from './fuzz-run.js';
import { buildFuzzWarehouse, TODAY } from './fuzz-world.js';
import { sendSigned } from './send-signed.js';
import { slackBody } from './slack-bodies.js';
import { FORM, KNOWN_BAD_BODIES, type SlackBody } from './slack-body.js';

// Through the real Bolt app over signed HTTP: a seeded sample, sent 50 at a time as a busy
// workspace's traffic would arrive. Unknown buttons and forms are answered 404 after Bolt's 3 s wait
// for an ack, by design (src/slack/http/guarded-receiver.ts); the client gives up at 5 s.
const HTTP_BATCHES = cases(4);
const HTTP_BATCH = 50;
const CLIENT_TIMEOUT_MS = 5_000;
const LISTENER_CRASH =
  /TypeError|ReferenceError|RangeError|Cannot read properties|is not a function|is not iterable/;

describe('every payload the app accepts, over signed HTTP to the real Bolt app', () => {
  let world: Awaited<ReturnType<typeof openHttpWorld>>;
  const crashes: unknown[] = [];
  const onCrash = (reason: unknown) => crashes.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onCrash);
    process.on('uncaughtException', onCrash);
    world = await openHttpWorld();
  });
  afterAll(async () => {
    await world?.close();
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
  });

  it('answers every request below 500 within the client timeout, keeps serving, and changes no state', async () => {
    const { harness, store } = world;
    // The scheduler's catch-up at start claims its slots: what the store holds once that is done.
    const before = await settledSnapshot(store);
    const seen = new Map<string, number[]>();
    const responseUrl = `${harness.standin.url}/response/none`;
    await fuzz(
      'slack payloads over HTTP',
      fc.array(slackBody(responseUrl), { minLength: HTTP_BATCH, maxLength: HTTP_BATCH }),
      async (bodies) => {
        const logged = harness.logs.length;
        const answers = await Promise.all(
          bodies.map((b) => sendSigned(harness.appUrl, harness.signingSecret, b, CLIENT_TIMEOUT_MS)),
        );
        answers.forEach((a, i) => {
          const what = bodies[i] ? shown(bodies[i]) : '?';
          expect(a.status, `${what} got no answer within ${CLIENT_TIMEOUT_MS} ms`).not.toBe('no answer');
          expect(Number(a.status), `${what} answered`).toBeLessThan(500);
          const key = String(a.status);
          seen.set(key, [...(seen.get(key) ?? []), a.ms]);
        });
        // Listeners go on after their ack (a private answer, a Home page): let them finish.
        await new Promise((r) => setTimeout(r, 300));
        expect(crashes, 'nothing left unhandled').toEqual([]);
        // A listener that throws is logged and its request left unanswered: none may.
        const thrown = harness.logs.slice(logged).filter((line) => LISTENER_CRASH.test(line));
        expect(
          thrown,
          `no listener threw, for one of these bodies:\n${bodies.map(shown).join('\n')}`,
        ).toEqual([]);
      },
      // The known bodies first, then the random batches; a failing batch is shown whole, unshrunk.
      HTTP_BATCHES + 1,
      { examples: [KNOWN_BAD_BODIES(responseUrl)], noShrink: true },
    );
    // Still serving: the health route, and a command answered on its response_url.
    expect((await fetch(harness.appUrl.replace('/slack/events', '/healthz'))).status).toBe(200);
    await harness.standin.slashCommand({ user: 'U0OPS', channel: 'C0OPS', text: 'help' });
    await harness.standin.waitForMessage(
      (m) => m.ephemeralTo === 'U0OPS' && JSON.stringify(m).includes('status'),
    );
    // What the app sent Slack in answer (private answers, Home pages) shows no path or stack.
    expectNoLeak(
      JSON.stringify(harness.standin.apiCalls),
      [world.dir, dirname(world.warehousePath), process.cwd()],
      'what the app sent Slack',
    );
    expect(await settledSnapshot(store)).toEqual(before);
    const summary = [...seen]
      .map(([status, ms]) => `${status}: ${ms.length} (max ${Math.round(Math.max(...ms))} ms)`)
      .join(', ');
    const sent = [...seen.values()].reduce((n, ms) => n + ms.length, 0);
    console.log(`fuzz: slack payloads over HTTP: ${sent} requests answered ${summary}`);
  }, 180_000);
});

/** A body as a person reads it: what it is, and its payload decoded. */
function shown(body: SlackBody): string {
  const payload = body.contentType === FORM ? new URLSearchParams(body.body).get('payload') : null;
  return `${body.what}: ${(payload ?? body.body).slice(0, 300)}`;
}

/** The real Bolt app with the core actions, on a fuzz warehouse and an empty state store. */
async function openHttpWorld() {
  const dir = mkdtempSync(join(tmpdir(), 'backfill-fuzz-http-'));
  const warehouse = await buildFuzzWarehouse();
  const ports = await duckdbPorts(warehouse.path, TODAY);
  const store = await DuckdbStateStore.open({ path: join(dir, 'state.duckdb'), clock: ports.clock });
  const harness = await startSlackHarness(ports, { store });
  return {
    dir,
    warehousePath: warehouse.path,
    harness,
    store,
    async close() {
      await harness.close();
      await store.close();
      await ports.warehouse.close();
      warehouse.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The snapshot once two taken 300 ms apart agree and nothing waits in the outbox (at most 15 s). */
async function settledSnapshot(store: StateStore) {
  let last = JSON.stringify(await storeSnapshot(store));
  for (let tries = 0; tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = await storeSnapshot(store);
    const text = JSON.stringify(now);
    if (text === last && now.outbox.every((row) => row.state !== 'pending')) return now;
    last = text;
  }
  throw new Error(`the state store did not settle: ${last.slice(0, 2000)}`);
}

/** Everything the state store holds that a request could change. */
async function storeSnapshot(store: StateStore) {
  return {
    audit: await store.listAudit(200),
    pending: await store.listPendingGates(200),
    decisions: await store.listDecisions({ limit: 200 }),
    reruns: await store.listReruns({ limit: 200 }),
    watches: await store.listWatches({ limit: 200 }),
    outbox: await store.listOutbox({ limit: 200 }),
    milestones: await Promise.all((catalog.models?.milestones ?? []).map((m) => store.getMilestone(m.id))),
  };
}
