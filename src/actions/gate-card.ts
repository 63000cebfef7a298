import type { GateData } from '../commands/gate.js';
import { decisionText, requesterSpan, voterSpan } from '../commands/gate-decision-text.js';
import { gateCard } from '../domain/gates/gate-message.js';
import { type Block, joinRich, type Message, plural, rich } from '../domain/message.js';
import type { GateRecord } from '../store/state-store.js';

/** The state of a request as one block: pending with the approvals so far, or the decision. */
function stateBlock(record: GateRecord): Block {
  const decided = decisionText(record);
  if (decided) {
    return { kind: 'text', tone: record.decision?.decision === 'approved' ? 'good' : 'bad', text: decided };
  }
  const approvals = record.votes.filter((v) => v.vote === 'approve').map((v) => [voterSpan(record, v.voter)]);
  const needed = `${approvals.length} of ${plural(record.request.requiredApprovals, 'approval')}`;
  return {
    kind: 'context',
    text: approvals.length
      ? rich`Waiting for approval · ${needed}: ${joinRich(approvals, ', ')}`
      : `Waiting for approval · ${needed}`,
  };
}

/**
 * The gate card as posted in the channel: the verdict and its checks, the request's state and, while
 * pending, Approve / Reject. With `supersededNote` it is the card of a request whose evidence changed:
 * the note says why and there are no buttons (the new card takes the votes).
 */
export function gateCardMessage(data: GateData, record: GateRecord, supersededNote?: string): Message {
  const card = gateCard(data.gate, {
    rangeLabel: record.request.rangeLabel,
    requestedBy: requesterSpan(record),
    ...(supersededNote ? { evidenceNote: supersededNote } : {}),
  });
  const blocks: Block[] = [
    ...card.blocks,
    { kind: 'context', text: `Request ${record.request.id} · evidence ${data.fingerprint}` },
    stateBlock(record),
  ];
  if (record.state === 'pending' && !supersededNote) {
    const requestId = record.request.id;
    blocks.push({
      kind: 'actions',
      actions: [
        { label: 'Approve', style: 'primary', intent: { kind: 'gate.vote', requestId, vote: 'approve' } },
        { label: 'Reject', style: 'danger', intent: { kind: 'gate.vote', requestId, vote: 'reject' } },
      ],
    });
  }
  return { ...card, blocks };
}
