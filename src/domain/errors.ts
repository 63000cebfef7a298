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

export class BackfillError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What the user can do about it, shown under the message. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackfillError';
  }
}

/** Input the user typed that we cannot accept; the message says what is accepted. */
export class BadInputError extends BackfillError {
  constructor(message: string, hint?: string) {
    super('BAD_INPUT', message, hint);
    this.name = 'BadInputError';
  }
}
