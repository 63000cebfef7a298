import type { ModalView } from '@slack/types';
import type { GateRequest } from '../../store/state-store.js';

export const REASON_MODAL = 'gate_vote';

export interface ReasonModalMetadata {
  requestId: string;
  vote: 'approve' | 'reject';
  channel: string;
}

/** The modal that asks why a WARN/FAIL gate is approved anyway, or why a gate is rejected. */
export function reasonModal(request: GateRequest, metadata: ReasonModalMetadata): ModalView {
  const approve = metadata.vote === 'approve';
  return {
    type: 'modal',
    callback_id: REASON_MODAL,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: approve ? 'Override and approve' : 'Reject gate' },
    submit: { type: 'plain_text', text: approve ? 'Approve' : 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Gate ${request.gate} · ${request.rangeLabel} is *${request.verdict}*. Say why you ${approve ? 'approve it anyway' : 'reject it'}.`,
        },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: { type: 'plain_text', text: 'Reason' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true },
      },
    ],
  };
}

/** Reads back what the listener put in the modal. */
export const readReasonModal = (privateMetadata: string): ReasonModalMetadata =>
  JSON.parse(privateMetadata) as ReasonModalMetadata;
