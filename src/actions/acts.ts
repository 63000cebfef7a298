import type { GateWords } from '../commands/gate.js';
import type { RemindWords } from '../commands/remind.js';
import type { RerunWords } from '../commands/rerun-words.js';
import type { WatchWords } from '../commands/watch.js';
import type { Message } from '../domain/message.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { requestGateDecision } from './gate-request.js';
import { snoozeMilestone } from './milestone-actions.js';
import { requestRerun } from './rerun-request.js';
import { startWatch } from './watch-start.js';
import { stopWatch } from './watch-stop.js';

export interface ActResult {
  /** The private answer to the person who acted. */
  answer: Message;
  data: unknown;
}

/**
 * What a parsed command does when a person asks for it from a chat front, where it is an action
 * rather than a read: `gate N range` there requests a decision and posts the card. Returns null when
 * the request is a read (`gate status`, `gate history`), which the command answers as usual.
 */
type Act = (request: unknown, ports: ActionPorts, actor: Actor, key: string) => Promise<ActResult | null>;

export const ACTS: Record<string, Act> = {
  gate: async (request, ports, actor, key) => {
    const words = request as GateWords;
    if (words.kind !== 'verdict') return null;
    const { created, record, answer } = await requestGateDecision(
      { rule: words.rule, range: words.range, actor, key },
      ports,
    );
    return { answer, data: { requestId: record.request.id, created } };
  },
  remind: async (request, ports, actor) => {
    const words = request as RemindWords;
    if (words.kind !== 'snooze') return null;
    const answer = await snoozeMilestone({ id: words.id, days: words.days, actor }, ports);
    return { answer, data: { id: words.id, days: words.days } };
  },
  rerun: async (request, ports, actor, key) => {
    const words = request as RerunWords;
    if (words.kind !== 'plan') return null;
    const { request: stored, answer } = await requestRerun({ words, actor, key }, ports);
    return { answer, data: { requestId: stored?.id ?? null, plan: stored?.plan ?? null } };
  },
  watch: async (request, ports, actor, key) => {
    const words = request as WatchWords;
    if (words.kind === 'start') {
      const { watch, created, answer } = await startWatch({ words, actor, key }, ports);
      return { answer, data: { watchId: watch?.id ?? null, created } };
    }
    if (words.kind === 'stop') {
      const { kind, watch, answer } = await stopWatch({ watchId: words.id, actor, key }, ports);
      return { answer, data: { watchId: watch.id, outcome: kind, state: watch.state } };
    }
    return null;
  },
};
