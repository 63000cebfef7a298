import { BackfillError, type PlainWords } from '../../domain/errors.js';

/** Which file a DuckDB error is about, as a remote reader knows it. */
export type DuckdbSubject = 'warehouse' | 'state store';

const TELL = 'Tell whoever runs the bot, with the ref below.';

/**
 * What a Slack user reads of a DuckDB failure: the cause in our words, never the path or DuckDB's
 * text (those stay in the message, for the CLI and the log). DuckDB names its errors by kind
 * ("IO Error: ...", "Constraint Error: ..."), which is enough to say which cause it is.
 */
function plainWords(message: string, subject: DuckdbSubject, label: string | undefined): PlainWords {
  const the = `The ${subject}`;
  const step = label ? ` (${label})` : '';
  if (/^IO Error/i.test(message)) {
    return {
      message: `${the} could not be read${step}: its file is damaged or was replaced while the bot had it open.`,
      hint: TELL,
    };
  }
  if (/^Constraint Error/i.test(message)) {
    return {
      message: `${the} refused to record this${step}: the change breaks one of its rules.`,
      hint: TELL,
    };
  }
  if (/^Out of Memory Error/i.test(message)) {
    return {
      message: `${the} ran out of memory for this${step}.`,
      hint: 'Try a narrower range; whoever runs the bot can raise BACKFILL_DUCKDB_MEMORY_LIMIT.',
    };
  }
  return {
    message: `${the} could not run this${step}.`,
    hint: 'Try again in a minute; if it keeps failing, tell whoever runs the bot the ref below.',
  };
}

/** The warehouse file is not there: the CLI reader is told where it looked; a Slack user, only that. */
export const missingWarehouse = (path: string): BackfillError =>
  new BackfillError('WAREHOUSE_UNAVAILABLE', `DuckDB warehouse ${path} does not exist`, undefined, {
    plain: { message: "The warehouse file is missing on the bot's server." },
  });

/** DuckDB's error texts, turned into our codes with the file named; nothing here deletes or rewrites the file. */
export function translateDuckdbError(
  error: unknown,
  path: string,
  label?: string,
  subject: DuckdbSubject = 'warehouse',
): BackfillError {
  if (error instanceof BackfillError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? message;
  const the = `The ${subject}`;
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `DuckDB warehouse ${path} is locked by another process${pid ? ` (PID ${pid})` : ''}`,
      'DuckDB allows one writer per file: stop the other process (e.g. `npm start`) or point BACKFILL_DUCKDB_PATH elsewhere.',
      {
        cause: error,
        plain: {
          message: `${the} is held by another program on the bot's server.`,
          hint: 'Try again in a minute; if it lasts, tell whoever runs the bot the ref below.',
        },
      },
    );
  }
  if (
    /not a valid DuckDB database|Invalid Input Error: .*database|unable to open|corrupt|checksum/i.test(
      message,
    )
  ) {
    return new BackfillError(
      'WAREHOUSE_UNAVAILABLE',
      `DuckDB warehouse ${path} cannot be opened: ${firstLine}`,
      'The file was left untouched. Recreate the demo with `backfill-bot demo init --force`, or set BACKFILL_DUCKDB_PATH.',
      {
        cause: error,
        plain: {
          message: `${the} cannot be read: its file is damaged or is not a ${subject} file.`,
          hint: TELL,
        },
      },
    );
  }
  if (/INTERRUPT/i.test(message)) {
    return new BackfillError(
      'WAREHOUSE_TIMEOUT',
      `DuckDB query (${label ?? 'query'}) was interrupted on ${path}`,
      undefined,
      {
        cause: error,
        plain: {
          message: `${the} took too long to answer${label ? ` (${label})` : ''}.`,
          hint: 'Try a narrower range, or again in a minute.',
        },
      },
    );
  }
  return new BackfillError(
    'WAREHOUSE_QUERY_FAILED',
    `DuckDB query (${label ?? 'open'}) failed on ${path}: ${firstLine}`,
    undefined,
    { cause: error, plain: plainWords(firstLine, subject, label ?? 'open') },
  );
}
