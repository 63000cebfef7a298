// npm run bench:status — status over all seasons at scale 1 and 10, against the seeds' way (one query
// per table, as validate_phase.sh does), in the same run. Appends the results to BENCHMARKS.md.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fixedClock } from '../src/clock/clock.js';
import type { CommandPorts } from '../src/commands/command-context.js';
import { runCommand } from '../src/commands/registry.js';
import type { StatusData } from '../src/commands/status.js';
import { loadCatalog } from '../src/config/load-catalog.js';
import { generateDemoWarehouse } from '../src/demo/generate-demo.js';
import { DuckdbClient } from '../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../src/warehouse/sql-warehouse.js';
import { bigqueryOverStandin } from '../test/support/bigquery-adapter.js';
import { seedsWayStatus } from './seeds-way.js';

const AS_OF = '2026-11-23';
const SCALES = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

const catalog = loadCatalog('config/pipeline.yml');
mkdirSync('.data/bench', { recursive: true });
const rows: string[] = [];
const bigqueryRows: string[] = [];
const results: { scale: number; ours: number; seeds: number }[] = [];
const scanOnly = { ...catalog, tables: catalog.tables.map((t) => ({ ...t, partitioned: false })) };
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
for (const scale of SCALES) {
  const path = `.data/bench/demo-scale-${scale}-seed-42-${AS_OF}.duckdb`;
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} ...\n`);
    await generateDemoWarehouse(catalog, { path, scale, seed: 42, asOf: AS_OF });
  }
  const client = await DuckdbClient.open({ path });
  const ports: CommandPorts = {
    catalog,
    warehouse: new SqlWarehouse(catalog, client),
    clock: fixedClock(new Date(`${AS_OF}T12:00:00Z`)),
  };
  const totalRows = Number(
    (
      await client.query({
        sql: catalog.tables
          .map((t) => `SELECT COUNT(*) AS n FROM ${client.dialect.table(t.dataset, t.table)}`)
          .join(' UNION ALL '),
        params: {},
        label: 'bench',
      })
    ).reduce((sum, r) => sum + Number(r.n), 0),
  );
  let oursTrips = 0;
  let range = { start: '', end: '' };
  const ours = await time(async () => {
    const data = (await runCommand(['status', 'all'], ports, { prefix: '' })).data as StatusData;
    oursTrips = data.query.roundTrips;
    range = data.range;
  });
  let seedsTrips = 0;
  const seeds = await time(async () => {
    seedsTrips = await seedsWayStatus(catalog, client, range);
  });
  await ports.warehouse.close();
  const [o, s] = [median(ours), median(seeds)];
  results.push({ scale, ours: o, seeds: s });
  rows.push(
    `| ${scale} | ${totalRows.toLocaleString('en-US')} | ${o.toFixed(1)} ms (${oursTrips} query) | ${s.toFixed(1)} ms (${seedsTrips} queries) | ${(s / o).toFixed(2)}x |`,
  );
  process.stderr.write(`scale ${scale}: ours ${o.toFixed(1)} ms, seeds' way ${s.toFixed(1)} ms\n`);

  // The production path through the real Google client and the BigQuery REST stand-in: the time is
  // the stand-in's (DuckDB behind a translator), the bytes are what BigQuery would bill.
  for (const [path_, pathCatalog] of [
    ['partition-metadata', catalog],
    ['date-scan only', scanOnly],
  ] as const) {
    const bq = await bigqueryOverStandin(pathCatalog, path);
    const bqPorts: CommandPorts = { ...ports, catalog: pathCatalog, warehouse: bq.warehouse };
    const samples = await time(() => runCommand(['status', 'all'], bqPorts, { prefix: '' }));
    const explain = await bq.warehouse.explainCoverage(range, pathCatalog.tables, 'bench');
    bigqueryRows.push(
      `| ${scale} | ${path_} | ${median(samples).toFixed(1)} ms (1 job) | ${mb(explain.value.totalBytes)} |`,
    );
    await bq.warehouse.close();
    await bq.standin.close();
  }
}

const first = results[0];
const last = results[results.length - 1];
const growth =
  first && last && first !== last
    ? `status cost from scale ${first.scale} to ${last.scale}: ${(last.ours / first.ours).toFixed(2)}x (target < 3x)`
    : '';
const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = [
  '',
  `## bench:status · ${new Date().toISOString().slice(0, 10)} · ${machine}`,
  '',
  `Status over all seasons (\`status all\`, demo as of ${AS_OF}, seed 42) on the embedded DuckDB warehouse; median of ${RUNS} runs after ${WARMUP} warm-ups. Baseline: the seeds' way, one \`COUNT(DISTINCT date)\` query per table plus one for the schedule (validate_phase.sh), same warehouse, same run.`,
  '',
  "| scale | rows in pipeline tables | backfill-bot status | seeds' way | seeds / ours |",
  '|---|---|---|---|---|',
  ...rows,
  '',
  growth && `${growth}. Target: status at scale 10 under 300 ms.`,
  '',
  "BigQuery path, through the real `@google-cloud/bigquery` client against the REST stand-in (test/support/bigquery-standin). Time is the stand-in's; bytes are what a BigQuery dry run of the one coverage job reports (the stand-in estimates rows × column width, INFORMATION_SCHEMA at the 10 MB minimum).",
  '',
  '| scale | coverage path | status (stand-in) | bytes the job would bill |',
  '|---|---|---|---|',
  ...bigqueryRows,
  '',
].join('\n');
appendFileSync('BENCHMARKS.md', report);
process.stdout.write(report);
