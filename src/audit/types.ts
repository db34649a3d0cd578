import type { Instant } from '../time.js';

/** One link of the hash-chained audit log. */
export interface AuditEvent {
  /**
   * Position in the log, from 1: unique and increasing along each chain. Gaps are possible (a
   * rolled-back transaction does not give its number back), and writers of different
   * partitions take numbers concurrently, so across chains a larger number may commit first.
   */
  readonly seq: number;
  /**
   * The chain the event belongs to: the partition (warehouse) whose writer appended it, absent
   * for the store chain (catalog writes, whole-store writes and every event of a log written
   * before partitions). A write spanning several partitions (a transfer between warehouses)
   * appends to the chain of the first of them in sorted order. Covered by the hash when present.
   */
  readonly chain?: string;
  /** When the engine recorded it. */
  readonly at: Instant;
  /** Who did it. */
  readonly actor: string;
  /** What was done, e.g. `movement.post` or `count.approve`. */
  readonly action: string;
  /** What it was done to, e.g. a movement or session id. */
  readonly subject: string;
  /** The command's data (plain JSON). */
  readonly data: unknown;
  /** The previous event's hash (64 zeros for the first). */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every field above. */
  readonly hash: string;
}
