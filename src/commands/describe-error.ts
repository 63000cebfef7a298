import { randomBytes } from 'node:crypto';
import { BackfillError, type ErrorCode, type PlainWords } from '../domain/errors.js';
import { noteFailure } from '../log/request-scope.js';

export interface ErrorDescription {
  code: ErrorCode;
  /** What happened, one line. */
  title: string;
  /** What to do about it. */
  hint?: string;
  /** The id under which the details were logged: errors we did not foresee, and details held back. */
  ref?: string;
  /** Reads and runs failed before anything changed: say so, so nobody wonders. */
  nothingChanged: boolean;
}

/**
 * Who reads the answer. `server`: someone on the bot's machine (the CLI), who may read its file paths
 * and a vendor's words. `remote`: a Slack user, who reads our words only; the details go to the log
 * under a ref they can quote.
 */
export type Audience = 'server' | 'remote';

export interface DescribeOptions {
  audience?: Audience;
  /** The ref to log details under (tests pin it); a fresh random one otherwise. */
  ref?: string;
}

/** How every Slack answer describes an error. */
export const REMOTE: DescribeOptions = { audience: 'remote' };

// What a remote reader is told of an infrastructure failure whose adapter gave no plain words: the
// message of such an error may quote a path or a vendor's text, so it is never shown as it is.
const PLAIN_BY_CODE: Partial<Record<ErrorCode, PlainWords>> = {
  WAREHOUSE_UNAVAILABLE: { message: 'The warehouse cannot be reached right now.' },
  WAREHOUSE_QUERY_FAILED: { message: 'The warehouse could not run the query.' },
  WAREHOUSE_TIMEOUT: { message: 'The warehouse took too long to answer.' },
  STORE_UNAVAILABLE: { message: 'The state store (decisions, audit) cannot be used right now.' },
  QUEUE_FAILED: { message: 'The queue did not take the message.' },
  CATALOG_INVALID: { message: "The bot's pipeline catalog is not valid." },
  INTERNAL: { message: 'Something went wrong inside the bot.' },
};

const TELL_OPERATOR = 'Try again in a minute; if it keeps failing, tell whoever runs the bot the ref below.';

const newRef = () => randomBytes(4).toString('hex');

const firstLines = (text: string) => text.split('\n').slice(0, 3).join(' | ');

/** The error's own message and, when it says more, its cause's: what the log keeps under a ref. */
function details(error: BackfillError): string {
  const cause = error.cause instanceof Error ? firstLines(error.cause.message) : undefined;
  const said = [`${error.code}: ${error.message}`];
  if (cause && !error.message.includes(cause)) said.push(`cause: ${cause}`);
  return said.join(' · ');
}

/**
 * The one place an error becomes what a user reads, for every front. Unknown errors are logged
 * with a reference id and shown only as "internal error, ref <id>". For a remote reader, an error
 * whose message names server details is shown in its plain words, with a ref under which the
 * details were logged. An error described here was answered, not thrown: the request being handled
 * (if any) is noted as failed with its code and ref, so its log line says how it ended rather than "ok".
 */
export function describeError(
  error: unknown,
  log: (line: string) => void,
  options: DescribeOptions = {},
): ErrorDescription {
  if (error instanceof BackfillError) {
    // A failed read changed nothing; a store that could not be used took no write either.
    const nothingChanged = error.code.startsWith('WAREHOUSE_') || error.code === 'STORE_UNAVAILABLE';
    const plain = options.audience === 'remote' ? (error.plain ?? PLAIN_BY_CODE[error.code]) : undefined;
    if (!plain) {
      noteFailure(error.code);
      return {
        code: error.code,
        title: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        nothingChanged,
      };
    }
    // Plain words that are the message itself (our own timeout, say) hide nothing: no ref to quote.
    if (plain.message === error.message && error.cause === undefined) {
      noteFailure(error.code);
      return {
        code: error.code,
        title: plain.message,
        ...(plain.hint ? { hint: plain.hint } : {}),
        nothingChanged,
      };
    }
    const ref = options.ref ?? newRef();
    noteFailure(error.code, ref);
    log(`error ref ${ref}: ${details(error)}`);
    return { code: error.code, title: plain.message, hint: plain.hint ?? TELL_OPERATOR, ref, nothingChanged };
  }
  const ref = options.ref ?? newRef();
  noteFailure('INTERNAL', ref);
  log(
    `internal error ref ${ref}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return { code: 'INTERNAL', title: `internal error, ref ${ref}`, ref, nothingChanged: true };
}
