import type { GateData } from '../../commands/gate.js';
import { gateCard } from '../../domain/gates/gate-message.js';
import type { Block, Message } from '../../domain/message.js';
import type { GateRecord } from '../../store/state-store.js';

// Stored times are UTC; say so rather than let a reader guess the zone.
const time = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** The state of a request as one line: pending with votes so far, or who decided, when and why. */
function decisionLine(record: GateRecord): Block {
  const { decision, request, votes } = record;
  if (!decision) {
    const approvals = votes.filter((v) => v.vote === 'approve').map((v) => `<@${v.voter}>`);
    const needed = `${approvals.length} of ${request.requiredApprovals} approvals`;
    return {
      kind: 'context',
      text: `Waiting for approval · ${needed}${approvals.length ? `: ${approvals.join(', ')}` : ''}`,
    };
  }
  const who =
    decision.approvers.length > 1
      ? decision.approvers.map((a) => `<@${a}>`).join(' and ')
      : `<@${decision.decidedBy}>`;
  const verb = decision.decision === 'approved' ? 'Approved' : 'Rejected';
  return {
    kind: 'text',
    tone: decision.decision === 'approved' ? 'good' : 'bad',
    text: `*${verb} by ${who} at ${time(decision.decidedAt)}*${decision.reason ? ` — ${decision.reason}` : ''}`,
  };
}

/** The gate card as posted in the channel: the verdict, its checks, the request's state and, while pending, the vote buttons. */
export function gateCardMessage(data: GateData, record: GateRecord, evidenceNote?: string): Message {
  const card = gateCard(data.gate, {
    rangeLabel: record.request.rangeLabel,
    requestedBy: `<@${record.request.requestedBy}>`,
    ...(evidenceNote ? { evidenceNote } : {}),
  });
  const blocks: Block[] = [
    ...card.blocks,
    { kind: 'context', text: `Request ${record.request.id} · evidence ${data.fingerprint}` },
    decisionLine(record),
  ];
  if (record.state === 'pending') {
    blocks.push({
      kind: 'actions',
      actions: [
        {
          label: 'Approve',
          command: `gate vote ${record.request.id}`,
          style: 'primary',
          intent: 'gate:approve',
        },
        {
          label: 'Reject',
          command: `gate vote ${record.request.id}`,
          style: 'danger',
          intent: 'gate:reject',
        },
      ],
    });
  }
  return { ...card, blocks };
}
