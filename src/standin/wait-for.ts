import type { StandinState } from './standin-state.js';

const DEFAULT_WAIT_MS = 5000;

export type WaitFor = <T>(
  probe: () => T | undefined | null | false,
  timeoutMs?: number,
  what?: string,
) => Promise<T>;

/**
 * Waits for a probe to turn truthy: re-checked on every state change and every 20 ms (probes may
 * watch a test's own variables). On timeout it names the last messages, which is usually what a
 * failing test needs to see.
 */
export function createWaitFor(state: StandinState): WaitFor {
  return <T>(probe: () => T | undefined | null | false, timeoutMs = DEFAULT_WAIT_MS, what = 'condition') =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined || found === null || found === false) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        const recent = state.messages
          .all()
          .slice(-5)
          .map(
            (m) =>
              `${m.channel} ${m.user}${m.ephemeralTo ? ` (to ${m.ephemeralTo})` : ''}: ${m.text.slice(0, 80)}`,
          );
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; last messages:\n${recent.join('\n')}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = state.subscribe(check);
      const poll = setInterval(check, 20);
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        unsubscribe();
      };
      check();
    });
}
