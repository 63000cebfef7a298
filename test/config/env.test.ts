import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, envSchema, loadEnv } from '../../src/config/env.js';
import { renderEnvReference } from '../../src/config/env-reference.js';

describe('environment', () => {
  it('defaults to the embedded warehouse with no variables set', () => {
    expect(loadEnv({})).toMatchObject({
      PORT: 3000,
      STANDIN_PORT: 3001,
      BACKFILL_WAREHOUSE: 'duckdb',
      BACKFILL_DUCKDB_PATH: '.data/backfill.duckdb',
      BACKFILL_CATALOG: 'config/pipeline.yml',
    });
  });

  it('names a bad variable and what it accepts without echoing its value', () => {
    let message = '';
    try {
      loadEnv({ BACKFILL_WAREHOUSE: 'snowflake', SLACK_BOT_TOKEN: 'secret-value-123' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('BACKFILL_WAREHOUSE: Invalid option: expected one of "duckdb"|"bigquery"');
    expect(message).toContain('SLACK_BOT_TOKEN: a bot token starting with xoxb-');
    expect(message).not.toContain('secret-value-123');
  });

  it('bounds the embedded DuckDB at 512MB by default, and takes a size with a unit', () => {
    expect(loadEnv({}).BACKFILL_DUCKDB_MEMORY_LIMIT).toBe('512MB');
    for (const size of ['2GiB', '768 MB', '0.5GB', '64mb']) {
      expect(loadEnv({ BACKFILL_DUCKDB_MEMORY_LIMIT: size }).BACKFILL_DUCKDB_MEMORY_LIMIT).toBe(size);
    }
  });

  it('refuses a memory limit without a unit, or too small to work, saying what it takes', () => {
    const refusal = (value: string) => {
      try {
        loadEnv({ BACKFILL_DUCKDB_MEMORY_LIMIT: value });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const value of ['512', '80%', 'lots', '512 potatoes']) {
      expect(refusal(value)).toBe(
        'invalid environment:\n  BACKFILL_DUCKDB_MEMORY_LIMIT: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 512MB',
      );
    }
    expect(refusal('512KB')).toBe(
      'invalid environment:\n  BACKFILL_DUCKDB_MEMORY_LIMIT: at least 64MB: DuckDB needs room for its buffers',
    );
  });

  it('answers 64 slash commands and follow-ups at a time by default, and takes a positive number', () => {
    expect(loadEnv({}).BACKFILL_MAX_IN_FLIGHT).toBe(64);
    expect(loadEnv({ BACKFILL_MAX_IN_FLIGHT: '8' }).BACKFILL_MAX_IN_FLIGHT).toBe(8);
    expect(() => loadEnv({ BACKFILL_MAX_IN_FLIGHT: '0' })).toThrow('BACKFILL_MAX_IN_FLIGHT');
  });

  it('documents every variable it reads (an undocumented one would be silently ignored)', () => {
    expect(Object.keys(ENV_VARS).sort()).toEqual(Object.keys(envSchema.shape).sort());
    expect(loadEnv({ BACKFILL_QUEUE_PATH: '/tmp/q.jsonl' }).BACKFILL_QUEUE_PATH).toBe('/tmp/q.jsonl');
  });

  it('keeps docs/env.md in step with the code (npm run docs:env regenerates it)', () => {
    expect(readFileSync('docs/env.md', 'utf8')).toBe(renderEnvReference());
  });
});
