import type { DateRange } from '../domain/dates.js';
import { BadInputError } from '../domain/errors.js';
import { compareEvidence } from '../domain/gates/compare-evidence.js';
import { gateRule } from '../domain/gates/gate-rule.js';
import type { Block, CommandResult } from '../domain/message.js';
import type { DecidedGate, GateRecord, StateStore } from '../store/state-store.js';
import type { CommandPorts } from './command-context.js';
import { runGate } from './gate.js';

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
      'gate requests and decisions live in the bot’s state store',
      'Ask in Slack: /backfill gate status <id>, /backfill gate history.',
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

export async function gateStatus(id: string, ports: CommandPorts): Promise<CommandResult<GateStatusData>> {
  const record = await requireStore(ports).getGate(id);
  if (!record)
    throw new BadInputError(
      `there is no gate request ${id}`,
      'Request ids look like g_0123456789ab; see /backfill gate history.',
    );
  const { request, decision } = record;
  const now = await freshness(record, ports);
  const what = decision
    ? `${decision.decision} by <@${decision.decidedBy}> at ${decision.decidedAt.slice(0, 16).replace('T', ' ')} UTC`
    : 'waiting for approval';
  const blocks: Block[] = [
    { kind: 'header', text: `Gate ${request.gate} · ${request.rangeLabel} · ${request.id}` },
    { kind: 'text', text: `*${what}*${decision?.reason ? ` — ${decision.reason}` : ''}` },
    now.freshness.fresh
      ? {
          kind: 'text',
          tone: 'good',
          text: `Fresh: the evidence is unchanged since ${decision ? 'the approval' : 'the card was posted'}.`,
        }
      : {
          kind: 'text',
          tone: 'bad',
          text: `*stale: data changed since ${decision ? (decision.decision === 'approved' ? 'approval' : 'the decision') : 'the card was posted'}*\\n${now.freshness.differences.join('\\n')}`,
        },
    {
      kind: 'context',
      text: `Verdict then: ${decision?.verdictAtDecision ?? request.verdict} · verdict now: ${now.verdict}`,
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

export async function gateHistory(
  range: DateRange | null,
  ports: CommandPorts,
): Promise<CommandResult<GateHistoryData>> {
  const decided = await requireStore(ports).listDecisions({
    ...(range ? { range } : {}),
    limit: HISTORY_LIMIT,
  });
  // Freshness means judging each gate again: one evidence read per decision, side by side.
  const checks = await Promise.all(decided.map((d) => freshness(d, ports)));
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
  const blocks: Block[] = [
    { kind: 'header', text: `Gate decisions${range ? ` · ${range.start}..${range.end}` : ''}` },
    decisions.length
      ? {
          kind: 'table',
          columns: ['gate', 'range', 'verdict', 'requested', 'decided', 'when (UTC)', 'fresh', 'reason'],
          rows: decisions.map((d) => [
            d.gate,
            d.rangeLabel,
            d.verdictAtDecision,
            d.requestedBy,
            `${d.decision} ${d.decidedBy}`,
            d.decidedAt.slice(0, 16).replace('T', ' '),
            d.fresh ? 'fresh' : 'STALE',
            d.reason ?? '',
          ]),
        }
      : { kind: 'text', text: 'No gate decisions yet.' },
  ];
  return {
    data: { decisions },
    message: { summary: `${decisions.length} gate decisions`, tone: 'neutral', blocks },
  };
}
