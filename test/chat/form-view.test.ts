import { describe, expect, it } from 'vitest';
import { formView, readFormPayload, readFormValues } from '../../src/slack/render/form-view.js';
import { rejectForm } from './gate-messages.js';

// The form renderer lives in src/slack/render; its tests sit beside the chat adapter that opens it.
describe('a form as a Slack modal', () => {
  it('reads back the payload it wrote, and nothing from malformed or other versions’ metadata', () => {
    const view = formView(rejectForm);
    expect(readFormPayload('gate.vote', view.private_metadata)).toEqual({
      requestId: 'gr-1',
      vote: 'reject',
      channel: 'C0OPS',
    });
    const cases = [
      undefined,
      '',
      'not json',
      'null',
      '[]',
      JSON.stringify(rejectForm.payload),
      JSON.stringify({ v: 2, ...rejectForm.payload }),
      JSON.stringify({ v: 1, ...rejectForm.payload, vote: 'abstain' }),
      JSON.stringify({ v: 1, requestId: '', vote: 'reject', channel: 'C0OPS' }),
      JSON.stringify({ v: 1, vote: 'reject', channel: 'C0OPS' }),
    ];
    for (const raw of cases) expect(readFormPayload('gate.vote', raw), String(raw)).toBeNull();
  });

  it('keeps titles within Slack’s 24 characters and makes optional fields optional', () => {
    const view = formView({
      ...rejectForm,
      title: 'Override and approve Gate 3 anyway',
      fields: [{ id: 'note', label: 'Note', multiline: false, required: false }],
    });
    expect(view.title.text).toHaveLength(24);
    expect(view.title.text.endsWith('…')).toBe(true);
    expect(view.blocks.at(-1)).toMatchObject({
      block_id: 'note',
      optional: true,
      element: { multiline: false },
    });
  });

  it('reads the submitted text of each field by its id', () => {
    expect(
      readFormValues({
        reason: { value: { value: 'Phase 3 is re-running' } },
        other: { picker: { value: 'x' } },
      }),
    ).toEqual({ reason: 'Phase 3 is re-running' });
  });
});
