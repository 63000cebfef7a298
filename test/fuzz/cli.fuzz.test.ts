import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/cli-args.js';
import { DEFAULT_HEATMAP_FILE } from '../../src/cli/cli-files.js';
import { parseDemoFill } from '../../src/cli/demo-fill.js';
import { parseDemoInit } from '../../src/cli/demo-init.js';
import { fixedClock } from '../../src/clock/clock.js';
import { rangeContext } from '../../src/commands/command-context.js';
import { partitioningOf, TEST_PROJECT } from '../support/bigquery-adapter.js';
import { startBigqueryStandin } from '../support/bigquery-standin/start-bigquery-standin.js';
import { cli } from '../support/cli-harness.js';
import { catalog } from '../support/ports.js';
import { expectNoLeak, expectOurError, expectWordsOnlyAsParameters } from './answer-checks.js';
import { cases, fuzz, totalLine } from './fuzz-run.js';
import { buildFuzzWarehouse, TODAY } from './fuzz-world.js';
import { commandLine, word } from './hostile-words.js';
import { type TappedStatement, tapDuckdbSql } from './sql-tap.js';

// The backfill-bot command run in-process with random and hostile argv: it always ends with an exit
// code (0, 1 or 2), bad input exits 2 with a line that says what is accepted, nothing reaches SQL
// but as a bound value, and without --debug no stack trace or server path is printed.

const RUNS_CLI = cases(600);
const RUNS_DEMO = cases(1000);
const RUNS_BIGQUERY = cases(200);
const TIMEOUT_MS = 120_000;

const FLAGS = [
  '--json',
  '--explain',
  '--no-color',
  '--yes',
  '-y',
  '--override',
  '--with-downstream',
  '--started',
  '--started=last 24h',
  '--started=last 3d',
];
const ODD_FLAGS = [
  '--debug',
  '-h',
  '--help',
  '--started=',
  '--scale',
  '--seed',
  '--as-of',
  '--path',
  '--force',
  '--jsn',
  '--unknown',
  '-x',
  '-hy',
  '--json=1',
  '--',
  '---',
  '--=',
  '--public',
];
const flag = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_FLAGS) },
);

describe('the CLI under random and hostile argv', () => {
  let warehouse: { path: string; cleanup: () => void };
  let dir: string;
  let env: Record<string, string>;
  let tap: { statements: TappedStatement[]; stop(): void };
  let paths: string[];
  // Where --out may write: only here. The fuzz never makes up a path: it runs as whoever runs the tests.
  let outs: string[];

  beforeAll(async () => {
    warehouse = await buildFuzzWarehouse();
    dir = mkdtempSync(join(tmpdir(), 'backfill-fuzz-cli-'));
    env = {
      BACKFILL_CATALOG: resolve('config/pipeline.yml'),
      BACKFILL_DUCKDB_PATH: warehouse.path,
      BACKFILL_STATE_PATH: join(dir, 'state', 'state.duckdb'),
      BACKFILL_QUEUE_PATH: join(dir, 'state', 'queue.jsonl'),
      BACKFILL_NOW: TODAY,
    };
    const out = join(dir, 'out');
    outs = [
      join(out, 'h.png'),
      join(out, 'missing', 'dir', 'h.png'),
      out,
      join(out, 'x'.repeat(300)),
      `${out}/a\u0000b.png`,
      '',
    ];
    paths = [dirname(warehouse.path), join(dir, 'state'), process.cwd()];
    tap = tapDuckdbSql();
  });
  afterAll(() => {
    console.log(totalLine('CLI argv'));
    // The default file name in the current directory (the repository) was never written.
    expect(existsSync(DEFAULT_HEATMAP_FILE)).toBe(false);
    tap?.stop();
    warehouse?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Argv: the command words with CLI flags among them, and --out only ever one of ours. */
  const argv = fc
    .tuple(
      commandLine,
      fc.array(fc.tuple(fc.nat(), fc.oneof({ weight: 3, arbitrary: flag }, { weight: 1, arbitrary: word })), {
        maxLength: 3,
      }),
      fc.nat({ max: 19 }),
      fc.nat({ max: 3 }),
    )
    .map(([words, flags, out, dashes]) => {
      // Words that start with '-' are flags to the CLI's strict parser: keep them in a quarter of the cases.
      const args = dashes === 0 ? [...words] : words.filter((w) => !w.startsWith('-'));
      for (const [at, flag] of flags) args.splice(at % (args.length + 1), 0, flag);
      // No demo: it would write the warehouse under test (the demo parsers are fuzzed below).
      const safe = args.filter((a) => !/^--out(=|$)/.test(a) && a !== 'demo');
      // --out in one case in five (most commands refuse it), else heatmap gets one of ours.
      return { safe, out: out < 4 ? out : undefined };
    });

  it(
    'every argv ends with an exit code, says what is accepted on bad input, and leaks nothing',
    async () => {
      await fuzz(
        'cli argv',
        argv,
        async ({ safe, out }) => {
          tap.statements.length = 0;
          // First, so that a '--' among the words cannot turn it into a word. Without --out, heatmap
          // would write coverage-heatmap.png into the current directory: it always gets one of ours.
          const given =
            out !== undefined
              ? outs[out % outs.length]
              : commandName(safe) === 'heatmap'
                ? outs[0]
                : undefined;
          const args = given === undefined ? [...safe] : ['--out', given, ...safe];
          const run = await cli(args, env);
          const context = `backfill-bot ${JSON.stringify(args).slice(0, 300)} (exit ${run.code})`;
          expect([0, 1, 2], context).toContain(run.code);
          if (!args.includes('--debug')) {
            expectNoLeak(run.stdout, paths, `${context} stdout`);
            // Whoever runs the CLI is on the bot's machine: an infrastructure error (exit 1) may name
            // its files and quote the vendor; a refusal of what was typed (exit 2) may not.
            expectNoLeak(run.stderr, paths, `${context} stderr`, { server: run.code === 1 });
          }
          if (run.code === 2) {
            const said = args.includes('--json')
              ? JSON.parse(run.stderr).error?.hint
              : run.stderr.split('\n')[1];
            expect(String(said ?? '').trim(), `${context}: what is accepted`).not.toBe('');
          }
          expectWordsOnlyAsParameters(tap.statements, args);
          return `exit ${run.code}`;
        },
        RUNS_CLI,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'on BigQuery too: typed words reach the jobs (warehouse and state store) only as parameters',
    async () => {
      process.env.METADATA_SERVER_DETECTION = 'none';
      const standin = await startBigqueryStandin({
        duckdbPath: warehouse.path,
        project: TEST_PROJECT,
        partitioning: partitioningOf(catalog),
      });
      const bigqueryEnv = {
        ...env,
        BACKFILL_WAREHOUSE: 'bigquery',
        BACKFILL_GCP_PROJECT: TEST_PROJECT,
        BACKFILL_BQ_API_ENDPOINT: standin.url,
        BACKFILL_STATE_DATASET: 'fuzz_state',
      };
      try {
        await fuzz(
          'cli argv on bigquery',
          argv,
          async ({ safe, out }) => {
            const given =
              out !== undefined
                ? outs[out % outs.length]
                : commandName(safe) === 'heatmap'
                  ? outs[0]
                  : undefined;
            const args = given === undefined ? [...safe] : ['--out', given, ...safe];
            const before = standin.jobs.length;
            const run = await cli(args, bigqueryEnv);
            const context = `backfill-bot ${JSON.stringify(args).slice(0, 300)} on BigQuery (exit ${run.code})`;
            expect([0, 1, 2], `${context}: ${run.stderr.slice(0, 500)}`).toContain(run.code);
            const jobs = standin.jobs.slice(before).map((job) => ({ sql: job.sql, values: job.params }));
            expectWordsOnlyAsParameters(jobs, args);
            return `exit ${run.code}`;
          },
          RUNS_BIGQUERY,
        );
        // The words did reach BigQuery: as jobs' parameters (the check above is not vacuous).
        const stored = standin.jobs.filter((job) => job.sql.includes('fuzz_state')).length;
        console.log(
          `fuzz: cli argv on bigquery sent ${standin.jobs.length} jobs (${stored} to the state store)`,
        );
        expect(standin.jobs.length).toBeGreaterThan(0);
      } finally {
        await standin.close();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'demo init and demo fill words and flags: our error with its usage, or a request',
    async () => {
      const context = { catalog, clock: fixedClock(new Date(`${TODAY}T12:00:00Z`)) };
      const demoArgs = fc
        .tuple(
          fc.constantFrom('init', 'fill', 'fil', ''),
          fc.array(
            fc.oneof(
              fc.constantFrom(
                ...FLAGS,
                ...ODD_FLAGS,
                '--scale=0',
                '--scale=1e9',
                '--seed=-1',
                '--as-of=2024-02-30',
              ),
              word,
            ),
            {
              maxLength: 5,
            },
          ),
        )
        .map(([sub, rest]) => ['demo', ...(sub ? [sub] : []), ...rest]);
      await fuzz(
        'demo words',
        demoArgs,
        (args) => {
          try {
            const { words, flags } = parseCliArgs(args);
            const [, ...rest] = words;
            if (rest[0] === 'fill')
              parseDemoFill(rest, flags, {
                catalog,
                path: 'unused.duckdb',
                rangeContext: rangeContext(context),
              });
            else parseDemoInit(rest, flags, { path: 'unused.duckdb', asOf: TODAY });
            return 'parsed';
          } catch (error) {
            expectOurError(error, `demo ${JSON.stringify(args).slice(0, 300)}`);
            return 'refused';
          }
        },
        RUNS_DEMO,
      );
    },
    TIMEOUT_MS,
  );
});

/** The command the CLI will run (its first word), read by its own argv parser; null when it refuses the argv. */
function commandName(args: string[]): string | null {
  try {
    return parseCliArgs(args).words[0] ?? null;
  } catch {
    return null;
  }
}
