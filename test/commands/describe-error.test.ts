import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { describeError, REMOTE } from '../../src/commands/describe-error.js';
import { BackfillError, BadInputError } from '../../src/domain/errors.js';
import { withDeadline } from '../../src/slack/with-deadline.js';
import { translateBigqueryStoreError } from '../../src/store/bigquery/translate-bigquery-store-error.js';
import { translateStoreError } from '../../src/store/duckdb/translate-store-error.js';
import { StoreError, unknownGateRequest } from '../../src/store/store-error.js';
import { translateBigqueryError } from '../../src/warehouse/bigquery/bigquery-errors.js';
import { DuckdbClient } from '../../src/warehouse/duckdb/duckdb-client.js';
import { missingWarehouse, translateDuckdbError } from '../../src/warehouse/duckdb/duckdb-errors.js';

const WAREHOUSE = '/srv/backfill/.data/backfill.duckdb';
const STATE = '/srv/backfill/.data/state.duckdb';
const SERVER_PATH = /\/[^\s/"`]+\/[^\s"`]+/;
const VENDOR =
  /IO Error|Constraint Error|Invalid Input Error|INTERRUPT|DuckDB|Could not|PID|connection reset|backendError|Quota exceeded|bytes billed|default credentials|Access Denied/;

/** Every kind of failure the adapters translate, as they translate it. */
function translated(): BackfillError[] {
  const e = (message: string) => new Error(message);
  const api = (code: number, reason: string, message: string) =>
    Object.assign(new Error(message), { code, errors: [{ reason, message }] });
  return [
    translateDuckdbError(
      e(`IO Error: Could not set lock on file "${WAREHOUSE}": Conflicting lock is held (PID 4242)`),
      WAREHOUSE,
    ),
    translateDuckdbError(
      e(`IO Error: The file "${WAREHOUSE}" exists, but it is not a valid DuckDB database file!`),
      WAREHOUSE,
    ),
    translateDuckdbError(
      e(`IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2`),
      WAREHOUSE,
    ),
    translateDuckdbError(
      e(`IO Error: Could not read enough bytes from file "${WAREHOUSE}"`),
      WAREHOUSE,
      'status',
    ),
    translateDuckdbError(e('INTERRUPT Error: Interrupted!'), WAREHOUSE, 'gaps'),
    translateDuckdbError(
      e('Out of Memory Error: failed to allocate data of size 32.0 KiB'),
      WAREHOUSE,
      'status',
    ),
    translateDuckdbError(e('Binder Error: Referenced column "x" not found'), WAREHOUSE, 'status'),
    missingWarehouse(WAREHOUSE),
    translateStoreError(
      e('Constraint Error: CHECK constraint failed on table gate_requests'),
      STATE,
      'gate.request',
    ),
    translateStoreError(
      e(`IO Error: Could not set lock on file "${STATE}": Conflicting lock is held (PID 7)`),
      STATE,
    ),
    unknownGateRequest('g_0123456789ab', STATE),
    translateBigqueryError(api(500, 'backendError', 'Backend error at 10.1.2.3'), 'status'),
    translateBigqueryError(api(403, 'quotaExceeded', 'Quota exceeded: project my-proj'), 'status'),
    translateBigqueryError(
      api(400, 'bytesBilledLimitExceeded', 'Query exceeded limit for bytes billed: 10'),
      'gaps',
    ),
    translateBigqueryError(api(499, 'stopped', 'Job timed out after 30 s'), 'status'),
    translateBigqueryError(api(403, 'accessDenied', 'Access Denied: Table my-proj:nba_raw.x'), 'status'),
    translateBigqueryError(e('Could not load the default credentials.'), 'status'),
    translateBigqueryError(e('connection reset by peer'), 'status'),
    translateBigqueryStoreError(
      api(400, 'invalidQuery', 'Syntax error at [1:1]'),
      'my-proj.backfill_bot',
      'vote',
    ),
    // What no adapter gave plain words: still never shown as it is.
    new BackfillError('WAREHOUSE_QUERY_FAILED', `something failed on ${WAREHOUSE}: IO Error: boom`),
    new StoreError('INTERNAL', `The state store ${STATE} was used after close()`),
  ];
}

describe('describeError', () => {
  it('says nothing changed when the warehouse or the state store could not be used, not for bad input', () => {
    const changedNothing = (error: BackfillError) => describeError(error, () => {}).nothingChanged;
    expect(changedNothing(new StoreError('STORE_UNAVAILABLE', 'DuckDB state store x is locked'))).toBe(true);
    expect(changedNothing(new BackfillError('WAREHOUSE_TIMEOUT', 'BigQuery query (status) timed out'))).toBe(
      true,
    );
    expect(changedNothing(new BadInputError('2024-02-30 is not a date'))).toBe(false);
  });

  it('tells a remote reader the cause in our words and a ref, never a path or the vendor text; the log has them', () => {
    for (const error of translated()) {
      const lines: string[] = [];
      const remote = describeError(error, (line) => lines.push(line), REMOTE);
      const shown = `${remote.title}\n${remote.hint ?? ''}`;
      expect(shown, error.message).not.toMatch(SERVER_PATH);
      expect(shown, error.message).not.toMatch(VENDOR);
      expect(remote.ref, error.message).toMatch(/^[0-9a-f]{8}$/);
      expect(lines, error.message).toEqual([
        expect.stringContaining(`ref ${remote.ref}: ${error.code}: ${error.message}`),
      ]);
    }
  });

  it('tells the reader on the server (the CLI) the whole message, file named, and logs nothing', () => {
    for (const error of translated()) {
      const lines: string[] = [];
      const server = describeError(error, (line) => lines.push(line));
      expect(server.title).toBe(error.message);
      expect(server.ref).toBeUndefined();
      expect(lines).toEqual([]);
    }
    expect(describeError(missingWarehouse(WAREHOUSE), () => {}).title).toBe(
      `DuckDB warehouse ${WAREHOUSE} does not exist`,
    );
  });

  it('keeps bad input, and our own timeout, as they are for a remote reader: nothing to hide, no ref', async () => {
    const lines: string[] = [];
    const badInput = describeError(
      new BadInputError('2024-02-30 is not a date'),
      (l) => lines.push(l),
      REMOTE,
    );
    expect(badInput).toMatchObject({ title: '2024-02-30 is not a date', code: 'BAD_INPUT' });
    expect(badInput.ref).toBeUndefined();
    const late = await withDeadline(new Promise(() => {}), 20, 'The warehouse').catch((e: unknown) => e);
    const timeout = describeError(late, (l) => lines.push(l), REMOTE);
    expect(timeout).toMatchObject({
      title: 'The warehouse did not answer within 20 ms',
      code: 'WAREHOUSE_TIMEOUT',
    });
    expect(timeout.ref).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('a DuckDB query that runs past its time names the file to the server and only the step to a remote reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backfill-describe-'));
    const path = join(dir, 'w.duckdb');
    (await DuckDBInstance.create(path)).closeSync();
    const client = await DuckdbClient.open({ path, timeoutMs: 50, connections: 1 });
    try {
      const error = await client
        .query({ sql: 'SELECT count(*) AS n FROM range(10000000000) a', params: {}, label: 'status' })
        .catch((e: unknown) => e);
      expect(describeError(error, () => {}).title).toBe(`DuckDB query (status) ran past 50 ms on ${path}`);
      const lines: string[] = [];
      const remote = describeError(error, (l) => lines.push(l), REMOTE);
      expect(remote.title).toBe('The warehouse took longer than 50 ms to answer (status).');
      expect(lines).toEqual([expect.stringContaining(path)]);
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
