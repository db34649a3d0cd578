/**
 * What the scan pipeline remembers, how it is saved whole (`state()`) and how it is saved a
 * little at a time (`changes(since)`), so that persisting after every scan costs the same at
 * the millionth scan as at the first.
 *
 * @module
 */
import * as z from 'zod';
import { textSchema } from '../../text.js';

import { StocktakeError } from '../../errors.js';
import type { ScanWarning } from '../types.js';
import type { ScanCountEntry } from './entry.js';

/** An entry the pipeline built, with what travels beside it. */
export interface ScanBuiltEntry {
  /** The entry as submitted to the sink. */
  readonly entry: ScanCountEntry;
  /** The expiry date (AI 17) as an ISO date, when the barcode carries one (also in `entry`). */
  readonly expiry?: string;
  /** What the barcode carried that the entry does not keep (a lot or serial the item does not track). */
  readonly note?: string;
  /** How the barcode was read, when the app should know (e.g. GS1 without an AIM identifier). */
  readonly warnings?: readonly ScanWarning[];
}

/** A suspected double scan waiting for `confirm` or `undo`. */
export interface ScanHeldEntry extends ScanBuiltEntry {
  /** The earlier identical scan. */
  readonly previousEventId: string;
}

/** The last counted plain (not serialised) scan, for the double-trigger window. */
export interface ScanLastPlain {
  readonly eventId: string;
  readonly raw: string;
  readonly location: string;
  readonly time: string;
}

/** A recent event, remembered so that a resend gets the same answer and a reused id is caught. */
export interface ScanRememberedEvent {
  /** The order events were remembered in. */
  readonly seq: number;
  /** A hash of the event without its id (source, raw, symbology, time, device), to compare a resend with; absent for states of version 1. */
  readonly fingerprint?: string;
  /** The entry, when the event was counted and the sink accepted it. */
  readonly counted?: ScanBuiltEntry;
  /** True when the scan was undone. */
  readonly undone?: boolean;
}

/**
 * Everything the pipeline remembers; persist it with `ScanPipeline.state()` (or a change at a
 * time with `ScanPipeline.changes`) and restore it with the `state` option.
 *
 * What it holds is bounded by what counting needs: the serialised identities counted in the
 * session (one short string each), entries the sink has not accepted yet, held doubles, and
 * the last `rememberEvents` events.
 */
export interface ScanPipelineState {
  readonly version: 2;
  /** Counts every change; `changes(revision)` returns what changed after it. */
  readonly revision: number;
  /** The current location. */
  readonly location?: string;
  /** A multiplier waiting for the next scan. */
  readonly multiplier?: string;
  /** The last counted plain scan, for the double-trigger window. */
  readonly lastPlain?: ScanLastPlain;
  /** Serialised identities (`sgtin:<gtin>.<serial>`, `sscc:<sscc>`) and the event that counted each. */
  readonly identities: Readonly<Record<string, string>>;
  /** Entries the sink has not accepted yet, by event id; `retryFailed` resubmits them. */
  readonly pending: Readonly<Record<string, ScanBuiltEntry>>;
  /** Suspected double scans waiting for `confirm` or `undo`, by event id. */
  readonly held: Readonly<Record<string, ScanHeldEntry>>;
  /** The most recent events, by event id. */
  readonly recent: Readonly<Record<string, ScanRememberedEvent>>;
}

/** The state as earlier releases saved it (every entry kept); accepted by the `state` option. */
export interface ScanPipelineStateV1 {
  readonly version: 1;
  readonly location?: string;
  readonly multiplier?: string;
  readonly identities: Readonly<Record<string, string>>;
  readonly entries: Readonly<Record<string, { readonly entry: ScanCountEntry; readonly expiry?: string; readonly recorded: boolean }>>;
  readonly held: Readonly<Record<string, { readonly entry: ScanCountEntry; readonly expiry?: string; readonly previousEventId: string }>>;
  readonly lastPlain?: ScanLastPlain;
}

/**
 * What changed in the state between two revisions: values set, and `null` for what was
 * removed. Apply changes in order to a saved state with {@link applyScanPipelineChanges}.
 */
export interface ScanPipelineChanges {
  readonly version: 2;
  /** The revision these changes apply to. */
  readonly from: number;
  /** The revision they lead to. */
  readonly to: number;
  readonly location?: string | null;
  readonly multiplier?: string | null;
  readonly lastPlain?: ScanLastPlain | null;
  readonly identities?: Readonly<Record<string, string | null>>;
  readonly pending?: Readonly<Record<string, ScanBuiltEntry | null>>;
  readonly held?: Readonly<Record<string, ScanHeldEntry | null>>;
  readonly recent?: Readonly<Record<string, ScanRememberedEvent | null>>;
}

const nonEmpty = textSchema.min(1);
/** A positive decimal string. @internal */
export const positiveDecimal = textSchema
  .regex(/^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/, 'must be a decimal string')
  .refine((v) => /[1-9]/.test(v), 'must be positive');
const entrySchema = z.custom<ScanCountEntry>((v) => typeof v === 'object' && v !== null && typeof (v as { entryId?: unknown }).entryId === 'string', 'must be an entry');
const warningSchema = z.object({ code: z.enum(['gs1_without_symbology_identifier', 'possibly_gs1', 'upc_e_or_ean_8']), message: textSchema });
const builtSchema = z.object({ entry: entrySchema, expiry: textSchema.optional(), note: textSchema.optional(), warnings: z.array(warningSchema).optional() });
const heldSchema = builtSchema.extend({ previousEventId: textSchema });
const lastPlainSchema = z.object({ eventId: textSchema, raw: textSchema, location: textSchema, time: textSchema });
const rememberedSchema = z.object({ seq: z.number().int().min(0), fingerprint: textSchema.optional(), counted: builtSchema.optional(), undone: z.boolean().optional() });
const revisionSchema = z.number().int().min(0);

/** The zod schema of {@link ScanPipelineState}. */
export const scanPipelineStateSchema = z.object({
  version: z.literal(2),
  revision: revisionSchema,
  location: nonEmpty.optional(),
  multiplier: positiveDecimal.optional(),
  lastPlain: lastPlainSchema.optional(),
  identities: z.record(textSchema, textSchema),
  pending: z.record(textSchema, builtSchema),
  held: z.record(textSchema, heldSchema),
  recent: z.record(textSchema, rememberedSchema),
});

/** The zod schema of {@link ScanPipelineStateV1}. */
export const scanPipelineStateV1Schema = z.object({
  version: z.literal(1),
  location: nonEmpty.optional(),
  multiplier: positiveDecimal.optional(),
  identities: z.record(textSchema, textSchema),
  entries: z.record(textSchema, z.object({ entry: entrySchema, expiry: textSchema.optional(), recorded: z.boolean() })),
  held: z.record(textSchema, z.object({ entry: entrySchema, expiry: textSchema.optional(), previousEventId: textSchema })),
  lastPlain: lastPlainSchema.optional(),
});

/** The zod schema of {@link ScanPipelineChanges}. */
export const scanPipelineChangesSchema = z
  .object({
    version: z.literal(2),
    from: revisionSchema,
    to: revisionSchema,
    location: nonEmpty.nullable().optional(),
    multiplier: positiveDecimal.nullable().optional(),
    lastPlain: lastPlainSchema.nullable().optional(),
    identities: z.record(textSchema, textSchema.nullable()).optional(),
    pending: z.record(textSchema, builtSchema.nullable()).optional(),
    held: z.record(textSchema, heldSchema.nullable()).optional(),
    recent: z.record(textSchema, rememberedSchema.nullable()).optional(),
  })
  .refine((c) => c.to >= c.from, { message: 'must not be before from', path: ['to'] });

/** The keyed parts of the state. @internal */
export type Table = 'identities' | 'pending' | 'held' | 'recent';
/** The single values of the state. @internal */
export type Scalar = 'location' | 'multiplier' | 'lastPlain';
interface Tables {
  identities: string;
  pending: ScanBuiltEntry;
  held: ScanHeldEntry;
  recent: ScanRememberedEvent;
}
interface Scalars {
  location: string;
  multiplier: string;
  lastPlain: ScanLastPlain;
}

/** One recorded change: a table row or a single value, set or removed (`null`). */
type JournalRecord = { readonly revision: number } & (
  | { readonly table: Table; readonly key: string; readonly value: unknown }
  | { readonly scalar: Scalar; readonly value: unknown }
);

/**
 * More changes than this waiting to be taken means nobody takes them (the app saves `state()`
 * instead): the journal is dropped, and `changes` before this point asks for a full save.
 */
const JOURNAL_LIMIT = 100_000;

/** The keyed parts of the state, in the order they are saved. @internal */
export const TABLES: readonly Table[] = ['identities', 'pending', 'held', 'recent'];
/** The single values of the state. @internal */
export const SCALARS: readonly Scalar[] = ['location', 'multiplier', 'lastPlain'];

/**
 * The pipeline's memory: maps for what is looked up per scan and a journal of changes since
 * the revision the app last saved.
 *
 * @internal
 */
export class PipelineMemory {
  readonly identities = new Map<string, string>();
  readonly pending = new Map<string, ScanBuiltEntry>();
  readonly held = new Map<string, ScanHeldEntry>();
  /** Insertion order is age: the first is the oldest. */
  readonly recent = new Map<string, ScanRememberedEvent>();
  location: string | undefined;
  multiplier: string | undefined;
  lastPlain: ScanLastPlain | undefined;
  revision: number;
  private nextSeq = 0;
  private journal: JournalRecord[] = [];
  /** The revision the journal starts after: `changes(since)` needs `since >= journalStart`. */
  private journalStart: number;

  constructor(
    state: ScanPipelineState,
    private readonly rememberEvents: number,
  ) {
    for (const table of TABLES) {
      const rows = Object.entries(state[table]);
      if (table === 'recent') rows.sort(([, a], [, b]) => (a as ScanRememberedEvent).seq - (b as ScanRememberedEvent).seq);
      const map = this[table] as Map<string, unknown>;
      for (const [key, value] of rows) map.set(key, value);
    }
    this.location = state.location;
    this.multiplier = state.multiplier;
    this.lastPlain = state.lastPlain;
    this.revision = state.revision;
    this.journalStart = state.revision;
    for (const remembered of this.recent.values()) this.nextSeq = Math.max(this.nextSeq, remembered.seq + 1);
    this.trimRecent();
  }

  private record(change: JournalRecord): void {
    if (this.journal.length >= JOURNAL_LIMIT) {
      this.journal = [];
      this.journalStart = this.revision - 1;
    }
    this.journal.push(change);
  }

  /** Sets (or, with `undefined`, removes) a row. */
  set<T extends Table>(table: T, key: string, value: Tables[T] | undefined): void {
    const map = this[table] as Map<string, Tables[T]>;
    if (value === undefined) {
      if (!map.delete(key)) return;
    } else {
      map.set(key, value);
    }
    this.revision++;
    this.record({ revision: this.revision, table, key, value: value ?? null });
  }

  /** Sets (or, with `undefined`, clears) a single value. */
  setScalar<S extends Scalar>(scalar: S, value: Scalars[S] | undefined): void {
    if (this[scalar] === value) return;
    (this as { [K in Scalar]: Scalars[K] | undefined })[scalar] = value;
    this.revision++;
    this.record({ revision: this.revision, scalar, value: value ?? null });
  }

  /** Remembers an event as the newest, forgetting the oldest beyond `rememberEvents`. */
  remember(eventId: string, remembered: Omit<ScanRememberedEvent, 'seq'>): void {
    const previous = this.recent.get(eventId);
    if (previous !== undefined) this.recent.delete(eventId);
    this.set('recent', eventId, { seq: previous?.seq ?? this.nextSeq++, ...remembered });
    this.trimRecent();
  }

  /** Remembers an event again as the newest, keeping its fingerprint, with what became of it. */
  rememberAgain(eventId: string, outcome: Pick<ScanRememberedEvent, 'counted' | 'undone'>): void {
    const fingerprint = this.recent.get(eventId)?.fingerprint;
    this.remember(eventId, { ...(fingerprint === undefined ? {} : { fingerprint }), ...outcome });
  }

  private trimRecent(): void {
    while (this.recent.size > this.rememberEvents) {
      const oldest = this.recent.keys().next().value as string;
      this.set('recent', oldest, undefined);
    }
  }

  /** What changed after `since`; forgets what changed up to it (the caller saved it). */
  changes(since: number): ScanPipelineChanges {
    if (!Number.isInteger(since) || since < this.journalStart || since > this.revision) {
      throw new StocktakeError(
        'invalid_input',
        `changes are kept from revision ${this.journalStart} to ${this.revision}; save state() for an earlier one`,
        { path: ['since'] },
      );
    }
    let taken = 0;
    while (taken < this.journal.length && this.journal[taken]!.revision <= since) taken++;
    this.journal.splice(0, taken);
    this.journalStart = since;
    const patch: Record<string, unknown> = { version: 2, from: since, to: this.revision };
    for (const change of this.journal) {
      if ('scalar' in change) {
        patch[change.scalar] = change.value;
      } else {
        const rows = (patch[change.table] ??= Object.create(null)) as Record<string, unknown>;
        rows[change.key] = change.value;
      }
    }
    return patch as unknown as ScanPipelineChanges;
  }

  /** The whole state, plain JSON. */
  snapshot(): ScanPipelineState {
    const rows = <T>(map: Map<string, T>): Record<string, T> => Object.fromEntries(map);
    return structuredClone({
      version: 2 as const,
      revision: this.revision,
      ...(this.location === undefined ? {} : { location: this.location }),
      ...(this.multiplier === undefined ? {} : { multiplier: this.multiplier }),
      ...(this.lastPlain === undefined ? {} : { lastPlain: this.lastPlain }),
      identities: rows(this.identities),
      pending: rows(this.pending),
      held: rows(this.held),
      recent: rows(this.recent),
    });
  }
}
