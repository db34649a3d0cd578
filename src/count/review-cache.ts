import { GENESIS_HASH } from '../audit/hash.js';
import type { AuditEvent } from '../audit/types.js';
import type { StorageTransaction } from '../storage/adapter.js';

/**
 * Where the store stood: the last event of every audit chain. Every command that writes appends
 * exactly one audit event to one chain in the same transaction, so unchanged heads (sequence and
 * hash of each) mean nothing was written since, by this engine or any other sharing the storage,
 * in any partition (a transfer from another warehouse changes this session's stock while writing
 * to its first warehouse's chain, so one chain is not enough). The hash tells a rolled-back event
 * from a different one committed later under the same sequence number.
 *
 * @internal
 */
export interface StoreVersion {
  /** The heads by chain (`''` for the store chain). */
  readonly heads: ReadonlyMap<string, { readonly seq: number; readonly hash: string }>;
}

/** @internal */
export async function storeVersion(tx: StorageTransaction): Promise<StoreVersion> {
  return versionOf(await tx.auditChainHeads());
}

function versionOf(events: readonly AuditEvent[]): StoreVersion {
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const head of events) heads.set(head.chain ?? '', { seq: head.seq, hash: head.hash });
  return { heads };
}

interface Cached<T> {
  readonly at: StoreVersion;
  readonly sessionVersion: number;
  readonly explained: boolean;
  readonly review: T;
}

/**
 * The last review computed for each session, reused while neither the store nor the session has
 * changed: approving and posting a count need the same review its reviewer just saw, and
 * computing it again reads and joins every key, entry and movement in scope.
 *
 * @internal
 */
export class ReviewCache<T> {
  private readonly reviews = new Map<string, Cached<T>>();

  /** @param capacity - how many sessions' reviews to keep (the least recently stored go first) */
  constructor(private readonly capacity = 16) {}

  /** The review of a session computed at this store version and session version, if any. */
  get(sessionId: string, sessionVersion: number, at: StoreVersion, explained: boolean): T | undefined {
    const cached = this.reviews.get(sessionId);
    if (!cached || cached.sessionVersion !== sessionVersion || !sameVersion(cached.at, at)) return undefined;
    return cached.explained || !explained ? cached.review : undefined;
  }

  /** Keeps a review computed at a store version and session version. */
  set(sessionId: string, sessionVersion: number, at: StoreVersion, explained: boolean, review: T): void {
    this.reviews.delete(sessionId);
    this.reviews.set(sessionId, { at, sessionVersion, explained, review });
    if (this.reviews.size > this.capacity) this.reviews.delete(this.reviews.keys().next().value!);
  }

  /**
   * After a command that does not change the review (closing a round without recounts,
   * approving) wrote the session and its audit event, moves the kept review to the new versions.
   * Only when the one audit event since the review was computed is the command's own (one chain
   * moved on by one event, linked to its old head; every other chain unchanged), and the session
   * is the command's update of the one reviewed.
   */
  async carry(tx: StorageTransaction, sessionId: string, fromSessionVersion: number, toSessionVersion: number): Promise<void> {
    const cached = this.reviews.get(sessionId);
    if (!cached || cached.sessionVersion !== fromSessionVersion || toSessionVersion !== fromSessionVersion + 1) return;
    const heads = await tx.auditChainHeads();
    const now = versionOf(heads);
    if (!movedByOneEvent(cached.at, now, heads)) return;
    this.reviews.set(sessionId, { ...cached, at: now, sessionVersion: toSessionVersion });
  }

  /** Drops a session's review (posted or cancelled sessions are not reviewed again soon). */
  forget(sessionId: string): void {
    this.reviews.delete(sessionId);
  }
}

function sameVersion(a: StoreVersion, b: StoreVersion): boolean {
  if (a.heads.size !== b.heads.size) return false;
  for (const [chain, head] of a.heads) {
    const other = b.heads.get(chain);
    if (other?.seq !== head.seq || other.hash !== head.hash) return false;
  }
  return true;
}

/** Whether `after` is `before` with exactly one chain moved on by one event linked to its old head. */
function movedByOneEvent(before: StoreVersion, after: StoreVersion, heads: readonly AuditEvent[]): boolean {
  const moved = heads.filter((head) => {
    const old = before.heads.get(head.chain ?? '');
    return old?.seq !== head.seq || old.hash !== head.hash;
  });
  if (moved.length !== 1 || after.heads.size - before.heads.size > 1) return false;
  const [event] = moved;
  const old = before.heads.get(event!.chain ?? '');
  if (old === undefined) return before.heads.size + 1 === after.heads.size && event!.prevHash === GENESIS_HASH;
  return before.heads.size === after.heads.size && event!.prevHash === old.hash;
}
