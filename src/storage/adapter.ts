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
import type { CustodianAssignment, Item, Location } from '../catalog/types.js';
import type { StockKey } from '../ledger/key.js';
import type { Balance, BalanceFilter, Movement, MovementFilter, Posting, PostingFilter } from '../ledger/types.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';

/** Options of a transaction. */
export interface StorageTransactionOptions {
  /** The transaction only reads; adapters may run it without write locks. */
  readonly readOnly?: boolean;
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
}

/** Reads and writes inside one transaction. */
export interface StorageTransaction {
  /** The item with this sku. */
  getItem(sku: string): Promise<Item | undefined>;
  /** Items by sku; missing skus are absent from the map. */
  getItems(skus: readonly string[]): Promise<ReadonlyMap<string, Item>>;
  /** Every item, ordered by sku. */
  listItems(): Promise<Item[]>;
  /** Creates or replaces an item. */
  putItem(item: Item): Promise<void>;

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
  /**
   * Reads the balances of keys and locks them until the transaction ends, taking the locks in
   * {@link compareStockKeys} order.
   */
  lockBalances(keys: readonly StockKey[]): Promise<LockedBalances>;
  /** Stores a movement, its postings and the new balances; returns the movement with its `seq`. */
  appendMovement(write: MovementWrite): Promise<Movement>;
  /** Current balances, ordered by key id. */
  listBalances(filter: BalanceFilter): Promise<Balance[]>;
  /** The sum of a key's postings that happened at or before `asOf`. */
  quantityAsOf(key: StockKey, asOf: Instant): Promise<DecimalString>;
  /** Movements in store order. */
  listMovements(filter: MovementFilter): Promise<Movement[]>;
  /** Postings in store order. */
  listPostings(filter: PostingFilter): Promise<Posting[]>;
}
