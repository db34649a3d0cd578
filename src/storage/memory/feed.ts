/**
 * The memory adapter's event feed: one array in commit order (transactions run one at a time),
 * the cursor `0.<position>`, and in-process notification after a commit that appended.
 *
 * @internal
 * @module
 */
import { decodeCursor, encodeCursor, invalidCursor } from '../../feed/cursor.js';
import type { FeedEvent } from '../../feed/types.js';
import { deepFreeze } from '../../freeze.js';
import type { StorageTransaction } from '../adapter.js';

/** The feed's methods of one memory transaction. @internal */
export function memoryFeedStatements(
  feed: FeedEvent[],
  push: (list: FeedEvent[], value: FeedEvent) => void,
  write: (operation: string) => void,
): Pick<StorageTransaction, 'appendFeedEvents' | 'readFeed' | 'lastFeedCursor'> {
  return {
    appendFeedEvents: async (events) => {
      if (events.length === 0) return;
      write('appendFeedEvents');
      for (const event of events) {
        // Through JSON, as PostgreSQL stores it: a reader gets the same shape from either adapter.
        const cursor = encodeCursor({ major: 0n, minor: BigInt(feed.length + 1) });
        const stored = { id: event.id, cursor, type: event.type, at: event.at, event: JSON.parse(JSON.stringify(event.event)) as unknown };
        push(feed, deepFreeze(stored) as FeedEvent);
      }
    },
    readFeed: async ({ after, limit }) => {
      let start = 0;
      if (after !== undefined) {
        const { major, minor } = decodeCursor(after);
        if (major !== 0n || minor > BigInt(feed.length)) throw invalidCursor(after, 'was not given by this feed');
        start = Number(minor);
      }
      return feed.slice(start, start + limit);
    },
    lastFeedCursor: async () => feed[feed.length - 1]?.cursor,
  };
}

/** Listeners of a memory feed, called after a commit that appended. @internal */
export class FeedNotifier {
  private readonly listeners = new Set<() => void>();

  /** Adds a listener; resolves to its removal. */
  async watch(onAppend: () => void): Promise<() => Promise<void>> {
    const listener = () => onAppend();
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
    };
  }

  /** Calls every listener; one that throws does not stop the others. */
  notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A follower's wake-up never fails the command that committed.
      }
    }
  }
}
