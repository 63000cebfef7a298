import { randomBytes } from 'node:crypto';
import { BackfillError } from '../domain/errors.js';

export interface RenderedError {
  text: string;
  json: { error: { code: string; message: string; hint?: string; ref?: string } };
  exitCode: number;
}

/** The one place a failure becomes what the CLI user reads. Unknown errors get a reference id. */
export function renderError(error: unknown, debug: boolean): RenderedError {
  if (error instanceof BackfillError) {
    const text = `error: ${error.message}${error.hint ? `\n  ${error.hint}` : ''}${debug && error.cause ? `\n${String((error.cause as Error).stack ?? error.cause)}` : ''}`;
    const json = {
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    };
    return { text, json, exitCode: error.code === 'BAD_INPUT' ? 2 : 1 };
  }
  const ref = randomBytes(4).toString('hex');
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return {
    text: `error: internal error, ref ${ref}: ${message.split('\n')[0]}${debug && stack ? `\n${stack}` : '\n  Run again with --debug for the stack trace.'}`,
    json: { error: { code: 'INTERNAL', message: `internal error, ref ${ref}`, ref } },
    exitCode: 1,
  };
}
