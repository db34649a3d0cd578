import type { Instant } from '../time.js';

/** One link of the hash-chained audit log. */
export interface AuditEvent {
  /** Position in the log, from 1, without gaps. */
  readonly seq: number;
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
