import { describeError } from '../commands/describe-error.js';
import { BackfillError } from '../domain/errors.js';

export interface RenderedError {
  text: string;
  json: { error: { code: string; message: string; hint?: string; ref?: string } };
  exitCode: number;
}

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
    exitCode: d.code === 'BAD_INPUT' ? 2 : 1,
  };
}
