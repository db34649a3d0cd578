/**
 * What the in-memory adapter holds, and an empty store.
 *
 * @internal
 * @module
 */
import type { AuditEvent } from '../../audit/types.js';
import type { CustodianAssignment, Item, Location, UnitCost } from '../../catalog/types.js';
import type { CountEntry, CountException, CountRecord, CountSession, LocationCountRecord, LocationMark, SnapshotLine } from '../../count/types.js';
import type { ReviewLine } from '../../count/review-types.js';
import type { Balance, Movement } from '../../ledger/types.js';
import type { KeyPostings } from './postings.js';
import type { MemoryFeedRecord } from './feed.js';

/** Everything the in-memory adapter holds. @internal */
export interface MemoryState {
  items: Map<string, Item>;
  locations: Map<string, Location>;
  unitCosts: UnitCost[];
  custodians: CustodianAssignment[];
  movements: Movement[];
  movementsById: Map<string, Movement>;
  /** Postings by key id, kept compactly (see {@link KeyPostings}). */
  postingsByKey: Map<string, KeyPostings>;
  balances: Map<string, Balance>;
  /** Key ids by item and serial number, so the keys that ever held a serial are found without a scan. */
  serialKeys: Map<string, Set<string>>;
  sessions: Map<string, CountSession>;
  snapshots: Map<string, SnapshotLine[]>;
  entries: Map<string, CountEntry[]>;
  entriesById: Map<string, CountEntry>;
  /** Entries by session and location, so per-location lookups stay constant-time. */
  entriesByLocation: Map<string, CountEntry[]>;
  /** Entries by session, item and serial number, so a serial's entries are found without a scan. */
  entriesBySerial: Map<string, CountEntry[]>;
  /** Location marks by session, in store order. */
  marksBySession: Map<string, LocationMark[]>;
  marksByLocation: Map<string, LocationMark[]>;
  countRecords: CountRecord[];
  /** Count records by key id: every ledger post asks for the records of the keys it touches. */
  countRecordsByKey: Map<string, CountRecord[]>;
  /** Each record's position in store order, which breaks ties of `countedAt`. */
  countRecordPositions: Map<CountRecord, number>;
  /** The next position of a count record (never reused, so concurrent writers never share one). */
  nextCountRecordPosition: number;
  /** The next movement sequence number (a rolled-back writer leaves a gap, like a database sequence). */
  nextMovementSeq: number;
  /** The next audit sequence number. */
  nextAuditSeq: number;
  /** The last event of each audit chain, by chain name (`''` for the store chain). */
  auditHeads: Map<string, AuditEvent>;
  /** Location count records by location, in store order. */
  locationRecords: Map<string, LocationCountRecord[]>;
  postedLines: Map<string, readonly ReviewLine[]>;
  exceptions: Map<string, CountException>;
  audit: AuditEvent[];
  /** The event feed, in commit order. */
  feed: MemoryFeedRecord[];
}

/** A store holding nothing. @internal */
export function emptyMemoryState(): MemoryState {
  return {
    items: new Map(),
    locations: new Map(),
    unitCosts: [],
    custodians: [],
    movements: [],
    movementsById: new Map(),
    postingsByKey: new Map(),
    balances: new Map(),
    serialKeys: new Map(),
    sessions: new Map(),
    snapshots: new Map(),
    entries: new Map(),
    entriesById: new Map(),
    entriesByLocation: new Map(),
    entriesBySerial: new Map(),
    marksBySession: new Map(),
    marksByLocation: new Map(),
    countRecords: [],
    countRecordsByKey: new Map(),
    countRecordPositions: new Map(),
    nextCountRecordPosition: 0,
    nextMovementSeq: 1,
    nextAuditSeq: 1,
    auditHeads: new Map(),
    locationRecords: new Map(),
    postedLines: new Map(),
    exceptions: new Map(),
    audit: [],
    feed: [],
  };
}
