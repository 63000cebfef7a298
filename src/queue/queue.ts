/**
 * The queue port: what the bot asks a pipeline to do (start a stage, re-run dates). Adapters:
 * local/ (embedded default: a durable file the demo and tests read) and pubsub/ (production).
 */
export interface QueueMessage {
  topic: string;
  /** JSON payload; its shape is per kind (see the `kind` field). */
  data: Record<string, unknown>;
  /** Pub/Sub-style string attributes (e.g. the decision id), for subscribers that filter. */
  attributes: Record<string, string>;
}

export interface Published extends QueueMessage {
  messageId: string;
  publishedAt: string;
}

export interface Queue {
  readonly kind: 'local' | 'pubsub';
  publish(message: QueueMessage): Promise<Published>;
  close(): Promise<void>;
}
