import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BigqueryStateStore } from '../../src/store/bigquery/bigquery-state-store.js';
import { STORE_SCHEMA_VERSION } from '../../src/store/bigquery/bigquery-store-schema.js';
import type { RerunRequest, StateStore } from '../../src/store/state-store.js';
import { TEST_PROJECT } from '../support/bigquery-adapter.js';
import { bigqueryForStandin } from '../support/bigquery-standin/bigquery-for-standin.js';
import { bigqueryStoreHarness, STATE_DATASET } from './bigquery-store-harness.js';
import { confirmAudit, newRerun } from './rerun-fixtures.js';
import { newRequest, publish, SOME_AUDIT, settableClock, voteOn } from './store-fixtures.js';

// What only the BigQuery adapter can get wrong: the jobs it sends, its tables, and its lost races.
describe('the BigQuery state store', () => {
  let harness: Awaited<ReturnType<typeof bigqueryStoreHarness>>;
  let store: StateStore;

  beforeEach(async () => {
    harness = await bigqueryStoreHarness(settableClock('2026-11-23T15:00:00.000Z'));
    store = await harness.open();
  });
  afterEach(async () => {
    await store.close();
    await harness.dispose();
  });

  const metaRows = async () =>
    (
      await bigqueryForStandin(harness.standin, { project: TEST_PROJECT }).query({
        query: `SELECT key, value FROM \`${TEST_PROJECT}.${STATE_DATASET}.store_meta\``,
      })
    )[0];

  const tableInserts = () =>
    harness.standin.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith(`/datasets/${STATE_DATASET}/tables`),
    );

  it('creates its dataset and ten tables once, recording schema version 5; a restart creates nothing', async () => {
    expect(
      tableInserts().map((r) => (r.body as { tableReference: { tableId: string } }).tableReference.tableId),
    ).toEqual([
      'gate_requests',
      'gate_votes',
      'gate_decisions',
      'audit_log',
      'outbox',
      'rerun_requests',
      'schedule_slots',
      'milestone_state',
      'watches',
      'store_meta',
    ]);
    expect(await metaRows()).toEqual([{ key: 'schema_version', value: '5' }]);
    const jobs = harness.standin.jobs.length;
    await store.close();
    store = await harness.open();
    expect(tableInserts()).toHaveLength(10);
    // Reading the version is all a restart does.
    expect(harness.standin.jobs.slice(jobs).map((j) => j.sql)).toEqual([
      expect.stringMatching(/^SELECT value FROM .*store_meta/),
    ]);
  });

  it('migrates a version-1 dataset: ALTER TABLE ... ADD COLUMN IF NOT EXISTS, the six new tables, version 5 last', async () => {
    const old = await bigqueryStoreHarness(settableClock('2026-11-23T15:00:00.000Z'), 'version-1');
    try {
      const before = old.standin.jobs.length;
      await (await old.open()).close();
      const sql = old.standin.jobs.slice(before).map((j) => j.sql.replace(/\s+/g, ' '));
      expect(sql).toEqual([
        `ALTER TABLE \`${TEST_PROJECT}.${STATE_DATASET}.gate_requests\` ADD COLUMN IF NOT EXISTS requested_by_handle STRING`,
        `ALTER TABLE \`${TEST_PROJECT}.${STATE_DATASET}.gate_votes\` ADD COLUMN IF NOT EXISTS voter_handle STRING`,
        expect.stringMatching(/^MERGE .*store_meta/),
      ]);
      const created = old.standin.requests
        .filter((r) => r.method === 'POST' && r.path.endsWith(`/datasets/${STATE_DATASET}/tables`))
        .map((r) => (r.body as { tableReference: { tableId: string } }).tableReference.tableId);
      expect(created.slice(4)).toEqual([
        'outbox',
        'rerun_requests',
        'schedule_slots',
        'milestone_state',
        'watches',
        'store_meta',
      ]);
      const after = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(after)).toHaveLength(1);
    } finally {
      await old.dispose();
    }
  });

  it('migrates a version-2 dataset: only the new tables, then the version, no ALTER', async () => {
    const old = await bigqueryStoreHarness(settableClock('2026-11-23T15:00:00.000Z'), 'version-2');
    try {
      const requests = old.standin.requests.length;
      const before = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(before).map((j) => j.sql.replace(/\s+/g, ' '))).toEqual([
        expect.stringMatching(/^SELECT value FROM .*store_meta/),
        `UPDATE \`${TEST_PROJECT}.${STATE_DATASET}.store_meta\` SET value = @value WHERE key = @key`,
      ]);
      const created = old.standin.requests
        .slice(requests)
        .filter((r) => r.method === 'POST' && r.path.endsWith(`/datasets/${STATE_DATASET}/tables`))
        .map((r) => (r.body as { tableReference: { tableId: string } }).tableReference.tableId);
      expect(created).toEqual(['rerun_requests', 'schedule_slots', 'milestone_state', 'watches']);
      const after = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(after)).toHaveLength(1);
    } finally {
      await old.dispose();
    }
  });

  it('migrates a version-3 dataset: only schedule_slots, milestone_state and watches, then the version, no ALTER', async () => {
    const old = await bigqueryStoreHarness(settableClock('2026-11-23T15:00:00.000Z'), 'version-3');
    try {
      const requests = old.standin.requests.length;
      const before = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(before).map((j) => j.sql.replace(/\s+/g, ' '))).toEqual([
        expect.stringMatching(/^SELECT value FROM .*store_meta/),
        `UPDATE \`${TEST_PROJECT}.${STATE_DATASET}.store_meta\` SET value = @value WHERE key = @key`,
      ]);
      const created = old.standin.requests
        .slice(requests)
        .filter((r) => r.method === 'POST' && r.path.endsWith(`/datasets/${STATE_DATASET}/tables`))
        .map((r) => (r.body as { tableReference: { tableId: string } }).tableReference.tableId);
      expect(created).toEqual(['schedule_slots', 'milestone_state', 'watches']);
      const after = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(after)).toHaveLength(1);
    } finally {
      await old.dispose();
    }
  });

  it('migrates a version-4 dataset: only watches, then the version, no ALTER', async () => {
    const old = await bigqueryStoreHarness(settableClock('2026-11-23T15:00:00.000Z'), 'version-4');
    try {
      const requests = old.standin.requests.length;
      const before = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(before).map((j) => j.sql.replace(/\s+/g, ' '))).toEqual([
        expect.stringMatching(/^SELECT value FROM .*store_meta/),
        `UPDATE \`${TEST_PROJECT}.${STATE_DATASET}.store_meta\` SET value = @value WHERE key = @key`,
      ]);
      const created = old.standin.requests
        .slice(requests)
        .filter((r) => r.method === 'POST' && r.path.endsWith(`/datasets/${STATE_DATASET}/tables`))
        .map((r) => (r.body as { tableReference: { tableId: string } }).tableReference.tableId);
      expect(created).toEqual(['watches']);
      const after = old.standin.jobs.length;
      await (await old.open()).close();
      expect(old.standin.jobs.slice(after)).toHaveLength(1);
    } finally {
      await old.dispose();
    }
  });

  it('refuses a dataset written by a newer schema version, naming it', async () => {
    await store.close();
    const newer = STORE_SCHEMA_VERSION + 1;
    await bigqueryForStandin(harness.standin, { project: TEST_PROJECT }).query({
      query: `UPDATE \`${TEST_PROJECT}.${STATE_DATASET}.store_meta\` SET value = @v WHERE key = @k`,
      params: { v: String(newer), k: 'schema_version' },
    });
    await expect(harness.open()).rejects.toMatchObject({
      name: 'StoreError',
      code: 'STORE_UNAVAILABLE',
      message: `BigQuery state store ${TEST_PROJECT}.${STATE_DATASET} has schema version ${newer}; this backfill-bot knows up to ${STORE_SCHEMA_VERSION}`,
    });
    store = await BigqueryStateStore.open({
      bigquery: bigqueryForStandin(harness.standin, { project: TEST_PROJECT }),
      project: TEST_PROJECT,
      dataset: 'another_dataset',
    });
  });

  it('settles 20 concurrent votes with one decision by retrying the transactions BigQuery aborted', async () => {
    const { request } = await store.createGateRequest(newRequest({ requiredApprovals: 2 }));
    const before = harness.standin.jobs.length;
    const votes = Array.from({ length: 20 }, (_, i) => {
      const voter = ['U_ANN', 'U_BOB', 'U_CAT'][i % 3] as string;
      return voteOn(request, voter, { idempotencyKey: `${voter}:${i % 2}` });
    });
    const outcomes = await Promise.all(votes.map((v) => store.recordVote(v)));
    expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(2);
    const jobs = harness.standin.jobs.slice(before);
    const transactions = jobs.filter((j) => j.sql.startsWith('BEGIN TRANSACTION'));
    // Two committed; every other attempt lost a race (aborted, or its version moved) and read again.
    expect(transactions.length).toBeGreaterThan(2);
    expect((await store.listDecisions()).map((d) => d.decision.approvers)).toHaveLength(1);
  });

  it("refuses a replica's Confirm whose transaction starts after another replica's committed, by its ASSERT", async () => {
    const { request } = await store.createRerunRequest(newRerun());
    const other = await harness.open();
    const confirm = (by: string) => ({
      version: 1,
      state: 'confirmed' as const,
      fields: { confirmedBy: by },
    });
    const rows = (r: RerunRequest) => [publish(`rerun:${r.id}:start:${r.confirmedBy}`, `rerun:${r.id}`)];
    // This replica has read version 1 and sent its transaction; the network holds it.
    const hold = harness.standin.holdNext(/^BEGIN TRANSACTION;\s*UPDATE \S+rerun_requests/);
    const slow = store.updateRerun(request.id, confirm('U_OPS'), confirmAudit(request.id, 'U_OPS'), rows);
    await hold.held;
    const fast = await other.updateRerun(
      request.id,
      confirm('U_ANN'),
      confirmAudit(request.id, 'U_ANN'),
      rows,
    );
    expect(fast.changed).toBe(true);
    const before = harness.standin.jobs.length;
    hold.release();
    expect(await slow).toEqual({ changed: false, request: fast.request });
    // Its transaction (not aborted: it began after the commit) failed the ASSERT; it read again and
    // logged its refusal alone.
    expect(harness.standin.jobs.slice(before).map((j) => j.sql.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'BEGIN TRANSACTION;',
      'SELECT id,',
      `MERGE \`${TEST_PROJECT}.${STATE_DATASET}.audit_log\``,
    ]);
    expect((await store.listOutbox()).map((r) => r.key)).toEqual([`rerun:${request.id}:start:U_ANN`]);
    expect((await store.listAudit(2)).map((e) => [e.actor, e.result])).toEqual([
      ['U_OPS', { state: 'confirmed', changed: false }],
      ['U_ANN', { state: 'confirmed', changed: true }],
    ]);
    await other.close();
  });

  it("refuses a replica's slot claim whose transaction starts after another replica's committed, by its ASSERT", async () => {
    const claim = { job: 'report', slot: '2026-11-23T14:00:00.000Z', late: false };
    const other = await harness.open();
    const post = (owner: string) => () => [publish(`report:${owner}`, 'report')];
    // This replica has found the slot free and sent its transaction; the network holds it.
    const hold = harness.standin.holdNext(/^BEGIN TRANSACTION;\s*MERGE \S+schedule_slots/);
    const slow = store.claimSlot({ ...claim, owner: 'replica-a' }, post('replica-a'));
    await hold.held;
    const fast = await other.claimSlot({ ...claim, owner: 'replica-b' }, post('replica-b'));
    expect(fast.claimed).toBe(true);
    const before = harness.standin.jobs.length;
    hold.release();
    expect(await slow).toEqual({ claimed: false, slot: fast.slot });
    // Its MERGE inserted nothing, so no row carried its token: the ASSERT failed, it read the winner's.
    expect(harness.standin.jobs.slice(before).map((j) => j.sql.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'BEGIN TRANSACTION;',
      'SELECT job,',
    ]);
    expect((await store.listOutbox()).map((r) => r.key)).toEqual(['report:replica-b']);
    expect((await store.listAudit()).map((e) => e.args)).toEqual([{ ...claim, owner: 'replica-b' }]);
    await other.close();
  });

  it('settles 10 concurrent claims of one slot by retrying the transactions BigQuery aborted', async () => {
    const before = harness.standin.jobs.length;
    const claims = Array.from({ length: 10 }, (_, i) => ({
      job: 'report',
      slot: '2026-11-23T14:00:00.000Z',
      owner: `replica-${i}`,
      late: false,
    }));
    // Slow jobs: every claim reads the slot free before the first commits, so their transactions overlap.
    harness.standin.setQueryDelay(30);
    const outcomes = await Promise.all(claims.map((c) => store.claimSlot(c)));
    harness.standin.setQueryDelay(0);
    expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
    const transactions = harness.standin.jobs
      .slice(before)
      .filter((j) => j.sql.startsWith('BEGIN TRANSACTION'));
    expect(transactions.length).toBeGreaterThan(1);
    expect(await store.listSlots('report')).toHaveLength(1);
  });

  it('settles 10 concurrent first decisions of a milestone with one, by retrying the aborted transactions', async () => {
    const before = harness.standin.jobs.length;
    harness.standin.setQueryDelay(30);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.updateMilestone(
          { id: 'm_1', kind: 'decide', choice: 'proceed', by: `U_${i}`, byHandle: null, reason: null },
          { actor: `U_${i}`, action: 'milestone.decide', args: {}, result: {} },
        ),
      ),
    );
    harness.standin.setQueryDelay(0);
    expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
    const transactions = harness.standin.jobs
      .slice(before)
      .filter((j) => j.sql.startsWith('BEGIN TRANSACTION'));
    expect(transactions.length).toBeGreaterThan(1);
    const stored = await store.getMilestone('m_1');
    expect(stored?.version).toBe(1);
    for (const o of outcomes) expect(o.state).toEqual(stored);
  });

  it('labels every job app=backfill-bot command=store and sends values only as parameters', async () => {
    const { request } = await store.createGateRequest(
      newRequest({ id: 'g_labels', rangeLabel: 'LABEL-TEXT' }),
    );
    await store.attachMessage(request.id, 'C_SECRET', '1.5');
    await store.recordVote(voteOn(request, 'U_VOTER', { reason: 'REASON-TEXT' }));
    await store.listDecisions({ gate: '1', range: { start: '2024-01-01', end: '2024-01-02' } });
    await store.listAudit(5);
    await store.enqueue(
      [publish('OUTBOX-KEY', 'OUTBOX-STREAM'), publish('OTHER-KEY', 'OUTBOX-STREAM')],
      SOME_AUDIT,
    );
    await store.claimOutbox({ owner: 'RELAY-OWNER', limit: 5, leaseMs: 1000 });
    await store.completeOutbox('OUTBOX-KEY', 'RELAY-OWNER', { messageId: 'RESULT-ID' });
    await store.claimOutbox({ owner: 'RELAY-OWNER', limit: 5, leaseMs: 1000 });
    await store.failOutbox('OTHER-KEY', 'RELAY-OWNER', 'ERROR-TEXT', '2026-11-24T00:00:00Z');
    await store.listOutbox({ stream: 'OUTBOX-STREAM', state: 'pending' });
    const jobs = harness.standin.jobs;
    expect(jobs.length).toBeGreaterThan(8);
    const values = ['g_labels', 'LABEL-TEXT', 'C_SECRET', 'U_VOTER', 'REASON-TEXT', '2024-01-01'].concat([
      'OUTBOX-KEY',
      'OUTBOX-STREAM',
      'RELAY-OWNER',
      'RESULT-ID',
      'ERROR-TEXT',
      '2026-11-24',
    ]);
    for (const job of jobs) {
      expect(job.labels).toEqual({ app: 'backfill-bot', command: 'store' });
      for (const value of values) {
        expect(job.sql).not.toContain(value);
      }
    }
  });

  it('refuses a dataset id that is not a plain BigQuery id, before any request', async () => {
    const requests = harness.standin.requests.length;
    await expect(
      BigqueryStateStore.open({
        bigquery: bigqueryForStandin(harness.standin, { project: TEST_PROJECT }),
        project: TEST_PROJECT,
        dataset: 'state`; DROP',
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(harness.standin.requests).toHaveLength(requests);
  });
});
