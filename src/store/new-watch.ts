import type { NewWatch, Watch } from './state-store.js';

/** A new watch as every adapter stores it: the caller's fields, version 1, active, started now. */
export const buildWatch = (input: NewWatch, startedAt: string): Watch => ({
  ...input,
  startedByHandle: input.startedByHandle ?? null,
  version: 1,
  state: 'active',
  startedAt,
  lastTickAt: null,
  lastProgressAt: startedAt,
  stalled: false,
  stalls: 0,
  endedAt: null,
  stoppedBy: null,
  stoppedByHandle: null,
});
