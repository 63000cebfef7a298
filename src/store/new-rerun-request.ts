import type { NewRerunRequest, RerunRequest } from './state-store.js';

/** A new request as every adapter stores it: the caller's fields, version 1, planned, nothing yet done. */
export const buildRerunRequest = (req: NewRerunRequest, requestedAt: string): RerunRequest => ({
  id: req.id,
  version: 1,
  state: 'planned',
  requestedBy: req.requestedBy,
  requestedByHandle: req.requestedByHandle ?? null,
  requestedAt,
  channel: req.channel,
  words: req.words,
  plan: req.plan,
  override: null,
  approvedBy: null,
  confirmedBy: null,
  confirmedAt: null,
  releasedSteps: 0,
  doneAt: null,
});
