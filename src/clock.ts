/**
 * Sources of time and ids, injectable so tests and replays are deterministic.
 *
 * @module
 */

/** Where the engine gets "now" from. */
export interface Clock {
  /** The current moment. */
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Where the engine gets ids for what it creates itself (sessions, tasks). */
export interface IdSource {
  /**
   * A new unique id.
   *
   * @param prefix - what the id is for, e.g. `session`
   */
  next(prefix: string): string;
}

/** Random UUIDs from WebCrypto, prefixed: `session_2f1c…`. */
export const randomIds: IdSource = { next: (prefix) => `${prefix}_${globalThis.crypto.randomUUID()}` };
