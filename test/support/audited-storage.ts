import { createMemoryStorage } from '../../src/index.js';
import type { CountSession } from '../../src/count/types.js';
import type { MovementWrite, StorageAdapter, StorageTransaction, WriteScope } from '../../src/storage/adapter.js';

const WRITES = new Set<keyof StorageTransaction>([
  'putItem',
  'addUnitCost',
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

const CATALOG_WRITES = new Set(['putItem', 'putLocation', 'addCustodianAssignment', 'addUnitCost']);

/** The locations a write touches, for the write-scope check (only those of partitioned data). */
function locationsOf(property: string, args: readonly unknown[]): string[] {
  type Keyed = { key?: { location: string } | undefined };
  const arg = args[0] as never;
  switch (property) {
    case 'appendMovements':
      return (arg as MovementWrite[]).flatMap((w) => [...w.postings.map((p) => p.key.location), ...w.balances.map((b) => b.key.location)]);
    case 'insertEntry':
      return (arg as Keyed).key ? [(arg as Keyed).key!.location] : [];
    case 'insertEntries':
      return (arg as Keyed[]).flatMap((entry) => (entry.key ? [entry.key.location] : []));
    case 'insertLocationMark':
      return [(arg as { location: string }).location];
    case 'deleteLocationMarks':
      return [args[1] as string];
    case 'insertCountRecords':
      return (arg as Array<{ key: { location: string } }>).map((r) => r.key.location);
    case 'insertLocationCountRecords':
      return (arg as Array<{ location: string }>).map((r) => r.location);
    case 'insertSnapshot':
      return (args[1] as Array<{ key: { location: string } }>).map((l) => l.key.location);
    case 'insertSession':
    case 'updateSession':
      return [...(arg as CountSession).scope.locations];
    case 'insertException':
      return (arg as { keys: Array<{ location: string }> }).keys.map((k) => k.location);
    default:
      return [];
  }
}

/**
 * What a write does outside its transaction's write scope (partitions by the first segment of
 * the path, the engine's default), or `undefined`: writers of other partitions run at the same
 * time, so the engine must compute each command's scope to cover everything it writes.
 */
function outsideScope(scope: WriteScope | undefined, property: string, args: readonly unknown[]): string | undefined {
  if (property === 'appendAuditEvents') {
    // The chain of the scope: its first partition in sorted order, else the store chain.
    const chain = typeof scope === 'object' && scope.partitions.length > 0 ? [...scope.partitions].sort()[0] : undefined;
    const wrong = (args[0] as Array<{ chain?: string }>).find((event) => event.chain !== chain);
    return wrong === undefined ? undefined : `an audit event of chain ${String(wrong.chain)}`;
  }
  if (scope === undefined || scope === 'store' || !(WRITES.has(property as keyof StorageTransaction) || property === 'insertEntries')) return undefined;
  if (scope === 'catalog') return CATALOG_WRITES.has(property) ? undefined : 'partitioned data';
  if (CATALOG_WRITES.has(property)) return 'the catalog';
  return locationsOf(property, args).find((location) => !scope.partitions.includes(location.split('/')[0]!));
}

/**
 * In-memory storage that fails any transaction which writes without appending an audit event,
 * or writes outside its write scope.
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
              const outside = outsideScope(options?.scope, String(property), args);
              if (outside !== undefined) throw new Error(`${String(property)} wrote ${outside}, outside the transaction's scope ${JSON.stringify(options?.scope)}`);
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
