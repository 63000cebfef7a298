import { readWatchFacts, watchTables } from '../commands/watch-facts.js';
import type { Watch } from '../domain/watch/watch.js';
import { dueTick, stepWatch, type WatchEvent } from '../domain/watch/watch-step.js';
import { watchView } from '../domain/watch/watch-view.js';
import { SYSTEM_ACTOR } from '../store/state-store.js';
import type { ActionPorts } from './action-ports.js';
import { tickEffects } from './watch-effects.js';

export type WatchTickPorts = Pick<ActionPorts, 'catalog' | 'store' | 'warehouse' | 'clock'>;

/**
 * idle: no tick due. taken: another replica (or this one before a restart) claimed the slot.
 * drawn: redrawn, still active. ended: complete or expired. lost: stopped meanwhile, nothing drawn.
 */
export type WatchTickOutcome = 'idle' | 'taken' | 'drawn' | 'ended' | 'lost';

export interface WatchTickReport {
  watchId: string;
  slot: string | null;
  outcome: WatchTickOutcome;
  events: WatchEvent[];
}

/** A tick fired this long after its slot is claimed as late (a restart's catch-up). */
const GRACE_MS = 60_000;

/**
 * One tick of one watch, if one is due: the slot is claimed in the store first (job `watch:<id>`),
 * so of two replicas or a restart only the claimer reads the warehouse and writes; then the view
 * (one round trip), the step (progress, a stall, complete, expired) and one compare-and-set that
 * writes the new state, its audit entry and the redraw and thread replies together. A Stop that won
 * the race leaves the tick nothing to write: a stopped message is never redrawn as running.
 */
export async function tickWatch(
  watch: Watch,
  ports: WatchTickPorts,
  owner: string,
  now: Date = ports.clock.now(),
): Promise<WatchTickReport> {
  const slot = dueTick(watch, now);
  const report = (outcome: WatchTickOutcome, events: WatchEvent[] = []): WatchTickReport => ({
    watchId: watch.id,
    slot,
    outcome,
    events,
  });
  if (!slot) return report('idle');
  const late = now.getTime() - Date.parse(slot) > GRACE_MS;
  const { claimed } = await ports.store.claimSlot({ job: `watch:${watch.id}`, slot, owner, late });
  if (!claimed) return report('taken');
  const tables = watchTables(ports.catalog, watch.target);
  const { facts } = await readWatchFacts(
    { range: watch.range, tables, startedAt: watch.startedAt },
    ports,
    now,
  );
  const view = watchView(ports.catalog, tables, watch.range, facts, now);
  const step = stepWatch(watch, view, slot, now, ports.catalog.watch);
  const action = step.state === 'active' ? 'watch.tick' : `watch.${step.state}`;
  const { changed, watch: after } = await ports.store.updateWatch(
    watch.id,
    { version: watch.version, state: step.state, fields: step.fields },
    { actor: SYSTEM_ACTOR, action, args: { watchId: watch.id, slot }, result: { events: step.events } },
    (moved) => tickEffects(watch, moved, step.events, slot),
  );
  if (!changed) return report('lost');
  return report(after.state === 'active' ? 'drawn' : 'ended', step.events);
}
