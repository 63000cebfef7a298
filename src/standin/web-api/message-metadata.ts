import type { MessageMetadata } from '../message-store.js';
import { type MethodArgs, SlackApiError } from './method-args.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `metadata` argument of chat.postMessage / chat.update, refused the way Slack refuses it. */
export function messageMetadata(args: MethodArgs): MessageMetadata | undefined {
  const metadata = args.json('metadata', 'invalid_metadata_format');
  if (metadata === undefined) return undefined;
  if (!isObject(metadata)) throw new SlackApiError('invalid_metadata_format');
  const { event_type, event_payload } = metadata;
  if (typeof event_type !== 'string' || event_type === '' || !isObject(event_payload)) {
    throw new SlackApiError('invalid_metadata_schema');
  }
  return { event_type, event_payload };
}
