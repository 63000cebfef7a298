import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BigqueryStateStore } from '../../src/store/bigquery/bigquery-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { TEST_PROJECT } from '../support/bigquery-adapter.js';
import { bigqueryForStandin } from '../support/bigquery-standin/bigquery-for-standin.js';
import { bigqueryStoreHarness, STATE_DATASET } from './bigquery-store-harness.js';
import { newRequest, settableClock, voteOn } from './store-fixtures.js';

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

  const tableInserts = () =>
    harness.standin.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith(`/datasets/${STATE_DATASET}/tables`),
    );

  it('creates its dataset and four tables once; a restart on the same dataset creates nothing', async () => {
    expect(
      tableInserts().map((r) => (r.body as { tableReference: { tableId: string } }).tableReference.tableId),
    ).toEqual(['gate_requests', 'gate_votes', 'gate_decisions', 'audit_log']);
    await store.close();
    store = await harness.open();
    expect(tableInserts()).toHaveLength(4);
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

  it('labels every job app=backfill-bot command=store and sends values only as parameters', async () => {
    const { request } = await store.createGateRequest(
      newRequest({ id: 'g_labels', rangeLabel: 'LABEL-TEXT' }),
    );
    await store.attachMessage(request.id, 'C_SECRET', '1.5');
    await store.recordVote(voteOn(request, 'U_VOTER', { reason: 'REASON-TEXT' }));
    await store.listDecisions({ gate: '1', range: { start: '2024-01-01', end: '2024-01-02' } });
    await store.listAudit(5);
    const jobs = harness.standin.jobs;
    expect(jobs.length).toBeGreaterThan(8);
    for (const job of jobs) {
      expect(job.labels).toEqual({ app: 'backfill-bot', command: 'store' });
      for (const value of ['g_labels', 'LABEL-TEXT', 'C_SECRET', 'U_VOTER', 'REASON-TEXT', '2024-01-01']) {
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
