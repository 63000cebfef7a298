import { catalogAndClock, openPorts } from '../bot/open-ports.js';
import { rangeContext, today } from '../commands/command-context.js';
import { closestCommand, helpResult } from '../commands/help.js';
import { COMMANDS, runCommand } from '../commands/registry.js';
import { parseRerunWords } from '../commands/rerun-words.js';
import { loadEnv } from '../config/env.js';
import { BadInputError } from '../domain/errors.js';
import { lineLogger } from '../log/line-logger.js';
import { parseCliArgs } from './cli-args.js';
import { checkOut, writeResultFile } from './cli-files.js';
import { snoozeFromCli } from './cli-remind.js';
import { rerunFromCli } from './cli-rerun.js';
import { stopWatchFromCli } from './cli-watch.js';
import { parseDemoFill, runDemoFill } from './demo-fill.js';
import { parseDemoInit, progressReporter, runDemoInit } from './demo-init.js';
import { renderError } from './render-error.js';
import { renderText } from './render-text.js';

const PREFIX = 'backfill-bot ';

// Gate requests live in the bot's state store. Only these commands open it: DuckDB lets one process
// hold the state file, so every other command works while the bot runs.
const needsStore = (name: string | undefined, rest: string[], yes: boolean) =>
  (name === 'gate' && (rest[0] === 'status' || rest[0] === 'history')) ||
  (name === 'remind' && rest[0] === 'snooze') ||
  (name === 'watch' && (rest[0] === 'list' || rest[0] === 'stop')) ||
  (name === 'rerun' && (rest[0] === 'status' || rest[0] === 'history' || yes));

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** COLUMNS as a width, when it is a positive whole number. */
const columns = (value: string | undefined) =>
  value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;

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
          : renderText(result.message, { color, prefix: PREFIX, width: columns(io.env.COLUMNS) }),
      );

    const env = loadEnv(io.env);
    const [name, ...rest] = words;
    checkOut(name, flags.out);

    if (name === 'demo') {
      const { catalog, clock } = catalogAndClock(env);
      if (rest[0] === 'fill') {
        const request = parseDemoFill(rest, flags, {
          catalog,
          path: env.BACKFILL_DUCKDB_PATH,
          rangeContext: rangeContext({ catalog, clock }),
        });
        io.stdout.write(`${await runDemoFill(catalog, request)}\n`);
        return 0;
      }
      const request = parseDemoInit(rest, flags, {
        path: env.BACKFILL_DUCKDB_PATH,
        asOf: today({ catalog, clock }),
      });
      io.stderr.write(`${await runDemoInit(catalog, request, io.stderr)}\n`);
      return 0;
    }
    if (flags.help || name === undefined || name === 'help') {
      print(helpResult(COMMANDS, PREFIX));
      return 0;
    }
    if (!COMMANDS.some((c) => c.name === name)) {
      // A shell user wants the slip named, not a screen of help: one line, exit 2.
      const suggestion = closestCommand(COMMANDS, name);
      throw new BadInputError(
        `unknown command "${name}"${suggestion ? `, did you mean ${suggestion}?` : ''}`,
        `Run ${PREFIX}help for the commands.`,
      );
    }

    // stdout carries the answer (or its JSON): what the ports have to say goes to stderr, for people.
    const logger = lineLogger(io.stderr);
    const yes = flags.yes ?? false;
    const ports = await openPorts(env, logger, {
      store: needsStore(name, rest, yes),
      queue: name === 'rerun' && yes,
      progress: progressReporter(io.stderr),
    });
    try {
      if (name === 'remind' && rest[0] === 'snooze' && ports.store) {
        print(await snoozeFromCli(rest, { ...ports, store: ports.store }));
        return 0;
      }
      if (name === 'watch' && rest[0] === 'stop' && ports.store) {
        print(await stopWatchFromCli(rest, { ...ports, store: ports.store }));
        return 0;
      }
      if (name === 'rerun' && yes) {
        const parsed = parseRerunWords(rest, ports);
        if (parsed.kind === 'plan' && ports.store && ports.queue) {
          const { result, ok } = await rerunFromCli(
            parsed,
            { ...ports, store: ports.store, queue: ports.queue },
            logger,
          );
          print(result);
          return ok ? 0 : 1;
        }
      }
      const result = await runCommand(words, ports, { prefix: PREFIX, explain: flags.explain ?? false });
      // A picture goes to a file; the words to stdout (or, beside --json, the file's line to stderr).
      const wrote = writeResultFile(result, flags.out);
      print(result);
      if (wrote) (json ? io.stderr : io.stdout).write(`${wrote}\n`);
      return 0;
    } finally {
      await ports.close();
    }
  } catch (error) {
    const rendered = renderError(error, debug);
    io.stderr.write(json ? `${JSON.stringify(rendered.json)}\n` : `${rendered.text}\n`);
    return rendered.exitCode;
  }
}
