import { type Block, type Message, type Rich, rich, type Span, strong, type Tone } from '../message.js';
import type { GateResult } from './evaluate-gate.js';
import type { GateCheck, GateVerdict } from './gate-check.js';

export interface GateCardOptions {
  /** How the user asked for the range, e.g. "season 2021-22" (NamedRange.label). */
  rangeLabel: string;
  /** Who asked: `user(id, handle)`, which each front names its own way (a mention, @handle). */
  requestedBy?: Span;
  /** E.g. "Evidence changed since this card was posted: …"; shown under the header as a warning. */
  evidenceNote?: Rich;
}

const TONE: Record<GateVerdict, Tone> = { PASS: 'good', WARN: 'warn', FAIL: 'bad' };

function checkBlock(check: GateCheck): Block {
  // Info lines are context, not a passed rule: no green tick, and they say so in plain text.
  const plainInfo = check.kind === 'info' && check.verdict === 'PASS';
  const word = plainInfo ? 'INFO' : check.verdict;
  return {
    kind: 'text',
    text: rich`${strong(word)} ${check.detail}`,
    tone: plainInfo ? 'neutral' : TONE[check.verdict],
  };
}

/** The gate card without buttons: the Slack layer adds Approve / Reject with their intents. */
export function gateCard(result: GateResult, options: GateCardOptions): Message {
  const judged = `Rule: ${result.rule} · ${result.range.start}..${result.range.end}`;
  const blocks: Block[] = [
    { kind: 'header', text: `Gate ${result.gate} · ${options.rangeLabel} · ${result.verdict}` },
    ...(options.evidenceNote
      ? [{ kind: 'text' as const, text: options.evidenceNote, tone: 'warn' as const }]
      : []),
    ...result.checks.map(checkBlock),
    {
      kind: 'context',
      text: options.requestedBy ? rich`${judged} · requested by ${options.requestedBy}` : judged,
    },
  ];
  return { summary: result.summary, tone: TONE[result.verdict], blocks };
}
