import { parseArgs } from 'node:util';
import { closestWords } from '../domain/closest-words.js';
import { BadInputError } from '../domain/errors.js';

const OPTIONS = {
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  debug: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  scale: { type: 'string' },
  seed: { type: 'string' },
  'as-of': { type: 'string' },
  path: { type: 'string' },
  force: { type: 'boolean' },
  // rerun: the command's own flags travel on as words; --yes confirms and publishes.
  override: { type: 'boolean' },
  'with-downstream': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  // runs: `--started "last 24h"` (or `--started last 24h`) travels on as words, where it was typed.
  started: { type: 'string' },
  // heatmap: where the PNG goes (default coverage-heatmap.png).
  out: { type: 'string' },
} as const;

export type CliFlags = ReturnType<typeof parseCliArgs>['flags'];

export const FLAGS_HELP =
  '--json (stable JSON on stdout), --explain (status, gaps: what would be scanned), --debug (stack traces), --no-color; demo init: --scale N --seed S --as-of DATE --path FILE --force; demo fill <range> <phase|table>: --path FILE --seed S; rerun: --override --with-downstream, --yes (confirm and publish); runs: --started last Nh|Nd; heatmap: --out FILE (the PNG, default coverage-heatmap.png)';

/** Splits argv into the command words (shared grammar with Slack) and the CLI's own flags. */
export function parseCliArgs(argv: string[]) {
  try {
    const { values, tokens } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    // A command's own flags are part of its grammar, shared with Slack: they go back into the words.
    // --started keeps its place, so `--started last 24h` reads as typed (parseArgs takes only "last").
    const words = tokens.flatMap((token) => {
      if (token.kind === 'positional') return [token.value];
      if (token.kind === 'option' && token.name === 'started') {
        return ['--started', ...(token.value ?? '').split(/\s+/).filter(Boolean)];
      }
      return [];
    });
    const commandFlags = [
      values.override ? '--override' : null,
      values['with-downstream'] ? '--with-downstream' : null,
    ];
    return { words: [...words, ...commandFlags.filter((f) => f !== null)], flags: values };
  } catch (error) {
    throw new BadInputError(
      argsErrorMessage(error as Error & { code?: string }),
      `Accepted flags: ${FLAGS_HELP}`,
    );
  }
}

/**
 * node's parseArgs message, as one line that names the flag: its unknown-option text goes on to
 * explain `--` for positionals, which only confuses someone who mistyped `--json`.
 */
function argsErrorMessage(error: Error & { code?: string }): string {
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
    const near = closestWords(flag.replace(/^-+/, ''), Object.keys(OPTIONS), { limit: 1 })[0];
    return `unknown option ${flag}${near ? `, did you mean --${near}?` : ''}`;
  }
  return error.message.split('\n')[0] ?? 'bad arguments';
}
