import { z } from 'zod';
import { BackfillError } from '../domain/errors.js';
import { DEFAULT_MAX_IN_FLIGHT } from '../slack/in-flight.js';
import { DEFAULT_DUCKDB_MEMORY_LIMIT } from '../warehouse/duckdb/duckdb-limits.js';

// Every environment variable the bot reads, with its default and meaning. docs/env.md is generated
// from this list (npm run docs:env), so the reference cannot drift from the code.
export const ENV_VARS = {
  PORT: { default: '3000', doc: "The Bolt app's HTTP port: /slack/events, /healthz." },
  STANDIN_PORT: { default: '3001', doc: "The local Slack stand-in's page and Web API." },
  SLACK_SIGNING_SECRET: {
    default: undefined,
    doc: 'Production Slack signing secret; embedded default: given or generated.',
  },
  SLACK_BOT_TOKEN: { default: undefined, doc: 'Production Slack bot token (xoxb-...).' },
  SLACK_APP_TOKEN: { default: undefined, doc: 'App-level token (xapp-...): selects Socket Mode.' },
  SLACK_API_URL: { default: undefined, doc: "Web API base URL (the stand-in's in the embedded default)." },
  BACKFILL_CATALOG: { default: 'config/pipeline.yml', doc: 'Path of the pipeline catalog.' },
  BACKFILL_WAREHOUSE: { default: 'duckdb', doc: 'duckdb (embedded) or bigquery.' },
  BACKFILL_DUCKDB_PATH: {
    default: '.data/backfill.duckdb',
    doc: 'The embedded warehouse file; created with demo data if missing.',
  },
  BACKFILL_NOW: { default: undefined, doc: 'Clock override (ISO date or date-time) for demos and tests.' },
  BACKFILL_STATE_PATH: {
    default: '.data/state.duckdb',
    doc: 'The state store (gate requests, decisions, audit) on the embedded default.',
  },
  BACKFILL_STATE_DATASET: {
    default: 'backfill_bot',
    doc: "The bot's own BigQuery dataset for gate requests, decisions and the audit log (BACKFILL_WAREHOUSE=bigquery).",
  },
  BACKFILL_QUEUE_PATH: {
    default: '.data/queue.jsonl',
    doc: 'The local queue (stage starts, re-runs) on the embedded default: one JSON message per line.',
  },
  BACKFILL_QUEUE: {
    default: 'local',
    doc: 'local (the file BACKFILL_QUEUE_PATH) or pubsub (topics in BACKFILL_GCP_PROJECT, which must exist: the bot never creates them).',
  },
  PUBSUB_EMULATOR_HOST: {
    default: undefined,
    doc: 'host:port of a Pub/Sub emulator for BACKFILL_QUEUE=pubsub: plain gRPC, no credentials (as the Pub/Sub client reads it).',
  },
  BACKFILL_GCP_PROJECT: {
    default: undefined,
    doc: "GCP project of the pipeline's BigQuery datasets and Pub/Sub topics (default: the catalog's project).",
  },
  BACKFILL_BQ_LOCATION: { default: 'US', doc: 'BigQuery location of the datasets and jobs.' },
  BACKFILL_BQ_API_ENDPOINT: {
    default: undefined,
    doc: "BigQuery API endpoint (a local stand-in in tests, or a private endpoint); unset: Google's.",
  },
  BACKFILL_QUERY_TIMEOUT_MS: {
    default: '30000',
    doc: 'A warehouse query running longer is cancelled and reported.',
  },
  BACKFILL_MAX_BYTES_BILLED: {
    default: '10000000000',
    doc: 'BigQuery maximumBytesBilled per query (bytes).',
  },
  BACKFILL_DUCKDB_MEMORY_LIMIT: {
    default: DEFAULT_DUCKDB_MEMORY_LIMIT,
    doc: "DuckDB's memory_limit for each embedded DuckDB instance the process opens (the warehouse, the state store, the simulator's short write window), instead of DuckDB's default of 80% of RAM: a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 512MB or 2GiB; at least 64MB. A query needing more is answered \"ran out of memory\".",
  },
  BACKFILL_MAX_IN_FLIGHT: {
    default: String(DEFAULT_MAX_IN_FLIGHT),
    doc: 'Slash commands and follow-up buttons worked on concurrently; one more is answered at once "busy, try again in a moment" with a Try again button, having run and changed nothing. Clicks that change state (votes, Confirm, decisions, Stop) are counted but never refused; App Home redraws are not limited.',
  },
  BACKFILL_REMINDERS_CHANNEL: {
    default: undefined,
    doc: "Overrides the catalog's channels.reminders for ML milestone reminders (an id or a name, passed to Slack as given).",
  },
  BACKFILL_REPORT_CHANNEL: {
    default: undefined,
    doc: "Overrides the catalog's channels.report for the daily health report (an id or a name).",
  },
  BACKFILL_SIMULATOR: {
    default: 'on',
    doc: 'on: on the embedded default (DuckDB warehouse, local queue), a simulated pipeline answers re-runs; off: nothing does.',
  },
  BACKFILL_FAILPOINT: {
    default: undefined,
    doc: "Tests only: the process kills itself (SIGKILL) at this named point: one of the outbox relay's (relay.claimed, relay.delivering:KIND, relay.delivered:KIND, with KIND a row kind such as chat.update) or of the scheduler's (schedule.built:JOB once a slot's posts are built, before its claim; schedule.claimed:JOB once the claim and its posts are committed, before the job runs; JOB e.g. report).",
  },
} as const satisfies Record<string, { default: string | undefined; doc: string }>;

const port = z.coerce.number().int().min(1).max(65535);

// DuckDB's size units (it also takes lower case and a space before the unit).
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;
const MIN_DUCKDB_MEMORY = 64e6;

/** Bytes in a size such as '512MB' or '2GiB'; undefined if it is not one. */
export function sizeInBytes(text: string): number | undefined {
  const [, amount, unit] = SIZE.exec(text.trim()) ?? [];
  const factor = UNIT_BYTES[unit?.toLowerCase() ?? ''];
  return amount && factor ? Number(amount) * factor : undefined;
}

const duckdbMemory = z
  .string()
  .trim()
  .refine((v) => sizeInBytes(v) !== undefined, {
    message: 'a number and a unit (KB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 512MB',
    abort: true,
  })
  .refine(
    (v) => (sizeInBytes(v) ?? 0) >= MIN_DUCKDB_MEMORY,
    'at least 64MB: DuckDB needs room for its buffers',
  );
const positiveInt = z.coerce.number().int().positive();

export const envSchema = z.object({
  PORT: port.default(3000),
  STANDIN_PORT: port.default(3001),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional(),
  SLACK_API_URL: z.url().optional(),
  BACKFILL_CATALOG: z.string().min(1).default('config/pipeline.yml'),
  BACKFILL_WAREHOUSE: z.enum(['duckdb', 'bigquery']).default('duckdb'),
  BACKFILL_DUCKDB_PATH: z.string().min(1).default('.data/backfill.duckdb'),
  BACKFILL_NOW: z.string().min(1).optional(),
  BACKFILL_STATE_PATH: z.string().min(1).default('.data/state.duckdb'),
  BACKFILL_QUEUE_PATH: z.string().min(1).default('.data/queue.jsonl'),
  BACKFILL_QUEUE: z.enum(['local', 'pubsub']).default('local'),
  PUBSUB_EMULATOR_HOST: z
    .string()
    .regex(/^[^\s/:]+:\d{1,5}$/, 'host:port, e.g. localhost:8085')
    .optional(),
  BACKFILL_STATE_DATASET: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,1024}$/, 'a BigQuery dataset id')
    .default('backfill_bot'),
  BACKFILL_GCP_PROJECT: z.string().min(1).optional(),
  BACKFILL_BQ_LOCATION: z.string().min(1).default('US'),
  BACKFILL_BQ_API_ENDPOINT: z.url().optional(),
  BACKFILL_QUERY_TIMEOUT_MS: positiveInt.default(30_000),
  BACKFILL_MAX_BYTES_BILLED: positiveInt.default(10_000_000_000),
  BACKFILL_DUCKDB_MEMORY_LIMIT: duckdbMemory.default(DEFAULT_DUCKDB_MEMORY_LIMIT),
  BACKFILL_MAX_IN_FLIGHT: positiveInt.default(DEFAULT_MAX_IN_FLIGHT),
  BACKFILL_REMINDERS_CHANNEL: z.string().min(1).optional(),
  BACKFILL_REPORT_CHANNEL: z.string().min(1).optional(),
  BACKFILL_SIMULATOR: z.enum(['on', 'off']).default('on'),
  BACKFILL_FAILPOINT: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const relevant = Object.fromEntries(
    Object.keys(ENV_VARS)
      .map((name) => [name, source[name]])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(relevant);
  if (!result.success) {
    // Name the variable and what it accepts, never echo the value: it may be a secret.
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new BackfillError(
      'BAD_INPUT',
      `invalid environment:\n${lines.join('\n')}`,
      'See docs/env.md for every variable.',
    );
  }
  return result.data;
}
