import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * An id that sorts as text in creation order within this process (wall-clock milliseconds, then a
 * counter), with random bits so two processes never collide. BigQuery has no sequences; the store
 * orders audit entries and decisions that share a store-clock time by it.
 */
export function sortableId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else counter += 1;
  return `${String(lastMs).padStart(15, '0')}.${String(counter).padStart(6, '0')}.${randomBytes(3).toString('hex')}`;
}
