// Outbox keys travel with the message as Slack message metadata, so a post that went out just before
// a crash can be found in history and not posted twice. Only apps can set metadata; the key is the
// outbox row's, unique per post, reply or update.

export const OUTBOX_EVENT_TYPE = 'backfill_bot_outbox';

export const outboxMetadata = (key: string) => ({ event_type: OUTBOX_EVENT_TYPE, event_payload: { key } });

/** The outbox key a message carries, if our bot's outbox posted it. */
export function outboxKeyOf(message: {
  metadata?: { event_type?: string; event_payload?: unknown };
}): string | null {
  const { metadata } = message;
  if (metadata?.event_type !== OUTBOX_EVENT_TYPE) return null;
  const key = (metadata.event_payload as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' ? key : null;
}
