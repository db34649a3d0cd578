/**
 * A batch's view of the transaction for `counts.recordMany`: what checking its entries reads,
 * loaded with a handful of statements for the whole batch, plus the entries the batch accepted so
 * far, so entry N is checked against entries 1..N-1 exactly as if each had been recorded alone.
 *
 * @internal
 * @module
 */
import type { Item, Location } from '../../catalog/types.js';
import type { EntryFilter, StorageTransaction } from '../../storage/adapter.js';
import { serialId } from '../../ledger/history.js';
import { entryPredicate } from '../../storage/entry-filter.js';
import type { CountEntry, CountSession, LocationMark } from '../types.js';
import { entryKeyOf, type EntryReads, type ParsedRecordEntry } from './recording.js';

/** An entry the batch accepted, not stored yet: it gets its `seq` when the batch is written. */
export type PendingEntry = Omit<CountEntry, 'seq'>;

/** What a batch loaded for its entries, once. */
interface LoadedReads {
  /** The entry ids asked for: one among them that `stored` lacks is not stored. */
  readonly ids: ReadonlySet<string>;
  readonly stored: ReadonlyMap<string, CountEntry>;
  readonly items: ReadonlyMap<string, Item>;
  readonly locations: ReadonlyMap<string, Location>;
  /** The round's location marks. */
  readonly marks: readonly LocationMark[];
  /** The round's stored entries at the batch's locations and about its serials, in store order. */
  readonly roundEntries: readonly CountEntry[];
  /** The locations and the serials (`serialId`) whose entries of the round `roundEntries` holds. */
  readonly entryLocations: ReadonlySet<string>;
  readonly serials: ReadonlySet<string>;
}

/**
 * The reads of a batch of entries of one session's current round. Reads it did not load (another
 * round, another location) go to the transaction, with the batch's pending entries added.
 *
 * @internal
 */
export class EntryBatch implements EntryReads {
  /** The entries accepted so far, in order. */
  readonly pending: PendingEntry[] = [];
  private readonly pendingById = new Map<string, PendingEntry>();

  private constructor(
    private readonly tx: StorageTransaction,
    private readonly session: CountSession,
    private readonly loaded: LoadedReads,
  ) {}

  /**
   * Loads what checking `entries` reads: the entries with their ids, their items and locations,
   * the round's location marks, and the round's entries at their locations and about their
   * serials. One statement each on an adapter with the batched reads.
   */
  static async load(tx: StorageTransaction, session: CountSession, entries: readonly ParsedRecordEntry[]): Promise<EntryBatch> {
    const keys = entries.map(entryKeyOf);
    const ids = unique(entries.map((entry) => entry.entryId));
    const locations = unique(keys.map((key) => key.location));
    const serials = uniqueBy(
      keys.flatMap((key) => (key.serial === undefined ? [] : [{ sku: key.sku, serial: key.serial }])),
      serialId,
    );
    const round = session.round;
    const stored = tx.getEntries ? await tx.getEntries(session.id, ids) : await byOne(ids, (id) => tx.getEntry(session.id, id));
    const items = await tx.getItems(unique(keys.map((key) => key.sku)));
    const places = await tx.getLocations(locations);
    const marks = await tx.listLocationMarks(session.id, { round });
    const here = locations.length === 0 ? [] : await tx.listEntries(session.id, { round, locations });
    const seen = serials.length === 0 ? [] : await tx.listEntries(session.id, { round, serials });
    const roundEntries = uniqueBy([...here, ...seen], (entry) => entry.entryId).sort((a, b) => a.seq - b.seq);
    const serialIds = new Set(serials.map(serialId));
    return new EntryBatch(tx, session, { ids: new Set(ids), stored, items, locations: places, marks, roundEntries, entryLocations: new Set(locations), serials: serialIds });
  }

  /** Accepts an entry: the entries after it in the batch see it. */
  add(entry: PendingEntry): void {
    this.pending.push(entry);
    this.pendingById.set(entry.entryId, entry);
  }

  async getEntry(sessionId: string, entryId: string): Promise<CountEntry | undefined> {
    if (sessionId !== this.session.id) return this.tx.getEntry(sessionId, entryId);
    // A pending entry has no `seq` until the batch is written; the caller fills it in then.
    const pending = this.pendingById.get(entryId) as CountEntry | undefined;
    if (pending !== undefined) return pending;
    return this.loaded.ids.has(entryId) ? this.loaded.stored.get(entryId) : this.tx.getEntry(sessionId, entryId);
  }

  async getItem(sku: string): Promise<Item | undefined> {
    return this.loaded.items.get(sku) ?? this.tx.getItem(sku);
  }

  async getLocation(id: string): Promise<Location | undefined> {
    return this.loaded.locations.get(id) ?? this.tx.getLocation(id);
  }

  async listLocationMarks(sessionId: string, filter: EntryFilter = {}): Promise<LocationMark[]> {
    if (sessionId !== this.session.id || filter.round !== this.session.round || filter.location === undefined) {
      return this.tx.listLocationMarks(sessionId, filter);
    }
    return this.loaded.marks.filter((mark) => mark.location === filter.location);
  }

  async listEntries(sessionId: string, filter: EntryFilter = {}): Promise<CountEntry[]> {
    if (sessionId !== this.session.id) return this.tx.listEntries(sessionId, filter);
    const matches = entryPredicate(filter);
    const stored = this.covers(filter) ? this.loaded.roundEntries.filter(matches) : await this.tx.listEntries(sessionId, filter);
    return [...stored, ...(this.pending.filter(matches as (entry: PendingEntry) => boolean) as CountEntry[])];
  }

  /** Whether the loaded entries hold every stored entry `filter` selects. */
  private covers(filter: EntryFilter): boolean {
    // Entries are loaded by the round and then by location or by serial: a filter that narrows
    // by anything else, or also by a list, is answered by the transaction.
    if (filter.round !== this.session.round || filter.locations !== undefined || filter.serials !== undefined) return false;
    if (filter.serial !== undefined) return filter.location === undefined && this.loaded.serials.has(serialId(filter.serial));
    return filter.location !== undefined && this.loaded.entryLocations.has(filter.location);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: readonly T[], id: (value: T) => string): T[] {
  return [...new Map(values.map((value) => [id(value), value] as const)).values()];
}

/** Reads values one by one, for an adapter without the batched read. */
async function byOne<V>(ids: readonly string[], read: (id: string) => Promise<V | undefined>): Promise<Map<string, V>> {
  const result = new Map<string, V>();
  for (const id of ids) {
    const value = await read(id);
    if (value !== undefined) result.set(id, value);
  }
  return result;
}
