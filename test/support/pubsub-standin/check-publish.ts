import { invalidArgument, type StandinError } from './pubsub-status.js';

/** A PubsubMessage as proto-loader decodes it (defaults on: absent fields are empty). */
export interface WireMessage {
  data: Buffer;
  attributes: Record<string, string>;
  orderingKey: string;
}

// Pub/Sub's documented limits (cloud.google.com/pubsub/quotas#resource_limits).
const MAX_MESSAGES = 1_000;
const MAX_ATTRIBUTES = 100;
const MAX_KEY_BYTES = 256;
const MAX_VALUE_BYTES = 1_024;
const MAX_ORDERING_KEY_BYTES = 1_024;
const TOPIC_ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
const TOPIC_NAME = /^projects\/([^/]+)\/topics\/([^/]+)$/;

/** `projects/p/topics/t` -> { project, topic }, or Pub/Sub's INVALID_ARGUMENT for a malformed name. */
export function parseTopicName(name: string): { project: string; topic: string } | StandinError {
  const match = TOPIC_NAME.exec(name);
  if (!match?.[1] || !match[2] || !isTopicId(match[2])) {
    return invalidArgument(`Invalid [topics] name: (name=${name})`);
  }
  return { project: match[1], topic: match[2] };
}

/** 3-255 characters, starting with a letter, not with "goog". */
export function isTopicId(id: string): boolean {
  return TOPIC_ID.test(id) && !id.toLowerCase().startsWith('goog');
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** What Pub/Sub refuses in a Publish before looking at the topic; null when the request is fine. */
export function checkMessages(messages: WireMessage[]): StandinError | null {
  if (messages.length === 0) return invalidArgument('stand-in: a Publish needs at least one message.');
  if (messages.length > MAX_MESSAGES) {
    return invalidArgument(`stand-in: ${messages.length} messages in one Publish; at most ${MAX_MESSAGES}.`);
  }
  for (const message of messages) {
    const keys = Object.keys(message.attributes);
    if (message.data.length === 0 && keys.length === 0) {
      return invalidArgument('stand-in: a message needs data or at least one attribute.');
    }
    if (keys.length > MAX_ATTRIBUTES) {
      return invalidArgument(`stand-in: ${keys.length} attributes; at most ${MAX_ATTRIBUTES}.`);
    }
    for (const key of keys) {
      const value = message.attributes[key] ?? '';
      if (key.startsWith('goog')) return invalidArgument(`stand-in: attribute ${key} is reserved (goog*).`);
      if (bytes(key) > MAX_KEY_BYTES || bytes(value) > MAX_VALUE_BYTES) {
        return invalidArgument(
          `stand-in: attribute ${key.slice(0, 40)} is over ${MAX_KEY_BYTES} bytes (key) or ${MAX_VALUE_BYTES} (value).`,
        );
      }
    }
    if (bytes(message.orderingKey) > MAX_ORDERING_KEY_BYTES) {
      return invalidArgument(`stand-in: ordering key over ${MAX_ORDERING_KEY_BYTES} bytes.`);
    }
  }
  return null;
}
