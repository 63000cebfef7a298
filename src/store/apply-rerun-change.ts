import { BadInputError } from '../domain/errors.js';
import type { RerunChange, RerunRequest } from './state-store.js';
import type { VersionedUpdate } from './versioned-kind.js';

/** One updateRerun call as the adapters take it, its input validated. */
export type RerunUpdate = VersionedUpdate<RerunRequest, RerunChange>;

/**
 * The request after a compare-and-set change, for an adapter that found it at `change.version`:
 * the new state, the given fields (the others as stored), the next version. Pure, so both adapters
 * write the same row and hand the effects callback the same request. Which states may follow which
 * is the caller's policy; the store only refuses what cannot be true of any request.
 */
export function applyRerunChange(stored: RerunRequest, change: RerunChange): RerunRequest {
  // A field given as undefined is a field not given: it keeps its stored value.
  const fields: NonNullable<RerunChange['fields']> = Object.fromEntries(
    Object.entries(change.fields ?? {}).filter(([, v]) => v !== undefined),
  );
  const steps = stored.plan.steps.length;
  if (fields.releasedSteps !== undefined && fields.releasedSteps > steps) {
    throw new BadInputError(
      `The state store refused this re-run change: releasedSteps: ${fields.releasedSteps} is more than the plan's ${steps} steps`,
    );
  }
  return { ...stored, ...fields, state: change.state, version: stored.version + 1 };
}
