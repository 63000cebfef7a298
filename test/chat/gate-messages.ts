import type { Form, Message } from '../../src/domain/message.js';
import { rich, user } from '../../src/domain/message.js';

/** The smallest messages that look like the bot's: a summary line and one block. */
export const message = (summary: string): Message => ({
  summary,
  tone: 'neutral',
  blocks: [{ kind: 'text', text: summary }],
});

export const rejectForm: Form = {
  kind: 'gate.vote',
  title: 'Reject gate',
  submitLabel: 'Reject',
  intro: rich`Gate 1 · 2021-22 was requested by ${user('U0OPS', 'ops')}. Say why you reject it.`,
  fields: [{ id: 'reason', label: 'Reason', multiline: true, required: true }],
  payload: { requestId: 'gr-1', vote: 'reject', channel: 'C0OPS' },
};
