import { createMemoryStorage } from '../../src/index.js';
import type { StorageAdapter, StorageTransaction } from '../../src/storage/adapter.js';

const WRITES = new Set<keyof StorageTransaction>([
  'putItem',
  'putLocation',
  'addCustodianAssignment',
  'appendMovements',
  'insertSession',
  'updateSession',
  'insertSnapshot',
  'insertEntry',
  'insertLocationMark',
  'insertCountRecords',
  'insertException',
  'updateException',
]);

/**
 * In-memory storage that fails any transaction which writes without appending an audit event.
 * The engine relies on it: the last audit event is the store's version (a kept review is
 * reused only while it is unchanged), so a write that skipped the chain could leave a stale review
 * in use. Tests run the engine on it to check that every command keeps the rule.
 */
export function auditedStorage(inner: StorageAdapter = createMemoryStorage()): StorageAdapter {
  return {
    name: inner.name,
    transaction: (work, options) =>
      inner.transaction(async (tx) => {
        let writes = 0;
        let audits = 0;
        const counted = new Proxy(tx, {
          get(target, property, receiver) {
            const value: unknown = Reflect.get(target, property, receiver);
            if (typeof value !== 'function') return value;
            return (...args: unknown[]): unknown => {
              if (property === 'appendAuditEvents') audits += 1;
              else if (WRITES.has(property as keyof StorageTransaction)) writes += 1;
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
        const result = await work(counted);
        if (writes > 0 && audits === 0) throw new Error(`a transaction made ${writes} write(s) without an audit event`);
        return result;
      }, options),
  };
}
