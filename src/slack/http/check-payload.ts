import { parse } from 'node:querystring';
import { z } from 'zod';
import type { Refusal } from './refusal.js';

// The fields Bolt routes on and our listeners read without looking (the acting user, the trigger and
// action_ts that key idempotency, a view's id and state): a payload without them is refused here, at
// once, rather than crashing a listener (a 500) or leaving Slack waiting 3 s for an ack (a 404).
const text = z.string().min(1);
const user = z.object({ id: text });

const INTERACTIONS = new Map<string, z.ZodType>([
  [
    'block_actions',
    z.object({
      user,
      trigger_id: text,
      actions: z.array(z.object({ action_id: text, action_ts: text })).min(1),
      channel: z.object({ id: text }).nullish(),
      view: z.object({ id: text }).nullish(),
    }),
  ],
  [
    'view_submission',
    z.object({
      user,
      view: z.object({
        id: text,
        callback_id: z.string(),
        private_metadata: z.string().optional(),
        state: z.object({ values: z.record(z.string(), z.unknown()) }),
      }),
    }),
  ],
  ['view_closed', z.object({ user, view: z.object({ id: text, callback_id: z.string() }) })],
]);
// Shortcuts and the like: no listener reads them, Bolt routes them on type and user.
const anyInteraction = z.object({ type: text, user });

const EVENTS = new Map<string, z.ZodType>([
  ['event_callback', z.object({ event: z.object({ type: text }) })],
]);
const anyEvent = z.object({ type: text });

const slashCommand = z.object({
  command: text,
  text: z.string(),
  user_id: text,
  channel_id: text,
  trigger_id: text,
});

const actorOf = z.object({ user: user.optional(), user_id: text.optional() });

function refuse(reason: string, body?: unknown): Refusal {
  const who = actorOf.safeParse(body);
  const id = who.success ? (who.data.user?.id ?? who.data.user_id) : undefined;
  return { status: 400, outcome: 'PAYLOAD_INVALID', reason, ...(id ? { user: id } : {}) };
}

function check(what: string, schema: z.ZodType, body: unknown): Refusal | null {
  const parsed = schema.safeParse(body);
  if (parsed.success) return null;
  const path = parsed.error.issues[0]?.path.join('.');
  return refuse(`${what}: ${path || 'its shape'} is missing or malformed`, body);
}

function parseObject(json: string): { body: object } | { refusal: Refusal } {
  try {
    const body: unknown = JSON.parse(json);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body };
    return { refusal: refuse('the payload is not a JSON object') };
  } catch {
    return { refusal: refuse('the payload is not JSON') };
  }
}

const typeOf = (body: object): string | undefined => {
  const type = (body as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
};

/** The schema for the body's type, the generic one for other types; a refusal when it does not fit. */
function checkTyped(json: string, what: string, schemas: Map<string, z.ZodType>, fallback: z.ZodType) {
  const parsed = parseObject(json);
  if ('refusal' in parsed) return parsed.refusal;
  const type = typeOf(parsed.body);
  const schema = type === undefined ? undefined : schemas.get(type);
  // Only our own words in the reason: a type we do not know is not repeated back.
  return schema ? check(type ?? what, schema, parsed.body) : check(what, fallback, parsed.body);
}

/**
 * Does a signed body, read exactly as Bolt reads it (a form with a `payload` field is an
 * interaction, another form a slash command, anything else JSON: Events API), carry what Bolt and
 * our listeners rely on? Null when it does.
 */
export function checkPayload(contentType: string | undefined, rawBody: string): Refusal | null {
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parse(rawBody);
    if (form.payload === undefined) return check('slash command', slashCommand, form);
    if (typeof form.payload !== 'string') return refuse('more than one payload field');
    return checkTyped(form.payload, 'interaction', INTERACTIONS, anyInteraction);
  }
  return checkTyped(rawBody, 'event', EVENTS, anyEvent);
}
