import { encodeIntent } from '../../src/slack/render/action-value.js';

/** One request body to /slack/events, and what it is (for the report when it is answered badly). */
export interface SlackBody {
  what: string;
  contentType: string;
  body: string;
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** An interaction payload as Slack posts it: form-encoded JSON (or any text given as the field). */
export const asInteraction = (what: string, payload: unknown): SlackBody => ({
  what,
  contentType: FORM,
  body: new URLSearchParams({
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  }).toString(),
});

/** Bodies that are no payload of ours at all. */
export const ODD_BODIES: readonly SlackBody[] = [
  { what: 'payload=null', contentType: FORM, body: 'payload=null' },
  { what: 'empty payload', contentType: FORM, body: 'payload=' },
  { what: 'two payloads', contentType: FORM, body: 'payload=%7B%7D&payload=%7B%7D' },
  { what: 'empty form', contentType: FORM, body: '' },
  { what: 'ssl check', contentType: FORM, body: 'ssl_check=1&token=x' },
  { what: 'form as text', contentType: 'text/plain', body: 'payload=%7B%7D' },
  { what: 'json as form', contentType: FORM, body: '{"type":"event_callback"}' },
  { what: 'not json', contentType: JSON_TYPE, body: '{"type":' },
  {
    what: 'url verification',
    contentType: JSON_TYPE,
    body: JSON.stringify({ type: 'url_verification', challenge: "x';--" }),
  },
  { what: 'oversized', contentType: FORM, body: `payload=${'a'.repeat(1_100_000)}` },
  asInteraction('oversized value', { type: 'block_actions', value: 'v'.repeat(500_000) }),
];

/**
 * Bodies that were answered badly once, run first on every seed: the ones issue 13 lists (no
 * answer, a 500, a 404 after 3 s), and the ones this fuzz found (a listener that threw).
 */
export const KNOWN_BAD_BODIES = (responseUrl: string): SlackBody[] => {
  const base = {
    api_app_id: 'A0STANDIN',
    team: { id: 'T0STANDIN' },
    trigger_id: 'known.1',
    response_url: responseUrl,
  };
  const vote = {
    type: 'button',
    action_id: 'gate:approve',
    block_id: 'b',
    value: '{}',
    action_ts: '1700000000.1',
  };
  const help = { ...vote, action_id: 'followup:0', value: encodeIntent({ kind: 'command', words: 'help' }) };
  const modal = { id: 'V0KNOWN', type: 'modal', callback_id: 'gate.vote', private_metadata: '{}' };
  const { response_url: _, ...withoutResponseUrl } = base;
  return [
    { what: 'payload=null', contentType: FORM, body: 'payload=null' },
    asInteraction('block_actions without user', { ...base, type: 'block_actions', actions: [vote] }),
    asInteraction('block_actions with actions: {}', {
      ...base,
      type: 'block_actions',
      user: { id: 'U0OPS' },
      actions: {},
    }),
    asInteraction('view_submission without state', {
      ...base,
      type: 'view_submission',
      user: { id: 'U0LEAD1' },
      view: modal,
    }),
    asInteraction('view_submission with a null field', {
      ...base,
      type: 'view_submission',
      user: { id: 'U0LEAD1' },
      view: { ...modal, id: 'V0KNOWN2', state: { values: { reason: null } } },
    }),
    asInteraction('block_actions with a null value', {
      ...base,
      type: 'block_actions',
      user: { id: 'U0LEAD1' },
      channel: { id: 'C0OPS' },
      actions: [{ ...vote, value: null }],
    }),
    asInteraction('a follow-up without a response_url', {
      ...withoutResponseUrl,
      trigger_id: 'known.2',
      type: 'block_actions',
      user: { id: 'U0OPS' },
      channel: { id: 'C0OPS' },
      container: { type: 'message', message_ts: '1700000000.000100' },
      actions: [help],
    }),
    asInteraction('a follow-up in a modal (no response_url there)', {
      ...withoutResponseUrl,
      trigger_id: 'known.3',
      type: 'block_actions',
      user: { id: 'U0OPS' },
      view: { id: 'V0MODAL', type: 'modal' },
      container: { type: 'view', view_id: 'V0MODAL' },
      actions: [{ ...help, action_ts: '1700000000.2' }],
    }),
  ];
};
