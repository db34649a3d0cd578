import type { StorageAdapter } from '../../storage/adapter.js';

/**
 * The matchers the suite uses, as vitest's (or jest's) `expect(...)` returns them. Typed
 * structurally so the suite's types need no vitest: vitest's own `expect` fits.
 */
export interface ConformanceAssertion {
  /** `Object.is` equality. */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
  /** Deep equality on the given properties. */
  toMatchObject(expected: object): void;
  /** A `length` of this value. */
  toHaveLength(length: number): void;
  /** `undefined`. */
  toBeUndefined(): void;
  /** Anything but `undefined`. */
  toBeDefined(): void;
  /** A string matching a pattern or holding a substring. */
  toMatch(expected: string | RegExp): void;
  /** An array or string holding the item. */
  toContain(item: unknown): void;
  /** The matchers on a promise that must reject. */
  readonly rejects: {
    /** Rejects with an error matching the message or pattern. */
    toThrow(expected?: string | RegExp): Promise<void>;
  };
}

/** vitest's (or jest's) `expect`, as far as the suite uses it. */
export interface ConformanceExpect {
  /** Starts an assertion on a value, with an optional message shown when it fails. */
  (actual: unknown, message?: string): ConformanceAssertion;
  /** Matches any value made by the constructor. */
  any(constructor: unknown): unknown;
}

/**
 * The parts of vitest the suite registers its tests with. Pass the module itself
 * (`import * as vitest from 'vitest'`): the suite neither imports vitest nor needs its types, so
 * `stocktake/testing/conformance` also loads and type-checks from CommonJS, where vitest cannot be
 * required.
 */
export interface ConformanceTestApi {
  /** vitest's `describe`. */
  readonly describe: (name: string, body: () => void) => void;
  /** vitest's `it`. */
  readonly it: (name: string, body: () => Promise<void> | void, timeout?: number) => void;
  /** vitest's `beforeEach`. */
  readonly beforeEach: (body: () => Promise<void> | void) => void;
  /** vitest's `expect`. */
  readonly expect: ConformanceExpect;
}

/** A stored movement as the raw reader sees it. */
export interface RawMovementRow {
  /** The movement id. */
  readonly id: string;
  /** Its store sequence. */
  readonly seq: number;
  /** Its kind. */
  readonly kind: string;
  /** The stored fingerprint. */
  readonly fingerprint: string;
  /** Business time as an ISO-8601 string (any offset). */
  readonly occurredAt: string;
  /** How many lines it has. */
  readonly lineCount: number;
}

/** A stored posting as the raw reader sees it. */
export interface RawPostingRow {
  /** The movement. */
  readonly movementId: string;
  /** The line within the movement. */
  readonly lineIndex: number;
  /** The item. */
  readonly sku: string;
  /** The location path. */
  readonly location: string;
  /** The lot, `null` when none. */
  readonly lot: string | null;
  /** The serial, `null` when none. */
  readonly serial: string | null;
  /** The signed change as a decimal string (any scale). */
  readonly delta: string;
  /** Business time as an ISO-8601 string (any offset). */
  readonly occurredAt: string;
}

/** A stored balance as the raw reader sees it. */
export interface RawBalanceRow {
  /** The item. */
  readonly sku: string;
  /** The location path. */
  readonly location: string;
  /** The lot, `null` when none. */
  readonly lot: string | null;
  /** The serial, `null` when none. */
  readonly serial: string | null;
  /** The quantity as a decimal string (any scale). */
  readonly qty: string;
  /** The per-key version. */
  readonly version: number;
}

/** A stored count session as the raw reader sees it. */
export interface RawSessionRow {
  /** The session id. */
  readonly id: string;
  /** The stored version. */
  readonly version: number;
  /** The stored state. */
  readonly state: string;
}

/** A stored count entry as the raw reader sees it. */
export interface RawEntryRow {
  /** The session. */
  readonly sessionId: string;
  /** The entry id. */
  readonly entryId: string;
  /** The per-session sequence. */
  readonly seq: number;
}

/** A stored audit event as the raw reader sees it. */
export interface RawAuditRow {
  /** Position in the log. */
  readonly seq: number;
  /** The previous event's hash. */
  readonly prevHash: string;
  /** The event's hash. */
  readonly hash: string;
}

/** One stored feed event, read behind the adapter's back. */
export interface RawFeedRow {
  /** The event's id. */
  readonly id: string;
  /** Its type. */
  readonly type: string;
}

/** How many records of each kind are stored. */
export interface RawRowCounts {
  readonly items: number;
  readonly locations: number;
  readonly custodianAssignments: number;
  readonly movements: number;
  readonly postings: number;
  readonly balances: number;
  readonly sessions: number;
  readonly snapshotLines: number;
  readonly entries: number;
  readonly locationMarks: number;
  readonly countRecords: number;
  readonly locationCountRecords: number;
  readonly postedLines: number;
  readonly exceptions: number;
  readonly auditEvents: number;
}

/**
 * Reads what an adapter stored without going through the adapter: for SQL adapters, plain
 * `SELECT`s of your own on the tables. Rows may come in any order; the suite sorts them.
 */
export interface StorageConformanceRaw {
  /** Every stored movement. */
  movements(): Promise<RawMovementRow[]>;
  /** Every stored posting. */
  postings(): Promise<RawPostingRow[]>;
  /** Every stored balance. */
  balances(): Promise<RawBalanceRow[]>;
  /** Every stored count session. */
  sessions(): Promise<RawSessionRow[]>;
  /** Every stored count entry. */
  entries(): Promise<RawEntryRow[]>;
  /** Every stored audit event. */
  auditEvents(): Promise<RawAuditRow[]>;
  /** Counts of every kind of record. */
  rowCounts(): Promise<RawRowCounts>;
  /** The stored feed events, in any order. Optional: the feed rules then check through the adapter only. */
  feedEvents?(): Promise<RawFeedRow[]>;
  /**
   * Tries to change and to delete a stored audit event behind the adapter's back; resolves with
   * what happened. A store that enforces an append-only log (e.g. with a trigger) reports
   * `rejected` for both. Omit it when the store has no way to refuse (the in-memory adapter).
   */
  tamperAuditEvent?(seq: number): Promise<{ readonly update: 'rejected' | 'applied'; readonly delete: 'rejected' | 'applied' }>;
}

/** Options of {@link runStorageConformance}. */
export interface StorageConformanceOptions {
  /** The test API to register with: `import * as vitest from 'vitest'`. */
  readonly vitest: ConformanceTestApi;
  /** Shown in the test names, e.g. `pglite`. */
  readonly name: string;
  /**
   * Returns the adapter under test. Called after every {@link StorageConformanceOptions.reset},
   * before each test and each property run; return a cheap new adapter over the same store, or
   * the same one.
   */
  readonly createStorage: () => StorageAdapter | Promise<StorageAdapter>;
  /** Empties the store (e.g. truncates the tables). Called before each test and each property run. */
  readonly reset: () => Promise<void>;
  /** Reads the store without the adapter. */
  readonly raw: StorageConformanceRaw;
  /**
   * Runs of each property test; 25 by default, raised (never lowered) by the environment variable
   * `STOCKTAKE_PROPERTY_RUNS`.
   */
  readonly propertyRuns?: number;
  /** Parallel transactions in the race tests; 8 by default. */
  readonly concurrency?: number;
  /**
   * Whether two read-write transactions can be open at once; true by default. Set it to false
   * for a store that runs one transaction at a time (PGlite): the write-scope rules then check
   * that every scope is accepted instead of which writers wait for which.
   */
  readonly parallelWriters?: boolean;
}
