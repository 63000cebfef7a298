import type { StateStore } from '../../src/store/state-store.js';

/**
 * A state store whose `method` fails with `error` (what the adapter throws once it has translated a
 * vendor error) while every other method is the real store's: the fault is injected at the port, the
 * actions, listeners and store under test are real.
 */
export function faultyStore<M extends keyof StateStore>(
  inner: StateStore,
  method: M,
  error: Error,
): StateStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === method) return async () => Promise.reject(error);
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
