import { isStocktakeError, StocktakeError } from '../errors.js';
import type { StorageAdapter, StorageTransaction } from './adapter.js';

/**
 * Wraps an adapter so that its failures reach callers as `StocktakeError` with code
 * `storage_failure` and the driver's error as `cause`: an error a transaction method rejects with,
 * or one that escapes the transaction outside the engine's work (BEGIN, COMMIT, a lost
 * connection). Errors the engine throws itself pass unchanged, and the adapter still sees its
 * driver's own errors, so it can retry serialisation failures.
 *
 * @internal
 */
export function withStorageErrors(adapter: StorageAdapter): StorageAdapter {
  return {
    name: adapter.name,
    async transaction(work, options) {
      const fromStorage = new WeakSet<object>();
      let fromWork: unknown;
      try {
        return await adapter.transaction(async (tx) => {
          try {
            return await work(recordingRejections(tx, fromStorage));
          } catch (error) {
            fromWork = error;
            throw error;
          }
        }, options);
      } catch (error) {
        const isObject = typeof error === 'object' && error !== null;
        if (isStocktakeError(error) || (error === fromWork && !(isObject && fromStorage.has(error)))) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new StocktakeError('storage_failure', `The ${adapter.name} storage failed: ${detail}`, { cause: error });
      }
    },
  };
}

function recordingRejections(tx: StorageTransaction, seen: WeakSet<object>): StorageTransaction {
  return new Proxy(tx, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            if (typeof error === 'object' && error !== null) seen.add(error);
            throw error;
          });
        }
        return result;
      };
    },
  });
}
