import type { Watch, WatchChange } from './state-store.js';
import type { VersionedUpdate } from './versioned-kind.js';

/** One updateWatch call as the adapters take it, its input validated. */
export type WatchUpdate = VersionedUpdate<Watch, WatchChange>;

/**
 * The watch after a compare-and-set change, for an adapter that found it at `change.version`: the
 * new state, the given fields (the others as stored), the next version. Pure, so both adapters write
 * the same row and hand the effects callback the same watch. Which states follow which is the
 * caller's rule (src/domain/watch).
 */
export function applyWatchChange(stored: Watch, change: WatchChange): Watch {
  // A field given as undefined is a field not given: it keeps its stored value.
  const fields = Object.fromEntries(Object.entries(change.fields ?? {}).filter(([, v]) => v !== undefined));
  return { ...stored, ...fields, state: change.state, version: stored.version + 1 };
}
