import { BadInputError } from '../domain/errors.js';
import { evaluateGate, type GateResult } from '../domain/gates/evaluate-gate.js';
import {
  type EvidenceSummary,
  fingerprintSummary,
  summarizeEvidence,
} from '../domain/gates/evidence-fingerprint.js';
import { gateCard } from '../domain/gates/gate-message.js';
import { type GateRule, gateIds, gateRule } from '../domain/gates/gate-rule.js';
import { scopeEvidence } from '../domain/gates/scope-evidence.js';
import { type Action, type CommandResult, followUp } from '../domain/message.js';
import { type NamedRange, parseRange } from '../domain/range-parser.js';
import { defineCommand } from './command.js';
import { type CommandPorts, rangeContext } from './command-context.js';
import { collectGateEvidence } from './gate-evidence.js';
import { gateHistory, gateStatus } from './gate-records.js';
import { queryContext } from './query-context.js';
import { rangeArg } from './status.js';

export interface GateData {
  gate: GateResult;
  /** What the verdict was computed from, and its digest: an approval stores both to detect staleness. */
  evidence: EvidenceSummary;
  fingerprint: string;
  query: { warehouse: string; roundTrips: number; millis: number };
}

const EXAMPLE = 'gate 1 2021-22';

/** Computes a gate over a range: the verdict, the scoped evidence and its fingerprint, and the card. */
export async function runGate(
  rule: GateRule,
  range: NamedRange,
  ports: CommandPorts,
): Promise<CommandResult<GateData>> {
  const { catalog, warehouse } = ports;
  const collected = await collectGateEvidence(rule, range, ports);
  // The fingerprint covers only what this gate judges, so the next stage's writes don't stale it.
  const scoped = scopeEvidence(catalog, rule, collected.evidence);
  const result = evaluateGate(catalog, rule.id, scoped, range);
  const evidence = summarizeEvidence(scoped);
  const query = { warehouse: warehouse.kind, roundTrips: collected.roundTrips, millis: collected.millis };
  const data: GateData = { gate: result, evidence, fingerprint: fingerprintSummary(evidence), query };
  const card = gateCard(result, { rangeLabel: range.label });
  const followUps: Action[] = [
    followUp(`Gaps in Phase ${rule.phase}`, `gaps ${rangeArg(range)} ${rule.phase}`),
    followUp('Failures', `failures ${rangeArg(range)}`),
    followUp('Status', `status ${rangeArg(range)}`),
  ];
  const message = {
    ...card,
    blocks: [
      ...card.blocks,
      { kind: 'context' as const, text: `${queryContext(range, query)} · evidence ${data.fingerprint}` },
      { kind: 'actions' as const, actions: followUps },
    ],
  };
  return { data, message };
}

/** What `gate ...` words ask for: a verdict, one request's status, or the decision history. */
export type GateWords =
  | { kind: 'verdict'; rule: GateRule; range: NamedRange }
  | { kind: 'status'; id: string }
  | { kind: 'history'; range: NamedRange | null };

export const gateCommand = defineCommand({
  name: 'gate',
  group: 'judge',
  usage: 'gate <0|1|2|3> [range] | gate status <id> | gate history [range]',
  summary: "Verifies a quality gate by the catalog's rules: PASS, WARN or FAIL, one line per check.",
  example: EXAMPLE,
  parse(args, ports): GateWords {
    const [id, ...rest] = args;
    if (id === 'status') {
      if (rest.length !== 1 || !rest[0])
        throw new BadInputError('gate status needs one request id', 'Example: gate status g_0123456789ab');
      return { kind: 'status', id: rest[0] };
    }
    if (id === 'history') {
      return { kind: 'history', range: rest.length ? parseRange(rest, rangeContext(ports)).range : null };
    }
    if (id === undefined) {
      throw new BadInputError(
        'gate needs a gate number',
        `Gates: ${gateIds(ports.catalog).join(', ')}. Example: ${EXAMPLE}`,
      );
    }
    const rule = gateRule(ports.catalog, id);
    const { range, rest: extra } = parseRange(rest, rangeContext(ports));
    if (extra.length) {
      throw new BadInputError(
        `gate takes a gate number and a range, not "${extra.join(' ')}"`,
        `Example: ${EXAMPLE}`,
      );
    }
    return { kind: 'verdict', rule, range };
  },
  run: (request, ports): Promise<CommandResult> => {
    if (request.kind === 'status') return gateStatus(request.id, ports);
    if (request.kind === 'history') return gateHistory(request.range, ports);
    return runGate(request.rule, request.range, ports);
  },
});
