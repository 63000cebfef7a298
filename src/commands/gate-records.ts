import type { DateRange } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { compareEvidence } from '../domain/gates/compare-evidence.js';
import { gateRule } from '../domain/gates/gate-rule.js';
import {
  type Block,
  BREAK,
  type CommandResult,
  followUp,
  joinRich,
  plural,
  rich,
  strong,
} from '../domain/message.js';
import type { DecidedGate, GateRecord, StateStore } from '../store/state-store.js';
import { isStoreId } from '../store/store-input.js';
import type { CommandPorts } from './command-context.js';
import { runGate } from './gate.js';
import { decisionText, requesterSpan, utcMinute, voterSpan } from './gate-decision-text.js';
import { rangeArg } from './status.js';

export type Freshness = { fresh: true } | { fresh: false; differences: string[] };

export interface GateStatusData {
  id: string;
  state: GateRecord['state'];
  gate: string;
  rangeLabel: string;
  verdictNow: string;
  freshness: Freshness;
}

export interface GateHistoryData {
  decisions: {
    id: string;
    gate: string;
    range: DateRange;
    rangeLabel: string;
    verdictAtDecision: string;
    requestedBy: string;
    decidedBy: string;
    decision: string;
    reason: string | null;
    decidedAt: string;
    fresh: boolean;
  }[];
}

export function requireStore(ports: CommandPorts): StateStore {
  if (!ports.store) {
    throw new BadInputError(
      'gate requests and decisions live in the bot’s state store, which is not open here',
      'Ask for gate status <id> or gate history in Slack, or from the CLI where the state is (BACKFILL_STATE_PATH).',
    );
  }
  return ports.store;
}

/** Is what was judged (at the decision, or when the card was posted) still what the warehouse holds? */
export async function freshness(
  record: GateRecord | DecidedGate,
  ports: CommandPorts,
): Promise<{ verdict: string; freshness: Freshness }> {
  const { request, decision } = record;
  const { data } = await runGate(
    gateRule(ports.catalog, request.gate),
    { ...request.range, label: request.rangeLabel },
    ports,
  );
  const judged = decision?.evidenceAtDecision ?? request.evidence;
  const comparison = compareEvidence(judged, data.evidence);
  return {
    verdict: data.gate.verdict,
    freshness: comparison.changed ? { fresh: false, differences: comparison.differences } : { fresh: true },
  };
}

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** What the evidence was judged at: the decision, or, while pending, the posting of the card. */
function judgedAt(record: GateRecord): string {
  const { decision } = record;
  if (!decision) return 'the card was posted';
  return decision.decision === 'approved' ? 'approval' : 'the decision';
}

/** "stale: data changed since approval" and what changed, or that it still holds: the answer's first line. */
function freshnessBlock(record: GateRecord, freshness: Freshness): Block {
  if (freshness.fresh) {
    return {
      kind: 'text',
      tone: 'good',
      text: [strong(`fresh: the evidence is unchanged since ${judgedAt(record)}`)],
    };
  }
  return {
    kind: 'text',
    tone: 'bad',
    text: [
      strong(`stale: data changed since ${judgedAt(record)}`),
      ...freshness.differences.flatMap((d) => [BREAK, d]),
    ],
  };
}

/** Who decided, when and why; while pending, the approvals so far. People carry the handle they voted under. */
function decisionBlock(record: GateRecord): Block {
  const decided = decisionText(record, utcMinute);
  if (decided) return { kind: 'text', text: decided };
  const approvals = record.votes.filter((v) => v.vote === 'approve').map((v) => [voterSpan(record, v.voter)]);
  const count = `${approvals.length} of ${plural(record.request.requiredApprovals, 'approval')}`;
  const names = approvals.length ? rich`: ${joinRich(approvals, ', ')}` : [];
  return { kind: 'text', text: rich`${strong('Waiting for approval')} · ${count}${names}` };
}

export async function gateStatus(id: string, ports: CommandPorts): Promise<CommandResult<GateStatusData>> {
  const store = requireStore(ports);
  // A word no store could hold as an id names no request: answered as one, not as the store's refusal.
  const record = isStoreId(id) ? await store.getGate(id) : null;
  if (!record)
    throw new BadInputError(
      `there is no gate request ${id}`,
      'Request ids look like g_0123456789ab; gate history lists the decided ones.',
    );
  const { request, decision } = record;
  const now = await freshness(record, ports);
  const range = rangeArg({ ...request.range, label: request.rangeLabel });
  const blocks: Block[] = [
    { kind: 'header', text: `Gate ${request.gate} · ${request.rangeLabel} · ${request.id}` },
    freshnessBlock(record, now.freshness),
    decisionBlock(record),
    {
      kind: 'context',
      text: rich`Requested by ${requesterSpan(record)} at ${utcMinute(request.requestedAt)} · verdict then: ${decision?.verdictAtDecision ?? request.verdict} · verdict now: ${now.verdict}`,
    },
    {
      kind: 'actions',
      actions: [
        followUp(`Gate ${request.gate} now`, `gate ${request.gate} ${range}`),
        followUp('History', 'gate history'),
      ],
    },
  ];
  const data: GateStatusData = {
    id,
    state: record.state,
    gate: request.gate,
    rangeLabel: request.rangeLabel,
    verdictNow: now.verdict,
    freshness: now.freshness,
  };
  const summary = `Gate ${request.gate} ${request.id}: ${record.state}, ${now.freshness.fresh ? 'fresh' : 'stale'}`;
  return { data, message: { summary, tone: now.freshness.fresh ? 'good' : 'warn', blocks } };
}

const HISTORY_LIMIT = 20;

/** How a table cell names a person: the handle they acted under, else their id. */
const at = (id: string, handle: string | null | undefined) => `@${handle ?? id}`;

export async function gateHistory(
  range: DateRange | null,
  ports: CommandPorts,
): Promise<CommandResult<GateHistoryData>> {
  const store = requireStore(ports);
  const decided = await store.listDecisions({ ...(range ? { range } : {}), limit: HISTORY_LIMIT });
  // Freshness means judging each gate again: one evidence read per decision, side by side. The
  // records give the deciders' handles (a decision names only the voter's id).
  const [checks, records] = await Promise.all([
    Promise.all(decided.map((d) => freshness(d, ports))),
    Promise.all(decided.map((d) => store.getGate(d.request.id))),
  ]);
  const decisions = decided.map((d, i) => ({
    id: d.request.id,
    gate: d.request.gate,
    range: d.request.range,
    rangeLabel: d.request.rangeLabel,
    verdictAtDecision: d.decision.verdictAtDecision,
    requestedBy: d.request.requestedBy,
    decidedBy: d.decision.decidedBy,
    decision: d.decision.decision,
    reason: d.decision.reason,
    decidedAt: d.decision.decidedAt,
    fresh: checks[i]?.freshness.fresh ?? false,
  }));
  const rows = decided.map((d, i) => {
    const vote = records[i]?.votes.find((v) => v.voter === d.decision.decidedBy);
    return [
      d.request.gate,
      d.request.rangeLabel,
      d.decision.verdictAtDecision,
      at(d.request.requestedBy, d.request.requestedByHandle),
      `${d.decision.decision} ${at(d.decision.decidedBy, vote?.voterHandle)}`,
      minute(d.decision.decidedAt),
      decisions[i]?.fresh ? 'fresh' : 'STALE',
      d.decision.reason ?? '',
    ];
  });
  const blocks: Block[] = [
    { kind: 'header', text: `Gate decisions${range ? ` · ${range.start}..${range.end}` : ''}` },
    decisions.length
      ? {
          kind: 'table',
          columns: ['gate', 'range', 'verdict', 'requested', 'decided', 'when (UTC)', 'fresh', 'reason'],
          rows,
        }
      : { kind: 'text', text: 'No gate decisions yet.' },
  ];
  return {
    data: { decisions },
    message: { summary: `${decisions.length} gate decisions`, tone: 'neutral', blocks },
  };
}
