// npm run bench:load [-- --users 50 --seconds 60 --warmup 10 --seed 42 --print-only] (or BENCH_USERS,
// BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_SEED) — N users in a closed loop against the bot over
// signed HTTP on loopback, for a fixed time. Three processes: this one hosts the Slack stand-in
// (Slack's side); the bot (bench/load-bot.ts, startBot as npm start runs it) and the load client
// (bench/load-client.ts) are forked, so neither shares an event loop or a heap with Slack or with
// the other. The demo warehouse at scale 1 is generated once into the temp dir. Appends the results
// to BENCHMARKS.md (--print-only: prints them only).
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENV_VARS } from '../src/config/env.js';
import { loadCatalog } from '../src/config/load-catalog.js';
import { generateDemoWarehouse } from '../src/demo/generate-demo.js';
import { DuckdbClient } from '../src/warehouse/duckdb/duckdb-client.js';
import { freePort } from '../test/support/free-port.js';
import type {
  BotStats,
  BotToParent,
  ClientConfig,
  ClientToParent,
  ParentToBot,
  Sample,
} from './load-messages.js';
import { loadReport, type OutboxSummary, percentile, tallyLog } from './load-report.js';
import { startLoadStandin } from './load-standin.js';

const AS_OF = '2026-11-23';
const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    seconds: { type: 'string' },
    warmup: { type: 'string' },
    seed: { type: 'string' },
    'print-only': { type: 'boolean' },
  },
});
function bounded(name: string, raw: string | undefined, fallback: number, max: number): number {
  const value = Number(raw ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name}: a whole number 1..${max}`);
  return value;
}
const USERS = bounded('--users', values.users ?? process.env.BENCH_USERS, 50, 500);
const SECONDS = bounded('--seconds', values.seconds ?? process.env.BENCH_SECONDS, 60, 600);
const WARMUP = bounded('--warmup', values.warmup ?? process.env.BENCH_WARMUP_SECONDS, 10, 120);
const SEED = bounded('--seed', values.seed ?? process.env.BENCH_SEED, 42, 2 ** 31 - 1);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// The demo warehouse once per machine; each run gets its own copy, state store, queue and log.
const catalog = loadCatalog('config/pipeline.yml');
const base = join(tmpdir(), 'backfill-bot-bench-load');
mkdirSync(base, { recursive: true });
const demo = join(base, `demo-scale-1-seed-42-${AS_OF}.duckdb`);
if (!existsSync(demo)) {
  process.stderr.write(`generating ${demo} ...\n`);
  // Under another name until complete, so an interrupted generation is never taken for the demo.
  const partial = join(base, `partial-${process.pid}.duckdb`);
  await generateDemoWarehouse(catalog, { path: partial, scale: 1, seed: 42, asOf: AS_OF });
  renameSync(partial, demo);
}
const run = mkdtempSync(join(base, 'run-'));
const paths = {
  warehouse: join(run, 'backfill.duckdb'),
  state: join(run, 'state.duckdb'),
  queue: join(run, 'queue.jsonl'),
  log: join(run, 'bot.log'),
};
copyFileSync(demo, paths.warehouse);

const loadBefore = loadavg()[0] ?? 0;
const secret = randomBytes(20).toString('hex');
const botToken = 'xoxb-bench-load';
const port = await freePort();
const appUrl = `http://127.0.0.1:${port}/slack/events`;
let client: ChildProcess | undefined;
const slack = await startLoadStandin({
  appUrl,
  signingSecret: secret,
  botToken,
  onEvent: (event) => client?.send(event),
});

// The bot's lines go to a file, not a pipe: its log writes are synchronous, and a pipe this process
// read late would stall the bot's event loop and be measured as the bot's delay.
const logFd = openSync(paths.log, 'w');
const bot = fork(here('./load-bot.js'), [], {
  env: {
    ...process.env,
    PORT: String(port),
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.standin.apiUrl,
    BACKFILL_WAREHOUSE: 'duckdb',
    BACKFILL_DUCKDB_PATH: paths.warehouse,
    BACKFILL_STATE_PATH: paths.state,
    BACKFILL_QUEUE: 'local',
    BACKFILL_QUEUE_PATH: paths.queue,
    BACKFILL_NOW: AS_OF,
  },
  stdio: ['ignore', logFd, 'inherit', 'ipc'],
  // e.g. BENCH_BOT_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the bot under load.
  execArgv: process.env.BENCH_BOT_EXEC_ARGV?.split(' ').filter(Boolean) ?? [],
});
const botStats: ((stats: BotStats) => void)[] = [];
const botReady = new Promise<void>((resolve, reject) => {
  bot.on('message', (message: BotToParent) => {
    if (message.type === 'ready') resolve();
    else botStats.shift()?.(message.stats);
  });
  bot.once('exit', (code) =>
    reject(new Error(`the bot exited (${code}) before it was ready: see ${paths.log}`)),
  );
});
const askBot = (message: ParentToBot) =>
  new Promise<BotStats>((resolve) => {
    botStats.push(resolve);
    bot.send(message);
  });
await botReady;

const config: ClientConfig = {
  appUrl,
  secret,
  users: USERS,
  warmupMs: WARMUP * 1000,
  durationMs: SECONDS * 1000,
  seed: SEED,
};
process.stderr.write(`bench:load: ${USERS} users, ${WARMUP} s warm-up + ${SECONDS} s, run files in ${run}\n`);
let start: Promise<BotStats> | undefined;
let end: Promise<BotStats> | undefined;
const done = new Promise<{ samples: Sample[] }>((resolve, reject) => {
  client = fork(here('./load-client.js'), [], {
    env: { ...process.env, BENCH_LOAD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  client.on('message', (message: ClientToParent) => {
    if (message.type === 'trigger')
      client?.send({ type: 'trigger', id: message.id, trigger: slack.trigger(message.user) });
    else if (message.type === 'phase' && message.phase === 'measure') start = askBot({ type: 'mark' });
    else if (message.type === 'phase') end = askBot({ type: 'report' });
    else resolve(message);
  });
  client.once('exit', (code) => code !== 0 && reject(new Error(`the load client exited ${code}`)));
});
const { samples } = await done;
const afterDrain = await askBot({ type: 'report' });
if (!start || !end) throw new Error('the client never started or ended the window');
const [startStats, endStats] = await Promise.all([start, end]);

const loadAfter = loadavg()[0] ?? 0;
bot.send({ type: 'stop' } satisfies ParentToBot);
await new Promise((resolve) => bot.once('exit', resolve));
closeSync(logFd);
await slack.close();

// What the relay left behind, from the store the bot wrote (read once it has let go of the file).
const store = await DuckdbClient.open({ path: paths.state, readOnly: true });
const rows = await store.query({
  sql: `SELECT kind, state, created_at, delivered_at FROM outbox`,
  params: {},
  label: 'bench',
});
await store.close();
// The copy of the warehouse is 40 MB per run; the log and the state store stay for a look.
rmSync(paths.warehouse, { force: true });
const outbox: OutboxSummary[] = [...new Set(rows.map((r) => String(r.kind)))].sort().map((kind) => {
  const of = rows.filter((r) => r.kind === kind);
  const lags = of.flatMap((r) =>
    r.delivered_at ? [Date.parse(String(r.delivered_at)) - Date.parse(String(r.created_at))] : [],
  );
  const count = (state: string) => of.filter((r) => r.state === state).length;
  return {
    kind,
    delivered: count('delivered'),
    pending: count('pending'),
    failed: count('failed'),
    lagP50: percentile(lags, 50),
    lagP99: percentile(lags, 99),
  };
});

// Bounds another change adds to the front and to DuckDB: say whether this build had them, and how set.
const envVars: Record<string, { default: string | undefined }> = ENV_VARS;
const setting = (name: string) =>
  name in envVars
    ? `${name}=${process.env[name] ?? `${envVars[name]?.default ?? ''} (default)`}`
    : `no ${name} in this build`;
const bounds = `Bounds: ${setting('BACKFILL_DUCKDB_MEMORY_LIMIT')}; ${setting('BACKFILL_MAX_IN_FLIGHT')}.`;
const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const { markdown, verdicts } = loadReport({
  date: new Date().toISOString().slice(0, 10),
  machine,
  users: USERS,
  seconds: SECONDS,
  warmupSeconds: WARMUP,
  samples,
  start: startStats,
  end: endStats,
  afterDrain,
  log: tallyLog(readFileSync(paths.log, 'utf8')),
  outbox,
  loadBefore,
  loadAfter,
  bounds,
  mix: 'status 20%, gaps 12%, failures 12%, plan 12%, re-run plans (`rerun failed …`) 12%, gate requests 16% (gate 1 2021-22 FAIL, gate 1 2023-24 and gate 0 2023-24 PASS), votes 16% (approve 70% / reject 30% by U0LEAD1 or U0LEAD2 on the oldest card not yet voted on)',
});
if (!values['print-only']) appendFileSync('BENCHMARKS.md', markdown);
process.stdout.write(`${markdown}\n`);
process.stderr.write(`${verdicts.join('\n')}\nrun files (bot.log, state.duckdb): ${run}\n`);
process.exit(0);
