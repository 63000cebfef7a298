import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { ActionPorts } from '../actions/action-ports.js';
import { decideRerun } from '../actions/rerun-decide.js';
import { requestRerun } from '../actions/rerun-request.js';
import { DeferredChat } from '../chat/deferred-chat.js';
import { FixedDirectory } from '../chat/fixed-directory.js';
import type { CommandPorts } from '../commands/command-context.js';
import type { RerunWords } from '../commands/rerun-words.js';
import type { CommandResult } from '../domain/message.js';
import { OutboxRelay, type RelayLog } from '../outbox/outbox-relay.js';
import type { Queue } from '../queue/queue.js';
import type { StateStore } from '../store/state-store.js';

/**
 * `backfill-bot rerun ... --yes`: the plan, confirmed at once by `cli:<os user>`, and its first step
 * published through the outbox by a relay run here. The announcement in the channel and the later
 * chain steps are the bot's: its relay posts what the CLI could not, and its advancer releases steps.
 */
export async function rerunFromCli(
  words: Extract<RerunWords, { kind: 'plan' }>,
  ports: CommandPorts & { store: StateStore; queue: Queue },
  log: RelayLog,
): Promise<{ result: CommandResult; ok: boolean }> {
  const chat = new DeferredChat();
  const actionPorts: ActionPorts = { ...ports, chat, directory: new FixedDirectory({}) };
  const who = userInfo().username;
  const actor = { id: `cli:${who}`, handle: who, channel: ports.catalog.reruns.channel };
  const asked = await requestRerun({ words, actor, key: `cli:${randomUUID()}` }, actionPorts);
  if (!asked.request) return { result: { data: { requestId: null }, message: asked.answer }, ok: false };
  const decided = await decideRerun(
    { requestId: asked.request.id, act: 'confirm', reason: null, actor, key: `cli:${randomUUID()}` },
    actionPorts,
  );
  const relay = new OutboxRelay({ store: ports.store, chat, queue: ports.queue, clock: ports.clock, log });
  const report = await relay.drain();
  const request = (await ports.store.getRerun(asked.request.id)) ?? asked.request;
  const answer = decided.answer ?? asked.answer;
  return {
    result: {
      data: { requestId: request.id, state: request.state, published: report.delivered },
      message: {
        ...answer,
        blocks: [
          ...answer.blocks,
          {
            kind: 'context',
            text: `Published ${report.delivered} now as ${actor.id}; the bot announces it in #${ports.catalog.reruns.channel.replace(/^#/, '')} and releases later chain steps.`,
          },
        ],
      },
    },
    ok: decided.kind === 'done',
  };
}
