import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/commands/describe-error.js';
import { BackfillError, BadInputError } from '../../src/domain/errors.js';
import { StoreError } from '../../src/store/store-error.js';

describe('describeError', () => {
  it('says nothing changed when the warehouse or the state store could not be used, not for bad input', () => {
    const changedNothing = (error: BackfillError) => describeError(error, () => {}).nothingChanged;
    expect(changedNothing(new StoreError('STORE_UNAVAILABLE', 'DuckDB state store x is locked'))).toBe(true);
    expect(changedNothing(new BackfillError('WAREHOUSE_TIMEOUT', 'BigQuery query (status) timed out'))).toBe(
      true,
    );
    expect(changedNothing(new BadInputError('2024-02-30 is not a date'))).toBe(false);
  });
});
