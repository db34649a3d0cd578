import type { Instant } from '../time.js';
import { lastGoodCount } from './period.js';
import type { AttributionCountRecord, AttributionLine } from './schemas.js';

/** The cut-off window of `cutoff` when `cutoffMinutes` is not given: two hours. @internal */
export const DEFAULT_CUTOFF_MINUTES = 120;

/** What bounds how far back attribution reads a key's postings. @internal */
export interface HistoryBoundOptions {
  /** The `cutoff` window in minutes ({@link DEFAULT_CUTOFF_MINUTES} when absent). */
  readonly cutoffMinutes?: number | undefined;
  /** The engine's attribution horizon in milliseconds: nothing dated earlier before the window is read. No horizon when absent. */
  readonly horizonMs?: number | undefined;
}

/**
 * How far back the attribution of a line needs its key's postings: the earliest business time a
 * posting may have and still change the line's attribution. `undefined` means the whole history.
 *
 * What attribution reads from the postings, and so what the bound keeps:
 * - the period's movements and movers: those dated after the key's last good count (see
 *   {@link lastGoodCount}) up to the window's end; without a last good count, every movement from
 *   the key's first one on, so the whole history;
 * - `cutoff`: the movements dated within `cutoffMinutes` before the window starts, or later.
 *
 * So with a last good count the bound is the earlier of its count time and the window's start
 * less the cut-off window: a posting dated before it changes nothing, and the attribution is the
 * same as with the whole history. Without one it is the whole history. A horizon (the engine's
 * `attributionHorizonDays`) caps both at the window's start less the horizon: what happened
 * before is then never read, so a key never counted gets a period from its first movement within
 * the horizon, and a key last counted before the horizon keeps that count as its last good count
 * but only the period's movements within the horizon. The horizon must not be shorter than the
 * cut-off window (the engine's is whole days, at least one).
 *
 * @param line - the line (its key and count window)
 * @param sessionId - the line's session (its own count records are not a last good count)
 * @param records - the key's count records (others are ignored)
 * @param options - the cut-off window and the horizon
 * @returns the earliest business time to read the key's postings from, or `undefined` for all
 * @example
 * ```ts
 * // Last counted by another session at 08:00 on March 1, counted again at 10:00 on March 2:
 * attributionHistoryFrom(line, 's2', [{ key, sessionId: 's1', countedAt: '2026-03-01T08:00:00.000Z' }], {});
 * // '2026-03-01T08:00:00.000Z' (earlier than 08:00 on March 2, the window less two hours)
 * ```
 * @internal
 */
export function attributionHistoryFrom(
  line: Pick<AttributionLine, 'key' | 'window'>,
  sessionId: string,
  records: readonly AttributionCountRecord[],
  options: HistoryBoundOptions = {},
): Instant | undefined {
  const start = Date.parse(line.window.from);
  const last = lastGoodCount(line, sessionId, records);
  let from: number | undefined;
  if (last !== undefined) from = Math.min(Date.parse(last.countedAt), start - (options.cutoffMinutes ?? DEFAULT_CUTOFF_MINUTES) * 60_000);
  if (options.horizonMs !== undefined) from = Math.max(from ?? Number.NEGATIVE_INFINITY, start - options.horizonMs);
  return from === undefined ? undefined : new Date(from).toISOString();
}
