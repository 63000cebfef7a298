import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/commands/describe-error.js';
import { BadInputError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/log/create-logger.js';
import { errorLineSink } from '../../src/log/error-line-sink.js';
import { logRequest } from '../../src/log/log-request.js';
import { InstrumentedWarehouse } from '../../src/warehouse/instrumented-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { faultyWarehouse } from '../support/faulty-warehouse.js';
import { catalog, duckdbPorts } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

const RANGE = { start: '2023-11-01', end: '2023-11-02' };
const TABLES = catalog.tables.slice(0, 2);
const STATUS = { kind: 'command', name: '/backfill status', user: 'U0OPS', channel: 'C0OPS' } as const;

function capture() {
  let raw = '';
  const logger = createLogger({
    destination: {
      write: (text: string) => {
        raw += text;
      },
    },
  });
  const lines = () =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

/** An adapter's answers carrying the job's bytes billed beside the round trips, as BigQuery's do. */
function billing(inner: Warehouse, bytesBilled: number): Warehouse {
  const warehouse = Object.create(inner) as Warehouse;
  warehouse.coverage = async (...args) => {
    const answer = await inner.coverage(...args);
    return { ...answer, stats: { ...answer.stats, bytesBilled } };
  };
  return warehouse;
}

describe('logRequest', () => {
  let world: Awaited<ReturnType<typeof buildTinyWarehouse>>;
  let tiny: Warehouse;

  beforeAll(async () => {
    world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01', '2023-11-02'] });
    tiny = (await duckdbPorts(world.path, '2026-11-23')).warehouse;
  });
  afterAll(async () => {
    await tiny.close();
    world.cleanup();
  });

  it('writes one line per request: who, what, how long, the warehouse round trips it made, and ok', async () => {
    const { logger, lines } = capture();
    const warehouse = new InstrumentedWarehouse(tiny);
    await warehouse.coverage(RANGE, TABLES, 'status'); // outside any request: not counted anywhere
    const value = await logRequest(logger, STATUS, async () => {
      await warehouse.coverage(RANGE, TABLES, 'status');
      await warehouse.failedRuns(RANGE, null, 'status');
      return 'answered';
    });
    expect(value).toBe('answered');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      severity: 'INFO',
      kind: 'command',
      name: '/backfill status',
      user: 'U0OPS',
      channel: 'C0OPS',
      duration_ms: expect.any(Number),
      round_trips: 2,
      bytes_billed: 0,
      outcome: 'ok',
      message: expect.stringMatching(/^command \/backfill status: ok in \d+ ms$/),
    });
    expect(lines()[0]).not.toHaveProperty('error_ref');
  });

  it('keeps the costs of requests running at the same time apart, and adds the bytes an adapter bills', async () => {
    const { logger, lines } = capture();
    const warehouse = new InstrumentedWarehouse(billing(tiny, 10_485_760));
    await Promise.all([
      logRequest(logger, { kind: 'command', name: 'one' }, async () => {
        await warehouse.coverage(RANGE, TABLES, 'status');
      }),
      logRequest(logger, { kind: 'command', name: 'three' }, async () => {
        await Promise.all([1, 2, 3].map(() => warehouse.coverage(RANGE, TABLES, 'status')));
      }),
    ]);
    const byName = Object.fromEntries(lines().map((l) => [l.name, [l.round_trips, l.bytes_billed]]));
    expect(byName).toEqual({ one: [1, 10_485_760], three: [3, 31_457_280] });
  });

  it("takes a warehouse failure's code as the outcome even when the request answered it", async () => {
    const { logger, lines } = capture();
    const warehouse = new InstrumentedWarehouse(faultyWarehouse('fail', tiny));
    await logRequest(logger, STATUS, async () => {
      await warehouse.coverage(RANGE, TABLES, 'status').catch(() => 'answered with the error message');
    });
    expect(lines()[0]).toMatchObject({ severity: 'WARNING', outcome: 'WAREHOUSE_QUERY_FAILED' });
  });

  it('notes a thrown error by its code and rethrows it; an unknown error is INTERNAL, at ERROR', async () => {
    const { logger, lines } = capture();
    const bad = logRequest(logger, STATUS, async () => {
      throw new BadInputError('2024-02-30 is not a date');
    });
    await expect(bad).rejects.toThrow('2024-02-30 is not a date');
    const bug = logRequest(logger, STATUS, async () => {
      throw new TypeError('x is undefined');
    });
    await expect(bug).rejects.toThrow(TypeError);
    expect(lines().map((l) => [l.severity, l.outcome])).toEqual([
      ['WARNING', 'BAD_INPUT'],
      ['ERROR', 'INTERNAL'],
    ]);
  });

  it("tags an internal error's line with the request it happened in, and the request line with its ref", async () => {
    const { logger, lines } = capture();
    let ref = '';
    await logRequest(logger, STATUS, async () => {
      // Answered, not thrown: describeError notes the failure and its ref itself.
      ref = describeError(new TypeError('x is undefined'), errorLineSink(logger)).ref ?? '';
    });
    const [errorLine, requestLine] = lines();
    expect(errorLine).toMatchObject({
      severity: 'ERROR',
      kind: 'command',
      name: '/backfill status',
      user: 'U0OPS',
      message: expect.stringContaining(`internal error ref ${ref}`),
    });
    expect(requestLine).toMatchObject({ severity: 'ERROR', outcome: 'INTERNAL', error_ref: ref });
  });
});
