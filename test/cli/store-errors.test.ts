import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../src/cli/render-error.js';
import { BackfillError, BadInputError } from '../../src/domain/errors.js';
import { StoreError, unknownGateRequest } from '../../src/store/store-error.js';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';
import { buildTinyWarehouse } from '../support/tiny-warehouse.js';

// The state store's failures in its own codes, and the CLI's exit codes for them: 2 when what was
// typed must change, 1 otherwise.

describe('CLI exit codes and store error codes', () => {
  it('exits 2 for bad input and for a request that is not there, 1 for anything else', () => {
    const exits = (error: unknown) => renderError(error, false).exitCode;
    expect(exits(new BadInputError('2024-02-30 is not a date'))).toBe(2);
    expect(exits(unknownGateRequest('g_0123456789ab', '.data/state.duckdb'))).toBe(2);
    expect(exits(new StoreError('STORE_UNAVAILABLE', 'DuckDB state store x is locked'))).toBe(1);
    expect(exits(new BackfillError('WAREHOUSE_UNAVAILABLE', 'BigQuery is unavailable'))).toBe(1);
    expect(exits(new TypeError('x is undefined'))).toBe(1);
  });

  it('keeps the message and hint of an unknown request, now NOT_FOUND', () => {
    expect(renderError(unknownGateRequest('g_0123456789ab', '.data/state.duckdb'), false).json).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'No gate request g_0123456789ab in the state store .data/state.duckdb',
        hint: 'The card may predate a state file that was moved aside: request the gate again for a fresh one.',
      },
    });
  });

  it('never lets a store failure carry a warehouse code', () => {
    const foreign = new StoreError(
      'WAREHOUSE_UNAVAILABLE',
      'DuckDB state store x is not a backfill-bot state file',
    );
    expect(foreign.code).toBe('STORE_UNAVAILABLE');
    expect(new StoreError('BAD_INPUT', 'Not a BigQuery project and dataset id: a.b').code).toBe('BAD_INPUT');
  });

  describe('with the state store pointed at the warehouse file', () => {
    let world: Awaited<ReturnType<typeof buildTinyWarehouse>>;
    beforeAll(async () => {
      world = await buildTinyWarehouse(catalog, { finalDates: ['2023-11-01'] });
    });
    afterAll(() => world.cleanup());

    it('says the file is not a state file, as STORE_UNAVAILABLE with exit 1', async () => {
      const env = {
        BACKFILL_DUCKDB_PATH: world.path,
        BACKFILL_STATE_PATH: world.path,
        BACKFILL_NOW: '2023-11-05',
      };
      const json = await cli(['gate', 'history', '--json'], env);
      expect(json.code, json.stderr).toBe(1);
      expect(JSON.parse(json.stderr)).toMatchObject({
        error: {
          code: 'STORE_UNAVAILABLE',
          message: expect.stringContaining(
            `DuckDB state store ${world.path} is not a backfill-bot state file`,
          ),
          hint: expect.stringContaining('State lives in its own file'),
        },
      });
    });
  });
});
