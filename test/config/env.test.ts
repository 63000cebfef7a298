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

  it('documents every variable it reads (an undocumented one would be silently ignored)', () => {
    expect(Object.keys(ENV_VARS).sort()).toEqual(Object.keys(envSchema.shape).sort());
    expect(loadEnv({ BACKFILL_QUEUE_PATH: '/tmp/q.jsonl' }).BACKFILL_QUEUE_PATH).toBe('/tmp/q.jsonl');
  });

  it('keeps docs/env.md in step with the code (npm run docs:env regenerates it)', () => {
    expect(readFileSync('docs/env.md', 'utf8')).toBe(renderEnvReference());
  });
});
