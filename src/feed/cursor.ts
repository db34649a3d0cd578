/**
 * The feed cursor's text form, shared by every adapter: `<a>.<b>`, two unsigned decimal numbers.
 * PostgreSQL stores (transaction id, sequence); the memory adapter (0, position). Callers treat it
 * as opaque.
 *
 * @internal
 * @module
 */
import { StocktakeError } from '../errors.js';

/** A decoded cursor. @internal */
export interface FeedPosition {
  /** The transaction id on PostgreSQL; 0 in memory. */
  readonly major: bigint;
  /** The event's sequence on PostgreSQL; its position (from 1) in memory. */
  readonly minor: bigint;
}

const CURSOR = /^(0|[1-9][0-9]{0,19})\.([1-9][0-9]{0,18})$/;
const MAX_MAJOR = 2n ** 64n - 1n;
const MAX_MINOR = 2n ** 63n - 1n;

/** The cursor of a position. @internal */
export function encodeCursor(position: FeedPosition): string {
  return `${position.major}.${position.minor}`;
}

/** The error of a cursor this feed did not give. @internal */
export function invalidCursor(cursor: unknown, why: string): StocktakeError {
  const shown = typeof cursor === 'string' ? JSON.stringify(cursor.length > 40 ? `${cursor.slice(0, 40)}…` : cursor) : typeof cursor;
  return new StocktakeError('invalid_cursor', `Cursor ${shown} ${why}: pass the cursor of an event this feed returned, or omit it to start from the beginning`, {
    path: ['after'],
  });
}

/**
 * Decodes a cursor, or throws `invalid_cursor` (path `['after']`) for anything that is not one.
 *
 * @internal
 */
export function decodeCursor(cursor: unknown): FeedPosition {
  if (typeof cursor !== 'string') throw invalidCursor(cursor, 'is not a string');
  const match = CURSOR.exec(cursor);
  if (!match) throw invalidCursor(cursor, 'is malformed');
  const major = BigInt(match[1]!);
  const minor = BigInt(match[2]!);
  if (major > MAX_MAJOR || minor > MAX_MINOR) throw invalidCursor(cursor, 'is out of range');
  return { major, minor };
}
