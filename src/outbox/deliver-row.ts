import type { ChatPort, MessageRef } from '../chat/chat.js';
import type { Message } from '../domain/message.js';
import type { Queue } from '../queue/queue.js';
import type { JsonValue, OutboxRow, StateStore } from '../store/state-store.js';
import {
  homePayload,
  messageRefResult,
  postPayload,
  publishPayload,
  type TargetedPayload,
  targetedPayload,
} from './outbox-payload.js';

export interface DeliveryPorts {
  store: StateStore;
  chat: ChatPort;
  queue: Queue;
  /** Builds a person's App Home as it stands now; a relay without it leaves Home rows for one that has it. */
  home?: (user: string) => Promise<Message>;
}

/**
 * Why a row cannot be delivered now. `permanent`: no retry will help (its target is gone, its
 * payload unreadable); otherwise the relay tries again later (`wait`: soon, the target is on its way).
 */
export class DeliveryProblem extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly wait = false,
  ) {
    super(message);
    this.name = 'DeliveryProblem';
  }
}

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  row: OutboxRow,
): T {
  const parsed = schema.safeParse(row.payload);
  if (!parsed.success)
    throw new DeliveryProblem(`outbox row ${row.key} has an unreadable ${row.kind} payload`, true);
  return parsed.data;
}

/** Where the message a reply or update aims at was posted: the target row's delivery result. */
async function targetRef(payload: TargetedPayload, ports: DeliveryPorts): Promise<MessageRef> {
  const target = await ports.store.getOutbox(payload.target);
  if (!target || target.state === 'failed') {
    throw new DeliveryProblem(`its message (${payload.target}) was never posted`, true);
  }
  if (target.state === 'pending') throw new DeliveryProblem(`waiting for ${payload.target}`, false, true);
  const ref = messageRefResult.safeParse(target.result);
  if (!ref.success) throw new DeliveryProblem(`${payload.target} has no message reference`, true);
  return ref.data;
}

const refJson = (ref: MessageRef): JsonValue => ({ channel: ref.channel, ts: ref.ts });

/**
 * Delivers one claimed row and returns what to record as its result. A row claimed before
 * (attempts > 1) may have gone out just before a crash: chat rows are looked up by their key first,
 * and the queue's adapters either deduplicate the key (local) or carry it for consumers (Pub/Sub).
 */
export async function deliverRow(row: OutboxRow, ports: DeliveryPorts): Promise<JsonValue> {
  const retried = row.attempts > 1;
  switch (row.kind) {
    case 'chat.post': {
      const { channel, message } = parse(postPayload, row);
      const earlier = retried ? await ports.chat.find(channel, row.key) : null;
      return refJson(earlier ?? (await ports.chat.post(channel, message, { key: row.key })));
    }
    case 'chat.reply': {
      const payload = parse(targetedPayload, row);
      const parent = await targetRef(payload, ports);
      const earlier = retried ? await ports.chat.find(parent.channel, row.key, parent) : null;
      return refJson(
        earlier ?? (await ports.chat.post(parent.channel, payload.message, { key: row.key, thread: parent })),
      );
    }
    case 'chat.update': {
      const payload = parse(targetedPayload, row);
      const ref = await targetRef(payload, ports);
      const earlier = retried ? await ports.chat.find(ref.channel, row.key) : null;
      if (!earlier) await ports.chat.update(ref, payload.message, { key: row.key });
      return refJson(ref);
    }
    case 'home.publish': {
      const { user } = parse(homePayload, row);
      if (!ports.home) throw new DeliveryProblem('the Home is published by the bot when it runs', false);
      // Older refreshes of this person's Home were completed as superseded when this one was claimed
      // (REPLACING_KINDS in the store), so this is the newest: the page is built as it stands now.
      // Publishing replaces the whole page: sending it twice after a crash shows the same thing.
      await ports.chat.publishHome(user, await ports.home(user));
      return { user };
    }
    case 'queue.publish': {
      const { topic, data, attributes, orderingKey } = parse(publishPayload, row);
      const published = await ports.queue.publish({
        key: row.key,
        topic,
        data,
        attributes,
        ...(orderingKey ? { orderingKey } : {}),
      });
      return { messageId: published.messageId };
    }
  }
}
