// npm run bench:slack — 50 concurrent signed /backfill commands against the local app (embedded
// default: DuckDB demo at scale 1, Web API served by the stand-in). Measures the HTTP ack latency
// and the time until the answer reaches each command's response_url. Appends to BENCHMARKS.md.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../src/clock/clock.js';
import { loadEnv } from '../src/config/env.js';
import { loadCatalog } from '../src/config/load-catalog.js';
import { generateDemoWarehouse } from '../src/demo/generate-demo.js';
import { createSlackApp } from '../src/slack/create-slack-app.js';
import { Dedupe } from '../src/slack/dedupe.js';
import { startStandin } from '../src/standin/start-standin.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';

const AS_OF = '2026-11-23';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const COMMAND = process.env.BENCH_COMMAND ?? 'status 2023-24';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

const catalog = loadCatalog('config/pipeline.yml');
const path = `.data/bench/demo-scale-1-seed-42-${AS_OF}.duckdb`;
if (!existsSync(path)) {
  mkdirSync('.data/bench', { recursive: true });
  await generateDemoWarehouse(catalog, { path, scale: 1, seed: 42, asOf: AS_OF });
}
// The bot's own warehouse profile, as npm start opens it.
const warehouse = await openWarehouse(catalog, loadEnv({ BACKFILL_DUCKDB_PATH: path }), 'serve');
const secret = randomBytes(20).toString('hex');
const botToken = 'xoxb-bench';

const standin = await startStandin({
  port: 0,
  appUrl: 'http://127.0.0.1:9/unused',
  signingSecret: secret,
  botToken,
});
const app = createSlackApp({
  botToken,
  signingSecret: secret,
  apiUrl: standin.apiUrl,
  deps: {
    ports: { catalog, warehouse, clock: fixedClock(new Date(`${AS_OF}T12:00:00Z`)) },
    deadlineMs: 30_000,
    dedupe: new Dedupe(600_000),
    log: () => {},
  },
});
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
const appUrl = `http://127.0.0.1:${server.address().port}/slack/events`;

const client = spawn(process.execPath, [fileURLToPath(new URL('./slack-client.js', import.meta.url))], {
  env: {
    ...process.env,
    BENCH_CLIENT_CONFIG: JSON.stringify({
      appUrl,
      secret,
      command: COMMAND,
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
    }),
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
client.stdout.on('data', (chunk) => (output += chunk));
await new Promise<void>((resolve, reject) =>
  client.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`client exited ${code}`)))),
);
const { acks, fulls } = JSON.parse(output) as { acks: number[]; fulls: number[] };
await app.stop();
await standin.close();
await warehouse.close();

const fmt = (n: number) => `${n.toFixed(1)} ms`;
const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = [
  '',
  `## bench:slack · ${new Date().toISOString().slice(0, 10)} · ${machine}`,
  '',
  `${ROUNDS} rounds of ${CONCURRENCY} concurrent signed \`/backfill ${COMMAND}\` slash commands (${acks.length} in all) from a client in its own process (keep-alive sockets, warmed first) to the real Bolt app over HTTP on loopback; embedded default (DuckDB demo at scale 1, as of ${AS_OF}). Ack = the HTTP 200 to the command; full = until the Block Kit answer reached the command's response_url.`,
  '',
  '| measure | p50 | p99 | max |',
  '|---|---|---|---|',
  `| ack latency | ${fmt(percentile(acks, 50))} | ${fmt(percentile(acks, 99))} | ${fmt(Math.max(...acks))} |`,
  `| time to full answer | ${fmt(percentile(fulls, 50))} | ${fmt(percentile(fulls, 99))} | ${fmt(Math.max(...fulls))} |`,
  '',
  `Target: ack p99 under 50 ms (${percentile(acks, 99) < 50 ? 'met' : 'NOT met'}). Slack's own limit is 3 s.`,
  '',
].join('\n');
appendFileSync('BENCHMARKS.md', report);
process.stdout.write(report);
