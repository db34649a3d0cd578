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
  'deleteLocationMarks',
  'insertCountRecords',
  'insertLocationCountRecords',
  'insertPostedLines',
  'insertException',
  'updateException',
]);

/**
 * In-memory storage that fails any transaction which writes without appending an audit event.
 * The engine relies on it: the last audit event is the store's version (a kept review is
 * reused only while it is unchanged), so a write that skipped the chain could leave a stale review
 * in use. It also fails a call made while another of the same transaction is still running: a
 * PostgreSQL transaction is one connection, which runs one statement at a time. Tests run the
 * engine on it to check that every command keeps both rules.
 */
export function auditedStorage(inner: StorageAdapter = createMemoryStorage()): StorageAdapter {
  return {
    name: inner.name,
    transaction: (work, options) =>
      inner.transaction(async (tx) => {
        let writes = 0;
        let audits = 0;
        let running: string | undefined;
        const counted = new Proxy(tx, {
          get(target, property, receiver) {
            const value: unknown = Reflect.get(target, property, receiver);
            if (typeof value !== 'function') return value;
            return async (...args: unknown[]): Promise<unknown> => {
              if (running !== undefined) throw new Error(`${String(property)} was called while ${running} was still running`);
              if (property === 'appendAuditEvents') audits += 1;
              else if (WRITES.has(property as keyof StorageTransaction)) writes += 1;
              running = String(property);
              try {
                return await (value as (...a: unknown[]) => unknown).apply(target, args);
              } finally {
                running = undefined;
              }
            };
          },
        });
        const result = await work(counted);
        if (writes > 0 && audits === 0) throw new Error(`a transaction made ${writes} write(s) without an audit event`);
        return result;
      }, options),
  };
}
