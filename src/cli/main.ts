import { openPorts } from '../bot/open-ports.js';
import { clockFromEnv } from '../clock/clock.js';
import { rangeContext, today } from '../commands/command-context.js';
import { helpResult } from '../commands/help.js';
import { COMMANDS, runCommand } from '../commands/registry.js';
import { loadEnv } from '../config/env.js';
import { loadCatalog } from '../config/load-catalog.js';
import { DuckdbStateStore } from '../store/duckdb/duckdb-state-store.js';
import { parseCliArgs } from './cli-args.js';
import { parseDemoFill, runDemoFill } from './demo-fill.js';
import { parseDemoInit, progressReporter, runDemoInit } from './demo-init.js';
import { renderError } from './render-error.js';
import { renderText } from './render-text.js';

const PREFIX = 'backfill-bot ';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The `backfill-bot` command. Returns the exit code: 0 ok, 1 failure, 2 bad input. */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let json = argv.includes('--json');
  let debug = argv.includes('--debug');
  try {
    const { words, flags } = parseCliArgs(argv);
    json = flags.json ?? false;
    debug = flags.debug ?? false;
    const color = !json && !flags['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR;
    const print = (result: { data: unknown; message: Parameters<typeof renderText>[0] }) =>
      io.stdout.write(
        json
          ? `${JSON.stringify(result.data, null, 2)}\n`
          : renderText(result.message, { color, prefix: PREFIX }),
      );

    const env = loadEnv(io.env);
    const catalog = loadCatalog(env.BACKFILL_CATALOG);
    const clock = clockFromEnv(env.BACKFILL_NOW);
    const [name, ...rest] = words;

    if (name === 'demo' && rest[0] === 'fill') {
      const request = parseDemoFill(rest, flags, {
        catalog,
        path: env.BACKFILL_DUCKDB_PATH,
        rangeContext: rangeContext({ catalog, clock }),
      });
      io.stdout.write(`${await runDemoFill(catalog, request)}\n`);
      return 0;
    }
    if (name === 'demo') {
      const request = parseDemoInit(rest, flags, {
        path: env.BACKFILL_DUCKDB_PATH,
        asOf: today({ catalog, clock }),
      });
      io.stderr.write(`${await runDemoInit(catalog, request, io.stderr)}\n`);
      return 0;
    }
    if (flags.help || name === undefined || name === 'help' || !COMMANDS.some((c) => c.name === name)) {
      print(helpResult(COMMANDS, PREFIX, flags.help || name === undefined || name === 'help' ? null : name));
      return flags.help || name === undefined || name === 'help' ? 0 : 2;
    }

    const ports = await openPorts(
      env,
      { catalog, clock },
      (line) => io.stderr.write(`${line}\n`),
      progressReporter(io.stderr),
    );
    // Gate requests live in the bot's state store; DuckDB lets one process hold it, so this works while the bot is stopped.
    if (name === 'gate' && (rest[0] === 'status' || rest[0] === 'history')) {
      ports.store = await DuckdbStateStore.open({ path: env.BACKFILL_STATE_PATH, clock });
    }
    try {
      print(await runCommand(words, ports, { prefix: PREFIX, explain: flags.explain ?? false }));
      return 0;
    } finally {
      await ports.store?.close();
      await ports.warehouse.close();
    }
  } catch (error) {
    const rendered = renderError(error, debug);
    io.stderr.write(json ? `${JSON.stringify(rendered.json)}\n` : `${rendered.text}\n`);
    return rendered.exitCode;
  }
}
