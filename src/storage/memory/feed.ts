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
import { frozenSnapshot } from './snapshot.js';

/**
 * A stored event. `event` is the event itself as a frozen snapshot (see {@link frozenSnapshot}):
 * it shares the stored records an event carries (a posted movement and its balances, frozen by
 * the store) instead of a JSON text of them, and is serialised when read, so posting pays neither
 * for the text nor for keeping it (about 1.1 KB per movement). An event that is not plain data
 * (which the engine never emits) is kept as its JSON text, as before: `event` is then a string.
 *
 * @internal
 */
export interface MemoryFeedRecord {
  readonly id: string;
  readonly type: FeedEvent['type'];
  readonly at: string;
  readonly event: object | string;
}

/**
 * What reading an event gives: its JSON form read back, as PostgreSQL gives it. Serialising the
 * snapshot now gives the text serialising the event at append time gave, so reads are unchanged.
 */
function eventOf(record: MemoryFeedRecord): unknown {
  return JSON.parse(typeof record.event === 'string' ? record.event : JSON.stringify(record.event)) as unknown;
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
      for (const { id, type, at, event } of events) {
        // The snapshot, not the event: listeners receive the event itself after the commit, and
        // nothing they do to it may change the feed. Serialising throws here, in the transaction,
        // for what JSON cannot write (a cycle, a bigint), as it always did.
        const stored = frozenSnapshot(event) ?? JSON.stringify(event);
        // V8 keeps a random UUID as a tree of pieces until a character is read: read one, so the
        // feed keeps one flat copy.
        id.charCodeAt(0);
        push(feed, { id, type, at, event: stored });
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
        (record, index) => deepFreeze({ id: record.id, cursor: cursorAt(start + index + 1), type: record.type, at: record.at, event: eventOf(record) }) as FeedEvent,
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
