/**
 * Following the feed: read a page, yield it, and when the feed has nothing more, wait for the
 * storage's notification, the poll interval or the abort, whichever comes first.
 *
 * @internal
 * @module
 */
import type { StorageAdapter } from '../storage/adapter.js';
import type { FeedEvent } from './types.js';

/** What {@link followFeed} needs, already validated. @internal */
export interface FollowPlan {
  readonly after: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly pollMs: number;
  readonly batchSize: number;
}

// After a notification whose read found nothing new (on PostgreSQL an older transaction still
// running hides committed events, see feed-sql.ts), read again soon, backing off to the poll.
const FIRST_RETRY_MS = 5;

/**
 * Yields the feed's events from `plan.after` on, for ever or until the signal aborts.
 *
 * @param read - reads a page after a cursor
 * @param watch - the storage's `watchFeed`, when it has one
 * @internal
 */
export async function* followFeed(
  read: (after: string | undefined, limit: number) => Promise<FeedEvent[]>,
  watch: StorageAdapter['watchFeed'],
  plan: FollowPlan,
): AsyncGenerator<FeedEvent, void, undefined> {
  const { signal, pollMs, batchSize } = plan;
  // A function, so that the compiler does not narrow a flag the abort changes meanwhile.
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) return;
  const wake = new Wakeup();
  const unwatch = watch === undefined ? undefined : await watch(() => wake.fire());
  const onAbort = (): void => wake.fire();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let cursor = plan.after;
    let retryMs: number | undefined;
    while (!aborted()) {
      const seen = wake.count;
      const page = await read(cursor, batchSize);
      for (const event of page) {
        if (aborted()) return;
        yield event;
        cursor = event.cursor;
      }
      if (page.length === batchSize) continue;
      if (page.length > 0) retryMs = undefined;
      if (wake.count !== seen) {
        // Woken while reading: read again now.
        retryMs ??= FIRST_RETRY_MS;
        continue;
      }
      const delay = retryMs ?? pollMs;
      if (retryMs !== undefined) retryMs = retryMs * 2 >= pollMs ? undefined : retryMs * 2;
      if (await wake.wait(delay)) retryMs = FIRST_RETRY_MS;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await unwatch?.();
  }
}

/** A counter of wake-ups and a wait for the next one. */
class Wakeup {
  count = 0;
  private waiting: (() => void) | undefined;

  fire(): void {
    this.count++;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
  }

  /** Resolves true when fired, false after `ms`. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        resolve(false);
      }, ms);
      this.waiting = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
