import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import type { Form } from '../../domain/message.js';
import { renderBlockKit } from './block-kit.js';
import { clip } from './slack-limits.js';

// Modal limits (docs.slack.dev, views reference): title, submit and close <= 24 characters, input
// labels <= 2000, private_metadata <= 3000, 100 blocks.
const VIEW_TITLE = 24;
const INPUT_LABEL = 2000;
const MODAL_BLOCKS = 100;

/** The action_id of every form input; its block_id is the field's id. */
export const FORM_INPUT_ACTION = 'value';

/**
 * What private_metadata carries back with the submission. Versioned: a modal opened by one version
 * of the bot may be submitted to the next, so it is parsed, never cast. `channel` is where the
 * answer goes: empty for a form opened from the App Home, whose answer goes on the Home.
 */
const channel = z.union([z.literal(''), z.string().regex(/^[CDG][A-Z0-9]{2,40}$/)]);

const PAYLOADS = {
  'gate.vote': z.object({
    v: z.literal(1),
    requestId: z.string().min(1),
    vote: z.enum(['approve', 'reject']),
    channel,
  }),
  'rerun.confirm': z.object({ v: z.literal(1), requestId: z.string().min(1), channel }),
} as const;

type PayloadOf<K extends Form['kind']> = Extract<Form, { kind: K }>['payload'];

/** A form as a Slack modal; `callback_id` is the form's kind, so the view listener routes on it. */
export function formView(form: Form): ModalView {
  // The intro is ordinary rich text: the message renderer turns its spans into mrkdwn sections.
  const intro = renderBlockKit(
    { summary: form.title, tone: 'neutral', blocks: [{ kind: 'text', text: form.intro }] },
    {
      command: '',
    },
  ).blocks;
  const inputs: InputBlock[] = form.fields.map((field) => ({
    type: 'input',
    block_id: field.id,
    label: { type: 'plain_text', text: clip(field.label, INPUT_LABEL) },
    optional: !field.required,
    element: { type: 'plain_text_input', action_id: FORM_INPUT_ACTION, multiline: field.multiline },
  }));
  const blocks: KnownBlock[] = [...intro.slice(0, MODAL_BLOCKS - inputs.length), ...inputs];
  return {
    type: 'modal',
    callback_id: form.kind,
    private_metadata: JSON.stringify({ v: 1, ...form.payload }),
    title: { type: 'plain_text', text: clip(form.title, VIEW_TITLE) },
    submit: { type: 'plain_text', text: clip(form.submitLabel, VIEW_TITLE) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** The payload a submitted form of `kind` carries, or null for anything this version cannot read. */
export function readFormPayload(kind: 'gate.vote', raw: string | undefined): PayloadOf<'gate.vote'> | null;
export function readFormPayload(
  kind: 'rerun.confirm',
  raw: string | undefined,
): PayloadOf<'rerun.confirm'> | null;
export function readFormPayload(kind: Form['kind'], raw: string | undefined): Form['payload'] | null {
  let json: unknown;
  try {
    json = JSON.parse(raw ?? '');
  } catch {
    return null;
  }
  const parsed = PAYLOADS[kind].safeParse(json);
  if (!parsed.success) return null;
  const { v: _version, ...payload } = parsed.data;
  return payload;
}

/** Whether a value from the wire is an object whose keys can be read. */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The submitted text of each field, by field id (Slack: view.state.values[block_id][action_id]).
 * Never throws: the values are as the submitter sent them, so any level may be missing or not an object.
 */
export function readFormValues(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(values)) return out;
  for (const [fieldId, actions] of Object.entries(values)) {
    const input = isObject(actions) ? actions[FORM_INPUT_ACTION] : undefined;
    const value = isObject(input) ? input.value : undefined;
    if (typeof value === 'string') out[fieldId] = value;
  }
  return out;
}
