import { BackfillError } from '../../domain/errors.js';

// gRPC status codes (google.rpc.Code) the client reports on its errors' `code`.
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNAVAILABLE = 14;
const UNAUTHENTICATED = 16;
const NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/** Where a publish went: the topic id and its project. */
export interface PublishTarget {
  topic: string;
  project: string;
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The server's own words, without the client's "7 PERMISSION_DENIED: " prefix and retry history. */
function detailsOf(error: unknown): string {
  const details = (error as { details?: unknown } | null)?.details;
  const text = typeof details === 'string' && details ? details : String((error as Error)?.message ?? error);
  return text.split(' : Previous errors')[0]?.replace(/^\d+ [A-Z_]+: /, '') ?? text;
}

/**
 * A failed publish as one line that names the topic and what to do. Every one is QUEUE_FAILED, which
 * the outbox relay retries with backoff: a missing topic or a missing role goes out once a person
 * has fixed it, and UNAVAILABLE / DEADLINE_EXCEEDED (the client's own bounded retries ran out) on the
 * relay's next attempt.
 */
export function translatePubsubError(error: unknown, { topic, project }: PublishTarget): BackfillError {
  const code = codeOf(error);
  const at = `topic ${topic} in project ${project}`;
  const line = (() => {
    switch (code) {
      case NOT_FOUND:
        return `Pub/Sub topic ${topic} does not exist in project ${project}: create it (the bot never creates topics)`;
      case PERMISSION_DENIED:
        return `Pub/Sub refused the bot publishing to ${at}: grant roles/pubsub.publisher on topic ${topic} to the bot's service account`;
      case UNAUTHENTICATED:
        return `Pub/Sub did not accept the bot's credentials publishing to ${at}: check the service account the bot runs as`;
      case UNAVAILABLE:
      case DEADLINE_EXCEEDED:
        return `Pub/Sub did not take a publish to ${at} (${NAMES[code]}, after the client's retries): the relay tries again with backoff`;
      default:
        return `Pub/Sub publish to ${at} failed (${code === undefined ? 'no status' : (NAMES[code] ?? `code ${code}`)}: ${detailsOf(error)})`;
    }
  })();
  return new BackfillError('QUEUE_FAILED', line, undefined, { cause: error });
}
