// Slack's side of bench:load: the local stand-in, plus a tap that tells the load client the moment
// the stand-in receives what a user waits for (a gate card posted, a card updated, a modal opened).
// The tap reads the stand-in's record of Web API calls from a cursor, on every change of its state
// (and every 20 ms), so it costs O(new calls), and it trims what it has read.
import { messageJson } from '../src/standin/message-json.js';
import { type Standin, startStandin } from '../src/standin/start-standin.js';
import { epochNow, type SlackEvent } from './load-messages.js';

const CARD_KEY = /^gate:(g_[0-9a-f]+):card(?::(.+))?$/;

const json = (value: unknown): Record<string, unknown> | undefined => {
  if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

const outboxKey = (args: Record<string, unknown>): string | undefined => {
  const payload = json(json(args.metadata)?.event_payload);
  return typeof payload?.key === 'string' ? payload.key : undefined;
};

export interface LoadStandin {
  standin: Standin;
  /** A trigger_id the stand-in will honour for `user`'s views.open (3 s, once). */
  trigger(user: string): string;
  close(): Promise<void>;
}

export async function startLoadStandin(options: {
  appUrl: string;
  signingSecret: string;
  botToken: string;
  onEvent: (event: SlackEvent) => void;
}): Promise<LoadStandin> {
  const standin = await startStandin({ port: 0, ...options });
  const triggers = new Map<string, string>();
  let stopped = false;

  const tap = () => {
    const at = epochNow();
    const calls = standin.apiCalls;
    for (const call of calls) {
      const { args } = call;
      if (call.method === 'chat.postMessage' || call.method === 'chat.update') {
        const match = CARD_KEY.exec(outboxKey(args) ?? '');
        if (!match?.[1]) continue;
        const requestId = match[1];
        if (call.method === 'chat.update') {
          options.onEvent({ type: 'update', requestId, version: match[2] ?? '', at });
          continue;
        }
        // The card was just added: it is at the end of its channel (a copy of the list, per card only).
        const card = standin
          .messages(String(args.channel))
          .findLast((m) => outboxKey({ metadata: m.metadata }) === `gate:${requestId}:card`);
        if (card) options.onEvent({ type: 'card', requestId, message: messageJson(standin.world, card), at });
      } else if (call.method === 'views.open') {
        const trigger = String(args.trigger_id);
        const user = triggers.get(trigger);
        triggers.delete(trigger);
        const sent = json(args.view);
        const open = user ? standin.views.modal(user)?.view : undefined;
        if (open && sent && open.private_metadata === sent.private_metadata) {
          options.onEvent({ type: 'modal', trigger, view: open as unknown as Record<string, unknown>, at });
        } else {
          options.onEvent({ type: 'modal-failed', trigger, error: 'views.open did not open it', at });
        }
      }
    }
    calls.length = 0;
    return stopped;
  };
  // A probe that never resolves until close: waitFor re-runs it on every state change.
  const tapping = standin.waitFor(tap, 2 ** 31 - 1, 'the end of the run').catch(() => {});

  return {
    standin,
    trigger(user) {
      const trigger = standin.issueTrigger(user);
      triggers.set(trigger, user);
      return trigger;
    },
    async close() {
      stopped = true;
      await tapping;
      await standin.close();
    },
  };
}
