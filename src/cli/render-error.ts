import { describeError } from '../commands/describe-error.js';
import { BackfillError, type ErrorCode } from '../domain/errors.js';

export interface RenderedError {
  text: string;
  json: { error: { code: string; message: string; hint?: string; ref?: string } };
  exitCode: number;
}

// 2: what was typed must change; 1: anything else (running it again, or fixing the setup, may help).
// NOT_FOUND is 2: on the CLI the thing not found can only be one the command line named (there are
// no cards or buttons), so it is the same mistake `gate status g_unknown` already exits 2 for, and
// running it again cannot help. STORE_UNAVAILABLE is 1, like the warehouse being unavailable.
const EXIT_CODES: Partial<Record<ErrorCode, number>> = { BAD_INPUT: 2, NOT_FOUND: 2 };

/** A failure as the CLI user reads it: one line and a hint; the stack only with --debug. */
export function renderError(error: unknown, debug: boolean): RenderedError {
  const logged: string[] = [];
  const d = describeError(error, (line) => logged.push(line));
  const cause = error instanceof BackfillError ? error.cause : undefined;
  const details = debug ? [...logged, ...(cause ? [String((cause as Error).stack ?? cause)] : [])] : [];
  const hint = d.hint ?? (d.ref ? 'Run again with --debug for the details.' : undefined);
  return {
    text: [`error: ${d.title}`, ...(hint ? [`  ${hint}`] : []), ...details].join('\n'),
    json: {
      error: {
        code: d.code,
        message: d.title,
        ...(d.hint ? { hint: d.hint } : {}),
        ...(d.ref ? { ref: d.ref } : {}),
      },
    },
    exitCode: EXIT_CODES[d.code] ?? 1,
  };
}
