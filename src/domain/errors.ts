// Every failure a user can meet has a code here. Adapters translate vendor errors into these;
// fronts (CLI, Slack) turn a code into a message in one place.
export type ErrorCode =
  | 'BAD_INPUT'
  | 'CATALOG_INVALID'
  | 'WAREHOUSE_UNAVAILABLE'
  | 'WAREHOUSE_QUERY_FAILED'
  | 'WAREHOUSE_TIMEOUT'
  /** The thing named (a gate request, an outbox row) does not exist. */
  | 'NOT_FOUND'
  /** The person may not do this; the message names who may. */
  | 'NOT_ALLOWED'
  /** The state store (decisions, outbox, audit) cannot be reached or refused the write. */
  | 'STORE_UNAVAILABLE'
  /** Slack (or the chat system) refused or failed; the message says what to fix. */
  | 'CHAT_FAILED'
  /** The queue (Pub/Sub, the local file) refused or failed. */
  | 'QUEUE_FAILED'
  | 'INTERNAL';

/**
 * An error as someone away from the server reads it (a Slack user): our words only, never a file
 * path, a vendor's error text or a setting they cannot change. The full message stays for the
 * server's own reader (the CLI, the log).
 */
export interface PlainWords {
  message: string;
  hint?: string;
}

export class BackfillError extends Error {
  /** Set where the message names server details (paths, vendor text): what a remote reader sees instead. */
  readonly plain?: PlainWords;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the user can do about it, shown under the message. */
    readonly hint?: string,
    options?: { cause?: unknown; plain?: PlainWords },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackfillError';
    if (options?.plain) this.plain = options.plain;
  }
}

/** Input the user typed that we cannot accept; the message says what is accepted. */
export class BadInputError extends BackfillError {
  constructor(message: string, hint?: string) {
    super('BAD_INPUT', message, hint);
    this.name = 'BadInputError';
  }
}
