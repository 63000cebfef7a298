/**
 * The queue port: what the bot asks a pipeline to do (start a stage, re-run dates). Adapters:
 * local/ (embedded default: a durable file the demo and tests read) and pubsub/ (production), both
 * run by test/queue/queue-contract.test.ts. Messages come from the outbox: `key` is the outbox
 * row's, stable across re-deliveries.
 *
 * What a second publish of one key does differs, and consumers must hold to the weaker promise:
 * - local: a key is appended once; publishing it again returns the first message (same message id).
 * - pubsub: at least once. Pub/Sub cannot tell a re-publish from a new message: it is sent again with
 *   a new message id. Consumers deduplicate on the `message_key` attribute, which every envelope
 *   carries (src/actions/envelopes.ts).
 * A publish that fails throws; the outbox relay retries it with backoff. Pub/Sub's failures are
 * QUEUE_FAILED with one line that names the topic and what to do.
 */
export interface QueueMessage {
  /** Stable: a re-delivery after a crash carries the same key; consumers deduplicate on it. */
  key: string;
  topic: string;
  /** JSON payload; its shape is per kind (see the `kind` field). */
  data: Record<string, unknown>;
  /** Pub/Sub-style string attributes (e.g. the decision id), for subscribers that filter. */
  attributes: Record<string, string>;
  /** Messages with one ordering key are delivered in order (Pub/Sub message ordering). */
  orderingKey?: string;
}

export interface Published extends QueueMessage {
  messageId: string;
  publishedAt: string;
}

export interface Queue {
  readonly kind: 'local' | 'pubsub';
  /** Publishes, or (where the adapter can tell: local) returns the earlier publish of the same key. */
  publish(message: QueueMessage): Promise<Published>;
  close(): Promise<void>;
}
