import { BackfillError } from '../domain/errors.js';
import { type Message, type Rich, rich, user } from '../domain/message.js';
import { rerunGroups } from '../domain/reruns/rerun-policy.js';
import type { Watch } from '../domain/watch/watch.js';
import { judgeWatchStop } from '../domain/watch/watch-policy.js';
import type { ActionPorts, Actor } from './action-ports.js';
import { memberGroups } from './member-groups.js';
import { redrawWatch } from './watch-effects.js';
import { operatorsText } from './who-may.js';

export interface WatchStopResult {
  kind: 'refused' | 'unchanged' | 'done';
  watch: Watch;
  answer: Message;
}

const say = (summary: string, text: Rich, tone: Message['tone'] = 'neutral'): Message => ({
  summary,
  tone,
  blocks: [{ kind: 'text', text }],
});

const STANDS: Record<Watch['state'], string> = {
  active: 'is busy being redrawn: press Stop again',
  complete: 'has ended already: its range is complete',
  stopped: 'was stopped already',
  expired: 'has ended already: its hours ran out',
};

// A tick may move the watch between our read and our write; the stop is tried again on the new version.
const ATTEMPTS = 5;

/**
 * Stops a watch, on every path (its Stop button, typed words, the CLI, a forged or replayed payload):
 * who may is judged here (whoever started it, operators and approvers) and a refusal is audited and
 * changes nothing. Then one compare-and-set ends it and redraws its message as stopped, from the
 * last view (no warehouse round trip: a stop works while the warehouse is down).
 */
export async function stopWatch(
  input: { watchId: string; actor: Actor; key: string },
  ports: ActionPorts,
): Promise<WatchStopResult> {
  const { actor } = input;
  let watch = await ports.store.getWatch(input.watchId);
  if (!watch) {
    throw new BackfillError(
      'NOT_FOUND',
      `There is no watch ${input.watchId}`,
      'watch list shows the watches.',
    );
  }
  const actorGroups = await memberGroups(actor.id, rerunGroups(ports.catalog), ports.directory);
  const verdict = judgeWatchStop(ports.catalog, { actor: actor.id, actorGroups, startedBy: watch.startedBy });
  if (!verdict.allowed) {
    await ports.store.enqueue([], {
      actor: actor.id,
      action: 'watch.stop.refused',
      args: { watchId: watch.id, key: input.key },
      result: { refusal: verdict.refusal },
    });
    const starter = user(watch.startedBy, watch.startedByHandle);
    return {
      kind: 'refused',
      watch,
      answer: say(
        'Not yours to stop',
        rich`A watch is stopped by whoever started it (${starter}), operators and approvers: ${operatorsText(ports.catalog)}.`,
        'warn',
      ),
    };
  }
  for (let attempt = 1; attempt <= ATTEMPTS && watch.state === 'active'; attempt++) {
    const { changed, watch: after } = await ports.store.updateWatch(
      watch.id,
      {
        version: watch.version,
        state: 'stopped',
        fields: {
          endedAt: ports.clock.now().toISOString(),
          stoppedBy: actor.id,
          stoppedByHandle: actor.handle,
        },
      },
      {
        actor: actor.id,
        action: 'watch.stop',
        args: { watchId: watch.id, key: input.key },
        result: { state: 'stopped' },
      },
      (stopped) => [redrawWatch(stopped, 'stopped')],
    );
    if (changed) {
      return {
        kind: 'done',
        watch: after,
        answer: say(`Stopped watch ${after.id}`, `Stopped watch ${after.id} (${after.rangeLabel}).`, 'good'),
      };
    }
    watch = after;
  }
  const stands = `Watch ${watch.id} ${STANDS[watch.state]}`;
  return { kind: 'unchanged', watch, answer: say(stands, `${stands}.`) };
}
