// A CLI-style reader in another process: opens the warehouse read-only the way the CLI does (the real
// DuckdbClient, loaded from source through Vite's module runner), runs one query, closes, pauses (a
// CLI command is a new process each time), and again, until its stdin closes. One JSON line per read
// on stdout; "ready" once loaded, "done" at the end.
import { runnerImport } from 'vite';

const [path, pauseMs = '20'] = process.argv.slice(2);
const { module } = await runnerImport(
  new URL('../../src/warehouse/duckdb/duckdb-client.ts', import.meta.url).pathname,
  { configFile: false, logLevel: 'silent' },
);
let stopped = false;
process.stdin.on('end', () => {
  stopped = true;
});
process.stdin.resume();
process.stdout.write('ready\n');
const until = performance.now() + 20_000;
while (!stopped && performance.now() < until) {
  const started = performance.now();
  try {
    const client = await module.DuckdbClient.open({ path, connections: 1 });
    const openMs = performance.now() - started;
    const [row] = await client.query({
      sql: 'SELECT count(*) AS n FROM "nba_reference"."processor_run_history"',
      params: {},
      label: 'runs',
    });
    await client.close();
    process.stdout.write(`${JSON.stringify({ ok: true, openMs, runs: row.n })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: String(error?.message ?? error) })}\n`);
  }
  await new Promise((resolve) => setTimeout(resolve, Number(pauseMs)));
}
process.stdout.write('done\n');
