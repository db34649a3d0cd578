/**
 * `st.events`: reading and following the event feed.
 *
 * @internal
 * @module
 */
import * as z from 'zod';
import { StocktakeError } from '../errors.js';
import type { StorageAdapter } from '../storage/adapter.js';
import { parseInput } from '../validate.js';
import { decodeCursor } from './cursor.js';
import { followFeed } from './follow.js';
import type { EventsApi, FeedEvent } from './types.js';

/** The largest page of `read` and `follow`. */
export const MAX_FEED_PAGE = 1000;
const DEFAULT_PAGE = 100;
const DEFAULT_POLL_MS = 500;

const limitSchema = z.number().int().min(1).max(MAX_FEED_PAGE);
const readSchema = z.object({ after: z.unknown().optional(), limit: limitSchema.optional() }).strict();
const followSchema = z
  .object({
    after: z.unknown().optional(),
    signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: 'Expected an AbortSignal' }).optional(),
    pollMs: z.number().int().min(10).max(60_000).optional(),
    batchSize: limitSchema.optional(),
  })
  .strict();

/** A cursor checked for its form (whether this feed gave it is the storage's to say). */
function cursorOf(after: unknown): string | undefined {
  if (after === undefined) return undefined;
  decodeCursor(after);
  return after as string;
}

function optionsObject(options: unknown, name: string): unknown {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new StocktakeError('invalid_input', `${name} options must be an object`, { path: [] });
  }
  return options;
}

/**
 * `st.events` over an engine's storage: `storage` the wrapped adapter commands use, `watch` the
 * caller's adapter's `watchFeed`.
 *
 * @internal
 */
export function createEventsApi(storage: StorageAdapter, watch: StorageAdapter['watchFeed']): EventsApi {
  const read = (after: string | undefined, limit: number): Promise<FeedEvent[]> =>
    storage.transaction((tx) => tx.readFeed({ after, limit }), { readOnly: true });
  return {
    async read(options) {
      const parsed = parseInput(readSchema, optionsObject(options, 'read'));
      return read(cursorOf(parsed.after), parsed.limit ?? DEFAULT_PAGE);
    },
    latest: () => storage.transaction((tx) => tx.lastFeedCursor(), { readOnly: true }),
    follow(options) {
      const parsed = parseInput(followSchema, optionsObject(options, 'follow'));
      const plan = {
        after: cursorOf(parsed.after),
        signal: parsed.signal,
        pollMs: parsed.pollMs ?? DEFAULT_POLL_MS,
        batchSize: parsed.batchSize ?? DEFAULT_PAGE,
      };
      return { [Symbol.asyncIterator]: () => followFeed(read, watch, plan) };
    },
  };
}
