import type { Clock } from '../../src/clock/clock.js';
import { type EvidenceSummary, fingerprintSummary } from '../../src/domain/gates/evidence-fingerprint.js';
import type { Message } from '../../src/domain/message.js';
import { outbox } from '../../src/outbox/outbox-payload.js';
import type {
  AuditInput,
  GateRequest,
  NewGateRequest,
  OutboxEffect,
  VoteInput,
} from '../../src/store/state-store.js';

const summary = (present: number): EvidenceSummary => ({
  version: 1,
  tables: {
    'nba_analytics.player_game_summary': { present, expected: 150 },
    'nba_analytics.team_offense_game_summary': { present: 150, expected: 150 },
  },
  quality: { 'nba_precompute.player_daily_cache': { good: 900, ok: 40 } },
  openFailures: {},
  playerCoverage: { days: 150, expectedPlayers: 3000, actualPlayers: 2990 },
  newestModification: '2026-11-20T08:00:00.000Z',
});

export const EVIDENCE = summary(150);
/** Data that moved after the request: an approval on it has another fingerprint. */
export const CHANGED = { evidence: summary(149), fingerprint: fingerprintSummary(summary(149)) };

export const newRequest = (over: Partial<NewGateRequest> = {}): NewGateRequest => ({
  gate: '1',
  range: { start: '2023-10-24', end: '2024-06-17' },
  rangeLabel: '2023-24',
  requestedBy: 'U_REQ',
  verdict: 'PASS',
  evidence: EVIDENCE,
  fingerprint: fingerprintSummary(EVIDENCE),
  requiredApprovals: 1,
  ...over,
});

/** An approval that saw the request's own evidence; the key is this voter's first click on this card. */
export const voteOn = (request: GateRequest, voter: string, over: Partial<VoteInput> = {}): VoteInput => ({
  requestId: request.id,
  voter,
  vote: 'approve',
  reason: null,
  idempotencyKey: `${request.id}:${voter}:1`,
  verdict: request.verdict,
  fingerprint: request.fingerprint,
  evidence: request.evidence,
  ...over,
});

/** Stands still until told to move, so tests can state exact times whatever an adapter calls now() for. */
export interface SettableClock extends Clock {
  advance(seconds: number): void;
  iso(): string;
}

export function settableClock(start: string): SettableClock {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms),
    advance: (seconds) => {
      ms += seconds * 1000;
    },
    iso: () => new Date(ms).toISOString(),
  };
}

const MESSAGE: Message = {
  summary: 'Gate 1 for 2023-24: PASS',
  tone: 'good',
  blocks: [{ kind: 'header', text: 'Gate 1' }],
};

/** A gate card post; `attach` makes it the request's card (completing it records where it landed). */
export const cardPost = (key: string, stream: string, attach?: string): OutboxEffect =>
  outbox.post(key, stream, {
    channel: 'C_OPS',
    message: MESSAGE,
    ...(attach ? { attach: { gateRequest: attach } } : {}),
  });

/** A thread reply to the message the row `target` posted. */
export const reply = (key: string, stream: string, target: string): OutboxEffect =>
  outbox.reply(key, stream, { target, message: MESSAGE });

/** A queue message, as a stage start is published. */
export const publish = (key: string, stream: string): OutboxEffect =>
  outbox.publish(key, stream, {
    topic: 'phase-4-start',
    data: { range: '2023-24' },
    attributes: { gate: '1' },
  });

export const SOME_AUDIT: AuditInput = {
  actor: 'U_ANN',
  action: 'test.enqueue',
  args: {},
  result: { ok: true },
};
