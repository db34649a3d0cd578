import { GENESIS_HASH } from '../audit/hash.js';
import type { StorageTransaction } from '../storage/adapter.js';

/**
 * Where the store stood: its last audit event. Every command that writes appends exactly one
 * audit event in the same transaction, so an unchanged last event (sequence and hash) means
 * nothing was written since, by this engine or any other sharing the storage. The hash tells a
 * rolled-back event from a different one committed later under the same sequence number.
 *
 * @internal
 */
export interface StoreVersion {
  readonly seq: number;
  readonly hash: string;
}

/** @internal */
export async function storeVersion(tx: StorageTransaction): Promise<StoreVersion> {
  const last = await tx.lastAuditEvent();
  return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH };
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
   * Only when the one audit event since the review was computed is the command's own (the next
   * sequence, linked to the old last hash), and the session is the command's update of the one
   * reviewed.
   */
  async carry(tx: StorageTransaction, sessionId: string, fromSessionVersion: number, toSessionVersion: number): Promise<void> {
    const cached = this.reviews.get(sessionId);
    if (!cached || cached.sessionVersion !== fromSessionVersion || toSessionVersion !== fromSessionVersion + 1) return;
    const last = await tx.lastAuditEvent();
    if (!last || last.seq !== cached.at.seq + 1 || last.prevHash !== cached.at.hash) return;
    this.reviews.set(sessionId, { ...cached, at: { seq: last.seq, hash: last.hash }, sessionVersion: toSessionVersion });
  }

  /** Drops a session's review (posted or cancelled sessions are not reviewed again soon). */
  forget(sessionId: string): void {
    this.reviews.delete(sessionId);
  }
}

function sameVersion(a: StoreVersion, b: StoreVersion): boolean {
  return a.seq === b.seq && a.hash === b.hash;
}
