/**
 * The storage interface every adapter implements: the in-memory default, PostgreSQL and PGlite.
 *
 * The engine decides; the adapter stores. An adapter never computes a balance from a movement or
 * checks a business rule: it reads what it is asked for, writes what it is given, and makes a
 * {@link StorageAdapter.transaction | transaction} all-or-nothing and isolated from concurrent
 * ones (serialisable, or with locks taken in key order).
 *
 * @module
 */
import type { AuditEvent } from '../audit/types.js';
import type { CustodianAssignment, Item, Location, UnitCost } from '../catalog/types.js';
import type {
  CountEntry,
  CountException,
  CountRecord,
  CountSession,
  CountState,
  LocationCountRecord,
  LocationMark,
  SnapshotLine,
} from '../count/types.js';
import type { ReviewLine } from '../count/review-types.js';
import type { StockKey } from '../ledger/key.js';
import type { Balance, BalanceFilter, Movement, MovementFilter, Posting, PostingFilter } from '../ledger/types.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type { FeedEvent, FeedEventWrite, FeedReadFilter } from '../feed/types.js';

/**
 * What a read-write transaction may write, so that writers of different warehouses run in
 * parallel: `{ partitions }` the partitions (warehouses) whose stock, count sessions and audit
 * chains it changes; `'catalog'` items, locations, custodians and unit costs; `'store'` anything
 * (it excludes every other writer). Partition names are non-empty strings.
 */
export type WriteScope = { readonly partitions: readonly string[] } | 'catalog' | 'store';

/** Options of a transaction. */
export interface StorageTransactionOptions {
  /** The transaction only reads; adapters may run it without write locks. */
  readonly readOnly?: boolean;
  /**
   * What a read-write transaction writes (see {@link WriteScope}); `'store'` when omitted, which
   * serialises it with every other writer. A transaction must write nothing outside its scope:
   * writers of other partitions run at the same time.
   */
  readonly scope?: WriteScope;
}

/** A storage backend. */
export interface StorageAdapter {
  /** A short name for messages and reports, e.g. `memory` or `postgres`. */
  readonly name: string;
  /**
   * Runs `work` in one transaction: everything it wrote is kept when it resolves and nothing when
   * it throws. An adapter may run `work` again after a serialisation conflict, so `work` must not
   * have effects outside the transaction.
   *
   * @param work - the reads and writes
   * @param options - read-only hint
   * @returns what `work` returned
   */
  transaction<T>(work: (tx: StorageTransaction) => Promise<T>, options?: StorageTransactionOptions): Promise<T>;
  /**
   * Optional: calls `onAppend` soon after a transaction that appended feed events commits, in this
   * process or (PostgreSQL, through `LISTEN/NOTIFY`) in any other. A follower of the feed waits on
   * it and polls as well, so a missed call only delays it; an adapter without it is polled.
   *
   * @param onAppend - called with no arguments, possibly more than once per commit
   * @returns resolves once listening, to a function that stops it
   */
  watchFeed?(onAppend: () => void): Promise<() => Promise<void>>;
}

/** The balances of keys about to change, read under a lock that lasts until the transaction ends. */
export interface LockedBalances {
  /** Current balance per key id; a key never posted to is absent (zero, version 0). */
  readonly byKeyId: ReadonlyMap<string, Balance>;
}

/** A movement ready to store, with its postings and the balances they produce. */
export interface MovementWrite {
  /** The movement, without its store sequence (the adapter assigns it). */
  readonly movement: Omit<Movement, 'seq'>;
  /** The postings of its lines, without the sequence. */
  readonly postings: ReadonlyArray<Omit<Posting, 'seq'>>;
  /** The new balance of every key the movement touches. */
  readonly balances: readonly Balance[];
  /**
   * Optional: the key id (`stockKeyId`) of each posting, in the order of `postings`, which
   * the engine computed once. An adapter may use them instead of computing them again, or ignore
   * them; when given, each equals `stockKeyId` of its posting's key.
   */
  readonly postingKeyIds?: readonly string[] | undefined;
  /** Optional: the key id of each balance, in the order of `balances` (see `postingKeyIds`). */
  readonly balanceKeyIds?: readonly string[] | undefined;
}

/** A key and how far back its postings are wanted: see {@link StorageTransaction.listPostingsFrom}. */
export interface PostingBound {
  readonly key: StockKey;
  /** Only the key's postings that happened at or after this time; every one of them when absent. */
  readonly occurredFrom?: Instant | undefined;
}

/** When a key last moved, as of an instant: see {@link StorageTransaction.lastMovementsAsOf}. */
export interface KeyLastMovement {
  readonly key: StockKey;
  /** Its latest posting dated at or before the instant other than a count adjustment; `null` when it has none. */
  readonly lastMovedAt: Instant | null;
  /** Its latest posting of any kind dated at or before the instant; `null` when it has none. */
  readonly lastPostedAt: Instant | null;
}

/** Narrows entry and location-mark queries to one location and/or one round. */
export interface EntryFilter {
  /** Only this location (exact path). */
  readonly location?: string | undefined;
  /** Only this round. */
  readonly round?: number | undefined;
  /** Only entries about this serial number of an item, at any location. */
  readonly serial?: { readonly sku: string; readonly serial: string } | undefined;
  /**
   * Only entries at one of these locations (exact paths). An adapter may ignore it and return
   * more: the engine filters again. `counts.recordMany` reads a batch's locations with it.
   */
  readonly locations?: readonly string[] | undefined;
  /**
   * Only entries about one of these serial numbers, at any location. An adapter may ignore it
   * and return more: the engine filters again.
   */
  readonly serials?: ReadonlyArray<{ readonly sku: string; readonly serial: string }> | undefined;
}

/**
 * Reads and writes inside one transaction. The engine awaits each call before it makes the next,
 * so an adapter over one connection never sees two statements at once.
 */
export interface StorageTransaction {
  /**
   * Optional: runs independent reads of this transaction together, in one round trip where the
   * store can (PostgreSQL folds the first statement of each read into one statement); resolves to
   * their results in order, exactly what running them one after the other gives. Each read gets a
   * transaction to read with; it must not write. A read's later statements (after its first
   * resolved) run on their own. Without it, {@link readTogether} runs the reads one at a time.
   *
   * @param reads - functions of a transaction, each resolving to one result
   * @returns the results, in the order of `reads`
   */
  readTogether?<T extends readonly unknown[]>(reads: { readonly [K in keyof T]: (tx: StorageTransaction) => Promise<T[K]> }): Promise<T>;

  /** The item with this sku. */
  getItem(sku: string): Promise<Item | undefined>;
  /** Items by sku; missing skus are absent from the map. */
  getItems(skus: readonly string[]): Promise<ReadonlyMap<string, Item>>;
  /** Every item, ordered by sku. */
  listItems(): Promise<Item[]>;
  /** Creates or replaces an item. */
  putItem(item: Item): Promise<void>;

  /** Appends an entry of an item's cost history; the adapter assigns `seq` (from 1, across items). */
  addUnitCost(cost: Omit<UnitCost, 'seq'>): Promise<UnitCost>;
  /** Cost history entries, of some skus or of every item, ordered by sku, then `from`, then `seq`. */
  listUnitCosts(filter?: { readonly skus?: readonly string[] | undefined }): Promise<UnitCost[]>;

  /** The location with this id. */
  getLocation(id: string): Promise<Location | undefined>;
  /** Locations by id; missing ids are absent from the map. */
  getLocations(ids: readonly string[]): Promise<ReadonlyMap<string, Location>>;
  /** Locations in a subtree (every location when omitted), ordered by id. */
  listLocations(subtree?: string): Promise<Location[]>;
  /** Creates or replaces a location. */
  putLocation(location: Location): Promise<void>;

  /** Appends a custodian assignment; the adapter assigns `seq`. */
  addCustodianAssignment(assignment: Omit<CustodianAssignment, 'seq'>): Promise<CustodianAssignment>;
  /** Every custodian assignment, in store order. */
  listCustodianAssignments(): Promise<CustodianAssignment[]>;

  /** The movement with this id. */
  getMovement(id: string): Promise<Movement | undefined>;
  /** Movements by id; missing ids are absent from the map. */
  getMovements(ids: readonly string[]): Promise<ReadonlyMap<string, Movement>>;
  /**
   * Reads the balances of keys and locks them until the transaction ends, taking the locks in
   * {@link compareStockKeys} order. `keyIds`, when the engine gives them, are the keys' ids
   * (`stockKeyId`) in the order of `keys`: an adapter may use them or ignore them.
   */
  lockBalances(keys: readonly StockKey[], keyIds?: readonly string[]): Promise<LockedBalances>;
  /**
   * Stores movements in order, each with its postings and new balances, and returns them with
   * their `seq` (increasing, unique in the store, after every movement committed before this
   * transaction began; gaps are allowed, e.g. after a rollback). When several writes set the balance
   * of one key, the last one stands. Posting a batch of movements stores them with one call.
   */
  appendMovements(writes: readonly MovementWrite[]): Promise<Movement[]>;
  /** Current balances, ordered by key id. */
  listBalances(filter: BalanceFilter): Promise<Balance[]>;
  /** The sum of a key's postings that happened at or before `asOf`. */
  quantityAsOf(key: StockKey, asOf: Instant): Promise<DecimalString>;
  /**
   * Optional, set-based: the balances `listBalances(filter)` selects, each with `qty` the sum of
   * its postings at or before `asOf` (`version` and `lastOccurredAt` stay the current ones), zero
   * quantities left out unless `filter.includeZero`; ordered by key id. An adapter without it is
   * asked {@link quantityAsOf} once per key.
   */
  balancesAsOf?(filter: BalanceFilter, asOf: Instant): Promise<Balance[]>;
  /** Movements in store order. */
  listMovements(filter: MovementFilter): Promise<Movement[]>;
  /** Postings in store order. */
  listPostings(filter: PostingFilter): Promise<Posting[]>;
  /**
   * Optional, bounded: the postings of some keys, each key's from its own business time on (at
   * or after its `occurredFrom`; all of them when it has none), in store order, one statement
   * whatever the number of keys. A key given twice is read from the earlier of its bounds. Count
   * attribution reads each key's history only back to its last posted count with it; an adapter
   * without it is asked {@link listPostings} for the keys' whole history, filtered afterwards.
   */
  listPostingsFrom?(bounds: readonly PostingBound[]): Promise<Posting[]>;
  /**
   * Optional, set-based: for every key `listBalances({ ...filter, includeZero: true })` selects,
   * when it last moved as of `asOf` (its latest posting dated at or before it, with and without
   * count adjustments), ordered by key id; one statement, reading about one posting per key
   * whatever the history. `metrics.compute` dates slow-moving and dead stock with it; an adapter
   * without it is asked {@link listPostings} for the postings that decide those dates.
   */
  lastMovementsAsOf?(filter: BalanceFilter, asOf: Instant): Promise<KeyLastMovement[]>;

  /** The count session with this id. */
  getSession(id: string): Promise<CountSession | undefined>;
  /** Stores a new session (its `version` is 1). */
  insertSession(session: CountSession): Promise<void>;
  /**
   * Replaces a session if its stored version is `expectedVersion`; the new session carries
   * `expectedVersion + 1`. Returns false, writing nothing, when the version differs.
   */
  updateSession(session: CountSession, expectedVersion: number): Promise<boolean>;
  /** Sessions, optionally only those in some states, ordered by `openedAt` then id. */
  listSessions(filter?: { readonly states?: readonly CountState[] | undefined }): Promise<CountSession[]>;

  /** Stores the book snapshot of a session (once, at opening). */
  insertSnapshot(sessionId: string, lines: readonly SnapshotLine[]): Promise<void>;
  /** A session's snapshot, ordered by key id. */
  listSnapshot(sessionId: string): Promise<SnapshotLine[]>;

  /** The entry with this id in a session. */
  getEntry(sessionId: string, entryId: string): Promise<CountEntry | undefined>;
  /** Appends an entry; the adapter assigns `seq` (per session, from 1). */
  insertEntry(entry: Omit<CountEntry, 'seq'>): Promise<CountEntry>;
  /**
   * Optional, batched: entries of a session by id, one statement whatever their number; missing
   * ids are absent from the map. An adapter without it is asked {@link getEntry} once per id.
   */
  getEntries?(sessionId: string, entryIds: readonly string[]): Promise<ReadonlyMap<string, CountEntry>>;
  /**
   * Optional, batched: appends entries of one session in order, as {@link insertEntry} would one
   * after the other (consecutive `seq`), in a bounded number of statements. An adapter without
   * it is asked {@link insertEntry} once per entry.
   */
  insertEntries?(entries: ReadonlyArray<Omit<CountEntry, 'seq'>>): Promise<CountEntry[]>;
  /**
   * A session's entries in store order; with a filter, only those about a location (voiding and
   * accepting entries carry their target's key) or of a round.
   */
  listEntries(sessionId: string, filter?: EntryFilter): Promise<CountEntry[]>;

  /** Appends a location mark. */
  insertLocationMark(mark: LocationMark): Promise<void>;
  /** A session's location marks in store order; with a filter, only those of a location or a round. */
  listLocationMarks(sessionId: string, filter?: EntryFilter): Promise<LocationMark[]>;
  /**
   * Removes the marks of a location in one round of a session (a supervisor reopened it); the
   * other marks keep their order. Returns how many marks were removed (0 when there were none).
   */
  deleteLocationMarks(sessionId: string, location: string, round: number): Promise<number>;

  /** Appends the results of a posted count. */
  insertCountRecords(records: readonly CountRecord[]): Promise<void>;
  /** Count records, optionally of some keys or counted in a time range, ordered by `countedAt`, then store order. */
  listCountRecords(filter?: {
    readonly keys?: readonly StockKey[] | undefined;
    readonly countedFrom?: Instant | undefined;
    readonly countedTo?: Instant | undefined;
  }): Promise<CountRecord[]>;

  /** Appends the completed locations of a posted count. */
  insertLocationCountRecords(records: readonly LocationCountRecord[]): Promise<void>;
  /** Location count records at some locations (exact paths), ordered by `countedAt`. */
  listLocationCountRecords(filter: { readonly locations: readonly string[] }): Promise<LocationCountRecord[]>;

  /** Stores the review lines a session posted (once, when it posts): its figures for good. */
  insertPostedLines(sessionId: string, lines: readonly ReviewLine[]): Promise<void>;
  /** The review lines a session posted, in the order stored; empty when it has not posted. */
  listPostedLines(sessionId: string): Promise<ReviewLine[]>;

  /** Stores a new post-count exception. */
  insertException(exception: CountException): Promise<void>;
  /** Replaces an exception (to resolve it). */
  updateException(exception: CountException): Promise<void>;
  /** Exceptions, optionally only open or resolved ones, ordered by `raisedAt` then id. */
  listExceptions(filter?: { readonly status?: CountException['status'] | undefined }): Promise<CountException[]>;

  /**
   * The last audit event of a chain (see {@link AuditEvent.chain}; the store chain when omitted),
   * deeply frozen (see {@link StorageTransaction.listAuditEvents}), or `undefined` for an empty chain.
   */
  lastAuditEvent(chain?: string): Promise<AuditEvent | undefined>;
  /** The last event of every chain that has one, ordered by chain (the store chain first). */
  auditChainHeads(): Promise<AuditEvent[]>;
  /**
   * Takes `count` audit sequence numbers: increasing, never given twice, larger than every number
   * taken before (gaps are allowed: a rolled-back transaction does not give its numbers back).
   */
  reserveAuditSeqs(count: number): Promise<number[]>;
  /**
   * Appends audit events of one chain in order. The first must link to the chain's last stored
   * event (its `prevHash` is that event's hash, or 64 zeros for an empty chain, and its `seq` is
   * larger), and each next one to the one before it; else nothing is appended and the call
   * rejects (an adapter that sends the append with the transaction's next statement, as the
   * PostgreSQL one does, rejects that statement instead, and so the transaction). Changing the given objects afterwards must not change the log: the engine hands over
   * deeply frozen events, which an adapter may keep as they are; anything else it copies.
   */
  appendAuditEvents(events: readonly AuditEvent[]): Promise<void>;
  /**
   * Audit events of every chain in `seq` order, from `afterSeq + 1`, at most `limit`. Each deeply
   * frozen (`data` included) and never an object the adapter changes later, so nothing a reader
   * does to what it got changes the log.
   */
  listAuditEvents(filter?: { readonly afterSeq?: number | undefined; readonly limit?: number | undefined }): Promise<AuditEvent[]>;

  /**
   * Appends events to the feed (the transactional outbox), in order, kept or dropped with the rest
   * of the transaction. Each event's `id` is new (the engine makes a UUID).
   */
  appendFeedEvents(events: readonly FeedEventWrite[]): Promise<void>;
  /**
   * Committed feed events after `filter.after`, in feed order, at most `filter.limit`. Feed order
   * is stable: an event is never returned before one a previous read already passed, so a reader
   * that resumes from the last cursor it saw never misses an event. Throws `StocktakeError`
   * `invalid_cursor` (path `['after']`) for a cursor this feed never gave.
   */
  readFeed(filter: FeedReadFilter): Promise<FeedEvent[]>;
  /**
   * The cursor of the last event {@link StorageTransaction.readFeed} can return now, or `undefined`
   * for an empty feed: where to start following to get only what commits from now on.
   */
  lastFeedCursor(): Promise<string | undefined>;
}
