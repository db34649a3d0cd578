/**
 * The event feed's types: what `st.events.read` and `st.events.follow` return, and what a storage
 * adapter stores.
 *
 * @module
 */
import type { StocktakeEventMap, StocktakeEventType } from '../events.js';
import type { Instant } from '../time.js';

/**
 * One event of the feed: an event the engine emitted, as it was stored in the transaction of the
 * command that raised it. Reading it again, from any process and after any restart, gives the
 * same `id`, `cursor`, `type`, `at` and `event`.
 *
 * @typeParam T - the event type
 */
export interface FeedEventOf<T extends StocktakeEventType> {
  /** A unique id (a UUID), the same wherever the event is read: a downstream system de-duplicates by it. */
  readonly id: string;
  /**
   * Where the event stands in the feed: pass it as `after` to read what follows. Opaque: compare
   * cursors only by the order the feed returns them in, never by their text.
   */
  readonly cursor: string;
  /** The event type, the same as `event.type`. */
  readonly type: T;
  /** When the engine stored the event (its clock, in the command's transaction). */
  readonly at: Instant;
  /** The event itself, as `st.on` listeners receive it (read back from its JSON form). */
  readonly event: StocktakeEventMap[T];
}

/** Any event of the feed; narrow it by `type`. */
export type FeedEvent = { [T in StocktakeEventType]: FeedEventOf<T> }[StocktakeEventType];

/** An event handed to storage to append: everything but the cursor, which the adapter assigns. */
export type FeedEventWrite = { [T in StocktakeEventType]: Omit<FeedEventOf<T>, 'cursor'> }[StocktakeEventType];

/** What {@link StorageTransaction.readFeed} is asked. */
export interface FeedReadFilter {
  /** Events after this cursor; from the feed's start when absent. */
  readonly after?: string | undefined;
  /** At most this many events (already validated: 1 to 1000). */
  readonly limit: number;
}

/** Options of `st.events.read`. */
export interface ReadEventsOptions {
  /** A cursor from an earlier event: only events after it; from the start of the feed when omitted. */
  readonly after?: string;
  /** At most this many events, 1 to 1000; 100 when omitted. */
  readonly limit?: number;
}

/** Options of `st.events.follow`. */
export interface FollowEventsOptions {
  /** A cursor from an earlier event: only events after it; from the start of the feed when omitted. */
  readonly after?: string;
  /** Ends the iteration (cleanly, without an error) when aborted. */
  readonly signal?: AbortSignal;
  /**
   * How often, in milliseconds, to look for new events when no notification arrives (10 to
   * 60 000; 500 when omitted). Storage that notifies (PostgreSQL's `LISTEN/NOTIFY`, the memory
   * adapter) wakes a follower at once; the poll is the fallback that also covers a lost
   * notification or a listening connection that died.
   */
  readonly pollMs?: number;
  /** How many events to read per statement, 1 to 1000; 100 when omitted. */
  readonly batchSize?: number;
}

/** The feed of one engine: `st.events`. */
export interface EventsApi {
  /**
   * Reads committed events in feed order after a cursor.
   *
   * @param options - `after` (a cursor) and `limit`
   * @returns up to `limit` events; fewer (or none) when the feed has no more yet
   * @throws StocktakeError `invalid_cursor` (path `['after']`) for a cursor this feed never gave,
   *   `invalid_input` for a bad `limit`
   * @example
   * ```ts
   * let after: string | undefined;
   * for (;;) {
   *   const page = await st.events.read({ after, limit: 500 });
   *   if (page.length === 0) break;
   *   for (const { type, event } of page) console.log(type, event);
   *   after = page[page.length - 1]!.cursor;
   * }
   * ```
   */
  read(options?: ReadEventsOptions): Promise<FeedEvent[]>;
  /**
   * The cursor of the last committed event, or `undefined` while the feed is empty: follow from
   * it to get only what commits from now on (a live screen that does not want the history).
   *
   * @returns the cursor, or `undefined`
   * @example
   * ```ts
   * const after = await st.events.latest();
   * for await (const feedEvent of st.events.follow({ ...(after === undefined ? {} : { after }), signal })) show(feedEvent);
   * ```
   */
  latest(): Promise<string | undefined>;
  /**
   * Follows the feed: yields every committed event after `after` in feed order, then waits for
   * new ones (woken by the storage's notifications, or by polling) until `signal` aborts, when
   * the iteration ends without an error. Delivery is at least once across restarts: store the
   * cursor of the last event you handled, and resume with it.
   *
   * @param options - `after`, `signal`, `pollMs`, `batchSize`
   * @returns an async iterable of events
   * @throws StocktakeError `invalid_input` at once for bad options; the first step throws
   *   `invalid_cursor` for a cursor this feed never gave
   * @example
   * ```ts
   * const stop = new AbortController();
   * for await (const feedEvent of st.events.follow({ after: savedCursor, signal: stop.signal })) {
   *   if (feedEvent.type === 'count.posted') await notifyErp(feedEvent.event.movements);
   *   await saveCursor(feedEvent.cursor);
   * }
   * ```
   */
  follow(options?: FollowEventsOptions): AsyncIterable<FeedEvent>;
}
