import { canonicalJson } from '../canonical.js';
import type { AuditEvent } from './types.js';

/** The hash of the first event's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 (hex) of an audit event's canonical JSON without its own hash, through WebCrypto so it
 * runs in browsers too.
 *
 * @param event - the event without `hash`
 * @returns 64 hex digits
 * @example
 * ```ts
 * const hash = await hashAuditEvent({ seq: 1, at, actor: 'li', action: 'movement.post', subject: 'rcv-1', data: {}, prevHash: GENESIS_HASH });
 * ```
 */
export async function hashAuditEvent(event: Omit<AuditEvent, 'hash'>): Promise<string> {
  return hashText(auditEventText(event, canonicalJson(event.data)));
}

/**
 * The canonical JSON of an audit event without its hash, given the canonical JSON of its data:
 * the text {@link hashAuditEvent} hashes, written out so that appending an event serialises its
 * data once.
 *
 * @internal
 */
export function auditEventText(event: Omit<AuditEvent, 'hash' | 'data'>, dataText: string | undefined): string {
  // The fields in canonical (sorted) order; like canonicalJson, an undefined one is left out.
  // Appended field by field without a closure or pieces of its own: this runs once per command.
  let text = field('', 'action', canonicalJson(event.action));
  text = field(text, 'actor', canonicalJson(event.actor));
  text = field(text, 'at', canonicalJson(event.at));
  // Absent for the store chain, so every log written before partitions keeps its hashes.
  if (event.chain !== undefined) text = field(text, 'chain', canonicalJson(event.chain));
  text = field(text, 'data', dataText);
  text = field(text, 'prevHash', canonicalJson(event.prevHash));
  text = field(text, 'seq', canonicalJson(event.seq));
  text = field(text, 'subject', canonicalJson(event.subject));
  return `{${text}}`;
}

/** `text` with `"name":written` appended (after a comma unless first), or as it was when `written` is undefined. */
function field(text: string, name: string, written: string | undefined): string {
  if (written === undefined) return text;
  return text === '' ? `"${name}":${written}` : `${text},"${name}":${written}`;
}

/**
 * SHA-256 of a text (UTF-8) as hex. In Node.js it uses the built-in `crypto` module, found at run
 * time through `process.getBuiltinModule` so nothing imports it and browser bundles stay clean
 * (a synchronous hash is about ten times faster than a WebCrypto round trip, and every command
 * hashes one audit event); elsewhere it uses WebCrypto. Both give the same digest.
 *
 * @param text - the text
 * @returns 64 hex digits
 * @example
 * ```ts
 * await hashText('abc'); // 'ba7816bf…'
 * ```
 */
export async function hashText(text: string): Promise<string> {
  return hashTextNow(text) ?? hashWithWebCrypto(text);
}

/**
 * SHA-256 of a text as hex, synchronously where Node's `crypto` is present, else `undefined`
 * (the caller then awaits {@link hashText}): appending an audit event saves a round trip
 * through the event loop per command.
 *
 * @internal
 */
export function hashTextNow(text: string): string | undefined {
  if (nodeCrypto === undefined) return undefined;
  // The one-shot `crypto.hash` (Node 20.12 and later) allocates no Hash object and stream state:
  // about twice as fast on an audit event's text. Both encode the text as UTF-8 (a lone surrogate
  // as U+FFFD), so both give the same digest.
  return nodeCrypto.hash !== undefined ? nodeCrypto.hash('sha256', text, 'hex') : nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * SHA-256 through WebCrypto, the path browsers take.
 *
 * @internal
 */
export async function hashWithWebCrypto(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

interface NodeHash {
  createHash(algorithm: 'sha256'): { update(text: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } };
  /** Absent before Node 20.12. */
  hash?: (algorithm: 'sha256', text: string, outputEncoding: 'hex') => string;
}

const nodeCrypto: NodeHash | undefined = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as NodeHash | undefined;

/** The outcome of {@link verifyAuditChain}. */
export type AuditVerification =
  | {
      readonly ok: true;
      readonly events: number;
      /** The hash of the last event of the list (of whichever chain). */
      readonly lastHash: string;
    }
  | {
      readonly ok: false;
      /** The first event that does not link (its position in the list, from 1). */
      readonly position: number;
      /** The seq found there. */
      readonly seq: number | undefined;
      /** What is wrong with it (`sequence_gap`: its number does not increase on the one before). */
      readonly reason: 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch' | 'missing_anchor';
    };

/**
 * Checks a list of audit events from the start of the log, one hash chain per partition plus the
 * store chain (see {@link AuditEvent.chain}): sequence numbers increasing through the list, each
 * event pointing at the hash of the previous event of its chain, and each hash matching the
 * event's content. Any change, deletion, insertion or reordering breaks one of the three, except
 * dropping the newest events of a chain: keep the heads `audit.chains()` gives and check them
 * with an anchor.
 *
 * @param events - the log from its first event, in `seq` order
 * @returns ok with the count and last hash, or the first broken link
 * @example
 * ```ts
 * const result = await verifyAuditChain(await storage.transaction((tx) => tx.listAuditEvents()));
 * if (!result.ok) console.log(`broken at ${result.position}: ${result.reason}`);
 * ```
 */
export async function verifyAuditChain(events: readonly AuditEvent[]): Promise<AuditVerification> {
  const heads = new Map<unknown, string>();
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const position = index + 1;
    // Numbers may skip (a rolled-back writer's), never repeat or go back.
    if (!Number.isSafeInteger(event.seq) || event.seq <= lastSeq) return { ok: false, position, seq: event.seq, reason: 'sequence_gap' };
    const chain = event.chain;
    if (event.prevHash !== (heads.get(chain) ?? GENESIS_HASH)) return { ok: false, position, seq: event.seq, reason: 'previous_hash_mismatch' };
    if ((await hashAuditEvent(event)) !== event.hash) return { ok: false, position, seq: event.seq, reason: 'hash_mismatch' };
    heads.set(chain, event.hash);
    lastSeq = event.seq;
    lastHash = event.hash;
  }
  return { ok: true, events: events.length, lastHash };
}
