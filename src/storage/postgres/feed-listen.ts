/**
 * Wakes followers of a PostgreSQL feed: one `LISTEN` per adapter, shared by every follower of it,
 * opened when the first one starts and closed after the last one stops. A lost listening
 * connection is opened again after a pause; meanwhile followers poll, so nothing is missed.
 *
 * @internal
 * @module
 */
import { FEED_CHANNEL } from './feed-sql.js';

/**
 * How a driver listens to a channel: resolves once listening, to a function that stops. `onLost`
 * is called when the listening connection dies.
 *
 * @internal
 */
export type SqlListen = (channel: string, onPayload: (payload: string) => void, onLost: () => void) => Promise<() => Promise<void>>;

const RELISTEN_MS = 1_000;

/**
 * The `watchFeed` of an adapter over a driver's `listen`, for the schema whose notifications carry
 * `payload`.
 *
 * @internal
 */
export function feedWatcher(listen: SqlListen, payload: string): (onAppend: () => void) => Promise<() => Promise<void>> {
  const listeners = new Set<() => void>();
  let active: Promise<(() => Promise<void>) | undefined> | undefined;
  const wakeAll = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const start = (): Promise<(() => Promise<void>) | undefined> =>
    listen(
      FEED_CHANNEL,
      (received) => {
        if (received === payload) wakeAll();
      },
      () => {
        active = undefined;
        // Anything committed while the connection was down is found by reading again.
        wakeAll();
        const timer = setTimeout(() => {
          if (listeners.size > 0 && active === undefined) active = start();
        }, RELISTEN_MS);
        timer.unref?.();
      },
    ).catch(() => undefined); // cannot listen (no connection to spare): followers poll
  return async (onAppend) => {
    listeners.add(onAppend);
    active ??= start();
    await active;
    return async () => {
      listeners.delete(onAppend);
      if (listeners.size > 0 || active === undefined) return;
      const stopping = active;
      active = undefined;
      const stop = await stopping;
      await stop?.().catch(() => undefined);
    };
  };
}
