import type { OutboxEffect } from './state-store.js';
import { storeInput } from './store-input.js';

/** What the caller's effects callback threw, carried through the adapter's rollback untouched. */
class EffectsCallbackFailed extends Error {
  constructor(readonly original: unknown) {
    super('the outbox effects callback threw');
  }
}

/**
 * The rows the caller asks to write with this step, validated; called inside the adapter's atomic
 * step so the rows can say what the step decided. A throw there fails the step (nothing is written)
 * and reaches the caller as it was thrown, not as a store failure.
 */
export function callEffects<T>(
  effects: ((value: T) => OutboxEffect[]) | undefined,
  value: T,
): OutboxEffect[] {
  if (!effects) return [];
  let rows: OutboxEffect[];
  try {
    rows = effects(value);
  } catch (error) {
    throw new EffectsCallbackFailed(error);
  }
  return storeInput.outboxEffects(rows);
}

/** The caller's own error if the effects callback threw it, else `error`: adapters translate only theirs. */
export const callersError = (error: unknown): unknown =>
  error instanceof EffectsCallbackFailed ? error.original : error;
