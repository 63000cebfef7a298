import { rerunStatusMessage } from '../commands/rerun-records.js';
import { type RerunView, rerunMessageKey, rerunQueueStream } from '../commands/rerun-view.js';
import { canonicalJson } from '../domain/gates/canonical-json.js';
import { fnv1a64 } from '../domain/gates/fnv1a64.js';
import { type Message, plural, rich, user } from '../domain/message.js';
import { outbox } from '../outbox/outbox-payload.js';
import type { OutboxEffect, RerunRequest } from '../store/state-store.js';
import { rerunEnvelope } from './envelopes.js';

// The outbox rows of re-run actions. Chat rows of one request share a stream (the announcement is
// posted before its thread and its updates); queue rows have their own, so the pipeline is never
// held up by Slack.

const chatStream = (id: string) => `rerun:${id}`;
export const announcementKey = (id: string) => `rerun:${id}:post`;
const statusKey = (id: string) => `rerun:${id}:status`;
export const approvalKey = (id: string) => `rerun:${id}:approval`;

/** The queue messages of one chain step, in the message contract (docs/messages.md). */
export function stepMessages(request: RerunRequest, step: number): OutboxEffect[] {
  return request.plan.messages
    .filter((m) => m.step === step)
    .map((m) => {
      const key = rerunMessageKey(request.id, m.id);
      return outbox.publish(
        key,
        rerunQueueStream(request.id),
        rerunEnvelope({
          messageKey: key,
          requestId: request.id,
          processor: m.processor,
          phase: m.phase,
          topic: m.topic,
          dates: m.dates,
          requestedBy: request.requestedBy,
          requestedAt: request.requestedAt,
        }),
      );
    });
}

/** "@ops re-runs TeamOffenseGameSummaryProcessor for 3 dates · request r_…" */
function announcement(request: RerunRequest): Message {
  const processors = [...new Set(request.plan.messages.map((m) => m.processor))];
  const what = processors.length === 1 ? processors[0] : plural(processors.length, 'processor');
  const dates = new Set(request.plan.messages.flatMap((m) => m.dates)).size;
  const text = rich`${user(request.requestedBy, request.requestedByHandle)} re-runs ${what ?? ''} for ${plural(dates, 'date')} · request ${request.id}`;
  return {
    summary: `Re-run ${request.id}: ${what} for ${plural(dates, 'date')}`,
    tone: 'neutral',
    blocks: [
      { kind: 'text', text },
      {
        kind: 'context',
        text: `${request.words} · ${plural(request.plan.steps.length, 'step')} · its state is in this thread`,
      },
    ],
  };
}

/**
 * What starting a confirmed request sends: the announcement in its channel, the state reply in the
 * announcement's thread, and the first step's queue messages.
 */
export function startEffects(request: RerunRequest, view: RerunView): OutboxEffect[] {
  return [
    outbox.post(announcementKey(request.id), chatStream(request.id), {
      channel: request.channel,
      message: announcement(request),
    }),
    outbox.reply(statusKey(request.id), chatStream(request.id), {
      target: announcementKey(request.id),
      message: rerunStatusMessage(request, view),
    }),
    ...stepMessages(request, 0),
  ];
}

/**
 * The state reply drawn again, keyed by its content: the same state written twice (two replicas, two
 * ticks) is one row, so the thread is updated once per change.
 */
export function statusUpdate(request: RerunRequest, view: RerunView): OutboxEffect {
  const message = rerunStatusMessage(request, view);
  const version = fnv1a64(canonicalJson(JSON.parse(JSON.stringify(message)))).slice(0, 12);
  return outbox.update(`${statusKey(request.id)}:${version}`, chatStream(request.id), {
    target: statusKey(request.id),
    message,
  });
}

/** A plan over the size limit, posted in the channel for an approver. */
export function approvalCard(
  request: RerunRequest,
  planMessage: Message,
  decided?: Message['blocks'],
): OutboxEffect {
  const blocks = decided
    ? [...planMessage.blocks.filter((b) => b.kind !== 'actions'), ...decided]
    : planMessage.blocks;
  const message = { ...planMessage, blocks };
  return decided
    ? outbox.update(`${approvalKey(request.id)}:decided`, chatStream(request.id), {
        target: approvalKey(request.id),
        message,
      })
    : outbox.post(approvalKey(request.id), chatStream(request.id), { channel: request.channel, message });
}
