import { isWithin } from '../../catalog/location-path.js';
import { deepFreeze } from '../../freeze.js';
import { FeedNotifier, memoryFeedStatements } from './feed.js';
import type { UnitCost } from '../../catalog/types.js';
import type { CountEntry, LocationMark } from '../../count/types.js';
import { stockKeyId, type StockKey } from '../../ledger/key.js';
import type { Balance, Movement, Posting } from '../../ledger/types.js';
import type { Instant } from '../../time.js';
import type { LockedBalances, MovementWrite, StorageAdapter, StorageTransaction } from '../adapter.js';
import { entryPredicate } from '../entry-filter.js';
import { GENESIS_HASH } from '../../audit/hash.js';
import { resolveWriteScope } from '../scope.js';
import { widestBounds } from '../posting-bounds.js';
import { MemoryLocks } from './locks.js';
import { KeyPostings } from './postings.js';
import { compareText, entryCandidates, filterMovements, filterPostings, firstAfter, matchesBalance, pick, removeValue, removeWhere, serialEntriesKey, sumUntil } from './queries.js';
import { emptyMemoryState, type MemoryState } from './state.js';

/** Options of {@link createMemoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Called at the start of every write of a transaction; throwing from it simulates a storage
   * fault at that point (the transaction rolls back). For fault-injection tests.
   */
  readonly onWrite?: (operation: string) => void;
}

/**
 * The in-memory storage adapter, the default of `createStocktake`. Transactions roll back by
 * replaying an undo log, so a failed transaction leaves no trace. Writers take the locks of their
 * write scope (see `StorageTransactionOptions.scope`): writers of different partitions run at the
 * same time, writers of one partition one at a time, a store writer alone; a read-only
 * transaction has no snapshot to read from here, so it runs alone too.
 *
 * @param options - fault-injection hook
 * @returns a storage adapter holding its data in this process
 * @example
 * ```ts
 * const st = createStocktake({ storage: createMemoryStorage() });
 * ```
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): StorageAdapter {
  const state = emptyMemoryState();

  const locks = new MemoryLocks();
  const feedNotifier = new FeedNotifier();
  return {
    name: 'memory',
    async transaction(work, txOptions = {}) {
      const release = await locks.acquire(txOptions.readOnly === true ? 'read' : resolveWriteScope(txOptions.scope));
      const undo: Array<() => void> = [];
      const feedLength = state.feed.length;
      let result;
      try {
        result = await work(memoryTransaction(state, undo, options.onWrite));
      } catch (error) {
        // Concurrent writers of other partitions changed other keys, lists and maps meanwhile:
        // every undo step removes or restores exactly what this transaction wrote.
        for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
        throw error;
      } finally {
        release();
      }
      // Feed positions stay stable: a reader runs alone (see the locks), so it only ever sees
      // committed records, and a rolled-back writer's records lie after all of those. Another
      // writer's append may wake the listeners too: a spare wake-up reads nothing new.
      if (state.feed.length > feedLength) feedNotifier.notify();
      return result;
    },
    watchFeed: (onAppend) => feedNotifier.watch(onAppend),
  };
}

function memoryTransaction(
  state: MemoryState,
  undo: Array<() => void>,
  onWrite: ((operation: string) => void) | undefined,
): StorageTransaction {
  // Every record is frozen as it is stored: reads hand out the stored objects themselves, so a
  // caller that changed one would otherwise change the store (a movement's date, a balance).
  const setEntry = <K, V>(map: Map<K, V>, key: K, value: V): void => {
    const previous = map.get(key);
    const had = previous !== undefined || map.has(key);
    map.set(key, deepFreeze(value));
    undo.push(() => (had ? map.set(key, previous as V) : map.delete(key)));
  };
  const push = <V>(list: V[], value: V): void => {
    list.push(deepFreeze(value));
    undo.push(() => removeValue(list, value));
  };
  /** Inserts into a list kept in `seq` order; a writer that took a lower number may store it later. */
  const insertBySeq = <V extends { readonly seq: number }>(list: V[], value: V): void => {
    let index = list.length;
    while (index > 0 && list[index - 1]!.seq > value.seq) index--;
    list.splice(index, 0, deepFreeze(value));
    undo.push(() => removeValue(list, value));
  };
  const write = (operation: string): void => onWrite?.(operation);
  const indexSerial = (key: StockKey, id: string): void => {
    const serial = `${key.sku}\u001f${key.serial ?? ''}`;
    let ids = state.serialKeys.get(serial);
    // Not undone: another partition's writer may share the set; an empty one is harmless.
    if (!ids) state.serialKeys.set(serial, (ids = new Set()));
    ids.add(id);
    undo.push(() => void ids.delete(id));
  };
  const appendTo = <V>(map: Map<string, V[]>, key: string, value: V): void => {
    let list = map.get(key);
    // The list itself is not undone: a concurrent writer may have appended to it meanwhile.
    if (!list) map.set(key, (list = []));
    push(list, value);
  };
  /** Appends an entry with the session's next `seq` and indexes it. */
  const storeEntry = (entry: Omit<CountEntry, 'seq'>): CountEntry => {
    const stored: CountEntry = { seq: (state.entries.get(entry.sessionId)?.length ?? 0) + 1, ...entry };
    appendTo(state.entries, entry.sessionId, stored);
    if (stored.key) appendTo(state.entriesByLocation, `${stored.sessionId}\u0000${stored.key.location}`, stored);
    if (stored.key?.serial !== undefined) appendTo(state.entriesBySerial, serialEntriesKey(stored.sessionId, stored.key.sku, stored.key.serial), stored);
    setEntry(state.entriesById, `${entry.sessionId}\u001f${entry.entryId}`, stored);
    return stored;
  };

  return {
    getItem: async (sku) => state.items.get(sku),
    getItems: async (skus) => pick(state.items, skus),
    listItems: async () => [...state.items.values()].sort((a, b) => compareText(a.sku, b.sku)),
    putItem: async (item) => {
      write('putItem');
      setEntry(state.items, item.sku, item);
    },

    addUnitCost: async (cost) => {
      write('addUnitCost');
      const stored: UnitCost = { ...cost, seq: state.unitCosts.length + 1 };
      push(state.unitCosts, stored);
      return stored;
    },
    listUnitCosts: async (filter = {}) => {
      const skus = filter.skus === undefined ? undefined : new Set(filter.skus);
      return state.unitCosts
        .filter((cost) => skus === undefined || skus.has(cost.sku))
        .sort((a, b) => compareText(a.sku, b.sku) || compareText(a.from, b.from) || a.seq - b.seq);
    },

    getLocation: async (id) => state.locations.get(id),
    getLocations: async (ids) => pick(state.locations, ids),
    listLocations: async (subtree) =>
      [...state.locations.values()]
        .filter((location) => subtree === undefined || isWithin(location.id, subtree))
        .sort((a, b) => compareText(a.id, b.id)),
    putLocation: async (location) => {
      write('putLocation');
      setEntry(state.locations, location.id, location);
    },

    addCustodianAssignment: async (assignment) => {
      write('addCustodianAssignment');
      const stored = { seq: state.custodians.length + 1, ...assignment };
      push(state.custodians, stored);
      return stored;
    },
    listCustodianAssignments: async () => [...state.custodians],

    getMovement: async (id) => state.movementsById.get(id),
    getMovements: async (ids) => pick(state.movementsById, ids),
    lockBalances: async (keys, keyIds): Promise<LockedBalances> => {
      const byKeyId = new Map<string, Balance>();
      for (const [index, key] of keys.entries()) {
        const id = keyIds?.[index] ?? stockKeyId(key);
        const balance = state.balances.get(id);
        if (balance) byKeyId.set(id, balance);
      }
      return { byKeyId };
    },
    appendMovements: async (writes: readonly MovementWrite[]) =>
      writes.map(({ movement, postings, balances, postingKeyIds, balanceKeyIds }) => {
        write('appendMovement');
        const seq = state.nextMovementSeq++;
        // The added field first: on Node 20, `{ ...movement, seq }` gives every stored record a
        // hidden class of its own (more memory, and megamorphic reads of every record).
        const stored: Movement = { seq, ...movement };
        insertBySeq(state.movements, stored);
        setEntry(state.movementsById, stored.id, stored);
        for (const [index, posting] of postings.entries()) {
          const id = postingKeyIds?.[index] ?? stockKeyId(posting.key);
          let list = state.postingsByKey.get(id);
          // The list itself is not undone: a concurrent writer may have appended to it meanwhile.
          if (!list) state.postingsByKey.set(id, (list = new KeyPostings(posting.key)));
          undo.push(list.append(stored, posting));
        }
        write('putBalances');
        for (const [index, balance] of balances.entries()) {
          const id = balanceKeyIds?.[index] ?? stockKeyId(balance.key);
          if (balance.key.serial !== undefined && !state.balances.has(id)) indexSerial(balance.key, id);
          setEntry(state.balances, id, balance);
        }
        return stored;
      }),
    listBalances: async (filter) => {
      const entries: Array<[string, Balance]> =
        filter.sku !== undefined && filter.serial !== undefined
          ? [...(state.serialKeys.get(`${filter.sku}\u001f${filter.serial}`) ?? [])].map((id) => [id, state.balances.get(id)!])
          : [...state.balances.entries()];
      return entries
        .filter(([, balance]) => matchesBalance(balance, filter))
        .sort(([a], [b]) => compareText(a, b))
        .map(([, balance]) => balance);
    },
    quantityAsOf: async (key, asOf) => sumUntil(state.postingsByKey.get(stockKeyId(key)), asOf),
    listMovements: async (filter) => filterMovements(state.movements, filter),
    listPostings: async (filter) => filterPostings(state, filter),
    lastMovementsAsOf: async (filter, asOf) =>
      [...state.balances.entries()]
        .filter(([, balance]) => matchesBalance(balance, { ...filter, includeZero: true }))
        .sort(([a], [b]) => compareText(a, b))
        .map(([id, balance]) => {
          let lastMovedAt: Instant | null = null;
          let lastPostedAt: Instant | null = null;
          const postings = state.postingsByKey.get(id);
          for (let index = 0; index < (postings?.length ?? 0); index++) {
            const occurredAt = postings!.occurredAt(index);
            if (occurredAt > asOf) continue;
            if (lastPostedAt === null || occurredAt > lastPostedAt) lastPostedAt = occurredAt;
            if (postings!.kind(index) !== 'count_adjustment' && (lastMovedAt === null || occurredAt > lastMovedAt)) lastMovedAt = occurredAt;
          }
          return { key: balance.key, lastMovedAt, lastPostedAt };
        }),
    listPostingsFrom: async (bounds) => {
      const result: Posting[] = [];
      for (const [id, { occurredFrom }] of widestBounds(bounds)) {
        const postings = state.postingsByKey.get(id);
        for (let index = 0; index < (postings?.length ?? 0); index++) {
          if (occurredFrom === undefined || postings!.occurredAt(index) >= occurredFrom) result.push(postings!.at(index));
        }
      }
      return result.sort((a, b) => a.seq - b.seq || a.lineIndex - b.lineIndex);
    },

    getSession: async (id) => state.sessions.get(id),
    insertSession: async (session) => {
      write('insertSession');
      if (state.sessions.has(session.id)) throw new Error(`Session ${session.id} exists`);
      setEntry(state.sessions, session.id, session);
    },
    updateSession: async (session, expectedVersion) => {
      write('updateSession');
      if (state.sessions.get(session.id)?.version !== expectedVersion) return false;
      setEntry(state.sessions, session.id, { ...session, version: expectedVersion + 1 });
      return true;
    },
    listSessions: async (filter = {}) =>
      [...state.sessions.values()]
        .filter((session) => filter.states === undefined || filter.states.includes(session.state))
        .sort((a, b) => compareText(a.openedAt, b.openedAt) || compareText(a.id, b.id)),

    insertSnapshot: async (sessionId, lines) => {
      write('insertSnapshot');
      setEntry(state.snapshots, sessionId, [...lines].sort((a, b) => compareText(stockKeyId(a.key), stockKeyId(b.key))));
    },
    listSnapshot: async (sessionId) => [...(state.snapshots.get(sessionId) ?? [])],

    getEntry: async (sessionId, entryId) => state.entriesById.get(`${sessionId}\u001f${entryId}`),
    getEntries: async (sessionId, entryIds) => pick(state.entriesById, entryIds.map((id) => `${sessionId}\u001f${id}`), (id) => id.slice(sessionId.length + 1)),
    insertEntry: async (entry) => {
      write('insertEntry');
      return storeEntry(entry);
    },
    // One write per entry, so a fault injected at the third entry fails a batch in its middle.
    insertEntries: async (entries) =>
      entries.map((entry) => {
        write('insertEntry');
        return storeEntry(entry);
      }),
    listEntries: async (sessionId, filter = {}) => entryCandidates(state, sessionId, filter).filter(entryPredicate(filter)),

    insertLocationMark: async (mark) => {
      write('insertLocationMark');
      appendTo(state.marksBySession, mark.sessionId, mark);
      appendTo(state.marksByLocation, `${mark.sessionId}\u0000${mark.location}`, mark);
    },
    deleteLocationMarks: async (sessionId, location, round) => {
      write('deleteLocationMarks');
      const matches = (mark: LocationMark): boolean => mark.sessionId === sessionId && mark.location === location && mark.round === round;
      const removed = removeWhere(state.marksBySession.get(sessionId) ?? [], matches, undo);
      const byLocation = state.marksByLocation.get(`${sessionId}\u0000${location}`);
      if (byLocation) removeWhere(byLocation, matches, undo);
      return removed;
    },
    listLocationMarks: async (sessionId, filter = {}) =>
      ((filter.location === undefined ? state.marksBySession.get(sessionId) : state.marksByLocation.get(`${sessionId}\u0000${filter.location}`)) ?? []).filter(
        (mark) =>
          mark.sessionId === sessionId &&
          (filter.location === undefined || mark.location === filter.location) &&
          (filter.round === undefined || mark.round === filter.round),
      ),

    insertCountRecords: async (records) => {
      write('insertCountRecords');
      for (const record of records) {
        setEntry(state.countRecordPositions, record, state.nextCountRecordPosition++);
        push(state.countRecords, record);
        appendTo(state.countRecordsByKey, stockKeyId(record.key), record);
      }
    },
    listCountRecords: async (filter = {}) => {
      const candidates = filter.keys
        ? [...new Set(filter.keys.map(stockKeyId))].flatMap((id) => state.countRecordsByKey.get(id) ?? [])
        : state.countRecords;
      return candidates
        .filter(
          (record) =>
            (filter.countedFrom === undefined || record.countedAt >= filter.countedFrom) &&
            (filter.countedTo === undefined || record.countedAt <= filter.countedTo),
        )
        .sort(
          (a, b) =>
            compareText(a.countedAt, b.countedAt) || state.countRecordPositions.get(a)! - state.countRecordPositions.get(b)!,
        );
    },

    insertLocationCountRecords: async (records) => {
      write('insertLocationCountRecords');
      for (const record of records) appendTo(state.locationRecords, record.location, record);
    },
    listLocationCountRecords: async (filter) =>
      [...new Set(filter.locations)]
        .flatMap((location) => state.locationRecords.get(location) ?? [])
        .sort((a, b) => compareText(a.countedAt, b.countedAt)),

    insertPostedLines: async (sessionId, lines) => {
      write('insertPostedLines');
      setEntry(state.postedLines, sessionId, [...lines]);
    },
    listPostedLines: async (sessionId) => [...(state.postedLines.get(sessionId) ?? [])],

    insertException: async (exception) => {
      write('insertException');
      setEntry(state.exceptions, exception.id, exception);
    },
    updateException: async (exception) => {
      write('updateException');
      setEntry(state.exceptions, exception.id, exception);
    },
    listExceptions: async (filter = {}) =>
      [...state.exceptions.values()]
        .filter((exception) => filter.status === undefined || exception.status === filter.status)
        .sort((a, b) => compareText(a.raisedAt, b.raisedAt) || compareText(a.id, b.id)),

    lastAuditEvent: async (chain) => state.auditHeads.get(chain ?? ''),
    auditChainHeads: async () => [...state.auditHeads.entries()].sort(([a], [b]) => compareText(a, b)).map(([, event]) => event),
    reserveAuditSeqs: async (count) => Array.from({ length: count }, () => state.nextAuditSeq++),
    appendAuditEvents: async (events) => {
      write('appendAuditEvent');
      if (events.length === 0) return;
      const chain = events[0]!.chain ?? '';
      let previous = state.auditHeads.get(chain);
      for (const event of events) {
        if ((event.chain ?? '') !== chain) throw new Error(`Audit events of one call belong to one chain (${event.seq} does not)`);
        if (event.prevHash !== (previous?.hash ?? GENESIS_HASH) || event.seq <= (previous?.seq ?? 0)) {
          throw new Error(`Audit event ${event.seq} does not follow the last event of its chain (${previous?.seq ?? 'none'})`);
        }
        previous = event;
      }
      // The engine hands over frozen events, kept as they are; anything else is copied and frozen, so
      // neither the caller's objects nor what reads return can change the log.
      for (const event of events) {
        const stored = Object.isFrozen(event) ? event : deepFreeze(structuredClone(event));
        insertBySeq(state.audit, stored);
        setEntry(state.auditHeads, chain, stored);
      }
      state.nextAuditSeq = Math.max(state.nextAuditSeq, previous!.seq + 1);
    },
    listAuditEvents: async (filter = {}) => {
      const start = firstAfter(state.audit, filter.afterSeq ?? 0);
      return state.audit.slice(start, filter.limit === undefined ? undefined : start + filter.limit);
    },
    ...memoryFeedStatements(state.feed, push, write),
  };
}
