// npm run bench:heatmap — the coverage heatmap (query + render to PNG) over all seasons at demo scale
// 1 and 10, against the status answer over the same range in the same run (the seeds have no
// picture, only monitor_progress.sh's text bars). Appends the results to BENCHMARKS.md.
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fixedClock } from '../src/clock/clock.js';
import type { CommandPorts } from '../src/commands/command-context.js';
import type { HeatmapData } from '../src/commands/heatmap.js';
import { heatmapCommand } from '../src/commands/heatmap.js';
import { drawCoverageHeatmap, readHeatmap } from '../src/commands/heatmap-picture.js';
import type { RangeAndTarget } from '../src/commands/range-and-target.js';
import { runCommand } from '../src/commands/registry.js';
import { loadCatalog } from '../src/config/load-catalog.js';
import { generateDemoWarehouse } from '../src/demo/generate-demo.js';
import { DuckdbClient } from '../src/warehouse/duckdb/duckdb-client.js';
import { SqlWarehouse } from '../src/warehouse/sql-warehouse.js';

const AS_OF = '2026-11-23';
const SCALES = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const WORDS = ['all'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

const elapsed = async (fn: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

/** Both answers in turns (heatmap, status, heatmap, ...), so a drift of the machine hits both alike. */
async function interleaved(fns: (() => Promise<unknown>)[]): Promise<number[][]> {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) for (const [k, fn] of fns.entries()) samples[k]?.push(await elapsed(fn));
  return samples;
}

const catalog = loadCatalog('config/pipeline.yml');
mkdirSync('.data/bench', { recursive: true });
const rows: string[] = [];
let cold: number | null = null;
const results: { scale: number; heatmap: number; status: number }[] = [];
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
  let shape = '';
  const request = heatmapCommand.parse(WORDS, ports) as RangeAndTarget;
  // The first drawing in this process shapes every label (text-outlines.ts); later ones reuse them.
  if (cold === null) {
    const { grid } = await readHeatmap(request, ports);
    cold = await elapsed(async () => drawCoverageHeatmap(grid, request.range, null, ports.clock.now()));
  }
  const [heatmap = [], status = [], query = [], render = []] = await interleaved([
    async () => {
      const data = (await runCommand(['heatmap', ...WORDS], ports, { prefix: '' })).data as HeatmapData;
      shape = `${data.columns} weekly columns × ${data.tables.length} tables, ${data.image?.width}×${data.image?.height} px, ${Math.round((data.image?.bytes ?? 0) / 1024)} kB`;
    },
    () => runCommand(['status', ...WORDS], ports, { prefix: '' }),
    // The two halves of the heatmap, apart: the reads, and the drawing of the same grid.
    () => readHeatmap(request, ports),
    (() => {
      let grid: Awaited<ReturnType<typeof readHeatmap>>['grid'] | undefined;
      return async () => {
        grid ??= (await readHeatmap(request, ports)).grid;
        drawCoverageHeatmap(grid, request.range, null, ports.clock.now());
      };
    })(),
  ]);
  await ports.warehouse.close();
  const [h, s, q, r] = [median(heatmap), median(status), median(query), median(render)];
  results.push({ scale, heatmap: h, status: s });
  rows.push(
    `| ${scale} | ${h.toFixed(1)} ms | ${q.toFixed(1)} ms | ${r.toFixed(1)} ms | ${s.toFixed(1)} ms | ${(h / s).toFixed(2)}x | ${shape} |`,
  );
  process.stderr.write(
    `scale ${scale}: heatmap ${h.toFixed(1)} ms (query ${q.toFixed(1)}, render ${r.toFixed(1)}), status ${s.toFixed(1)} ms\n`,
  );
}

const first = results[0];
const last = results[results.length - 1];
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const checks = [
  ...results.map(
    (x) =>
      `heatmap / status at scale ${x.scale}: ${(x.heatmap / x.status).toFixed(2)}x (target <= 3x: ${verdict(x.heatmap <= 3 * x.status)})`,
  ),
  ...(first?.scale === 1
    ? [
        `heatmap at scale 1: ${first.heatmap.toFixed(1)} ms (target < 300 ms: ${verdict(first.heatmap < 300)})`,
      ]
    : []),
  ...(first && last && first !== last
    ? [
        `heatmap cost from scale ${first.scale} to ${last.scale}: ${(last.heatmap / first.heatmap).toFixed(2)}x (target < 2x: ${verdict(last.heatmap / first.heatmap < 2)})`,
      ]
    : []),
];
const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = [
  '',
  `## bench:heatmap · ${new Date().toISOString().slice(0, 10)} · ${machine}`,
  '',
  `The coverage heatmap over all seasons (\`heatmap all\`, demo as of ${AS_OF}, seed 42) on the embedded DuckDB warehouse: coverage and open failures read side by side, the grid built, the SVG drawn and rendered to PNG by resvg with the DejaVu Sans TTF; median of ${RUNS} runs after ${WARMUP} warm-ups, taken in turns with the baseline. Baseline: the status answer over the same range, same warehouse, same run. "query" and "render" are the two halves timed apart.`,
  '',
  '| scale | heatmap | query | render | status | heatmap / status | picture |',
  '|---|---|---|---|---|---|---|',
  ...rows,
  '',
  ...checks.map((c) => `- ${c}`),
  ...(cold === null
    ? []
    : [
        `- the first render in a fresh process, before any label is shaped: ${cold.toFixed(1)} ms (every later render reuses the labels' outlines)`,
      ]),
  '',
].join('\n');
appendFileSync('BENCHMARKS.md', report);
process.stdout.write(report);
