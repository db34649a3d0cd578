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

/**
 * A stored event: its JSON text, as PostgreSQL keeps it. Serialising at append time is the
 * snapshot (nothing a listener does to the emitted object changes the feed); parsing waits for a
 * reader, so a command that posts thousands of movements pays only for the text.
 *
 * @internal
 */
export interface MemoryFeedRecord {
  readonly id: string;
  readonly type: FeedEvent['type'];
  readonly at: string;
  readonly json: string;
}

/** The feed's methods of one memory transaction. @internal */
export function memoryFeedStatements(
  feed: MemoryFeedRecord[],
  push: (list: MemoryFeedRecord[], value: MemoryFeedRecord) => void,
  write: (operation: string) => void,
): Pick<StorageTransaction, 'appendFeedEvents' | 'readFeed' | 'lastFeedCursor'> {
  const cursorAt = (position: number): string => encodeCursor({ major: 0n, minor: BigInt(position) });
  return {
    appendFeedEvents: async (events) => {
      if (events.length === 0) return;
      write('appendFeedEvents');
      for (const event of events) {
        const json = JSON.stringify(event.event);
        // V8 builds a long JSON text, and a random UUID, as a tree of pieces (about twenty per
        // posted movement, 32 bytes each) until a character is read: read one of each, so the
        // feed keeps one flat copy.
        json.charCodeAt(0);
        event.id.charCodeAt(0);
        push(feed, { id: event.id, type: event.type, at: event.at, json });
      }
    },
    readFeed: async ({ after, limit }) => {
      let start = 0;
      if (after !== undefined) {
        const { major, minor } = decodeCursor(after);
        if (major !== 0n || minor > BigInt(feed.length)) throw invalidCursor(after, 'was not given by this feed');
        start = Number(minor);
      }
      return feed.slice(start, start + limit).map(
        (record, index) =>
          deepFreeze({ id: record.id, cursor: cursorAt(start + index + 1), type: record.type, at: record.at, event: JSON.parse(record.json) as unknown }) as FeedEvent,
      );
    },
    lastFeedCursor: async () => (feed.length === 0 ? undefined : cursorAt(feed.length)),
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
