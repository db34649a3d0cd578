import type { StorageTransaction } from '../storage/adapter.js';
import type { Instant } from '../time.js';
import { canonicalJson } from '../canonical.js';
import { deepFreeze } from '../freeze.js';
import { auditEventText, GENESIS_HASH, hashText, hashTextNow } from './hash.js';
import type { AuditEvent } from './types.js';
import { auditChainOf } from '../storage/scope.js';

/** What a command records in the audit log. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  /**
   * What the command did. Stored as is when it is plain JSON (records the engine built and never
   * changes, so the log may share them; they are frozen with the event), else as the JSON read
   * back from its canonical text.
   */
  readonly data: unknown;
}

/**
 * Appends one event to the hash chain of the transaction's write scope (its first partition, or
 * the store chain) inside the command's transaction, so the log and the change it records commit
 * together or not at all.
 *
 * @internal
 */
export async function appendAudit(tx: StorageTransaction, at: Instant, record: AuditRecord): Promise<AuditEvent> {
  const chain = auditChainOf(tx);
  const previous = await tx.lastAuditEvent(chain);
  const [seq] = await tx.reserveAuditSeqs(1);
  const event = await chainAuditEvent(previous, at, record, { seq: seq!, chain });
  await tx.appendAuditEvents([event]);
  return event;
}

/** Where a new audit event goes: its sequence number (from the store) and its chain. @internal */
export interface AuditPlace {
  readonly seq: number;
  readonly chain: string | undefined;
}

/**
 * Appends events for several records at once, in order, chained one after the other on the chain
 * of the transaction's write scope: one read of the chain's head, one reservation of sequence
 * numbers and one append, however many records.
 *
 * @internal
 */
export async function appendAudits(tx: StorageTransaction, at: Instant, records: readonly AuditRecord[]): Promise<AuditEvent[]> {
  if (records.length === 0) return [];
  const chain = auditChainOf(tx);
  let previous: Pick<AuditEvent, 'hash'> | undefined = await tx.lastAuditEvent(chain);
  const seqs = await tx.reserveAuditSeqs(records.length);
  const events: AuditEvent[] = [];
  for (const [index, record] of records.entries()) {
    const event = await chainAuditEvent(previous, at, record, { seq: seqs[index]!, chain });
    events.push(event);
    previous = event;
  }
  await tx.appendAuditEvents(events);
  return events;
}

/**
 * The event that follows `previous` in its chain (the first one when there is none), for a caller
 * that appends several at once. The event is deeply frozen.
 *
 * @internal
 */
export async function chainAuditEvent(
  previous: Pick<AuditEvent, 'hash'> | undefined,
  at: Instant,
  record: AuditRecord,
  place: AuditPlace,
): Promise<AuditEvent> {
  // The stored data is JSON the hash covers: no undefined, no Dates (else read back from the text).
  const data = record.data ?? null;
  const dataText = canonicalJson(data);
  const stored = isPlainJson(data) ? data : (JSON.parse(dataText) as unknown);
  const prevHash = previous?.hash ?? GENESIS_HASH;
  // The event is built once, in its stored field order (no intermediate body or spreads: this runs
  // for every posted movement), and hashed without its hash and data, which are added after.
  const event: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } =
    place.chain === undefined
      ? { seq: place.seq, at, actor: record.actor, action: record.action, subject: record.subject, prevHash, data: stored, hash: '' }
      : { seq: place.seq, chain: place.chain, at, actor: record.actor, action: record.action, subject: record.subject, prevHash, data: stored, hash: '' };
  const text = auditEventText(event, dataText);
  event.hash = hashTextNow(text) ?? (await hashText(text));
  // Frozen, data included: the event is handed to the caller and kept by the store, and data the
  // engine shares with its other records (a movement's lines) can no longer change the hashed log.
  return deepFreeze(event);
}

/**
 * Whether a value reads back from its JSON unchanged: null, strings, booleans, finite numbers
 * (not -0), and arrays without holes and plain objects of those, with no `undefined` and no
 * `toJSON` (symbol keys, which JSON ignores, are ignored here too). Checking allocates nothing,
 * unlike the copy it spares.
 *
 * @internal
 */
export function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value) || !isPlainJson(value[index])) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    if (key === 'toJSON' || !isPlainJson((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
