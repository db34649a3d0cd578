/**
 * The outbox's write side: a command hands the events it raised to {@link feedPublisher}'s
 * function inside its own transaction; they are stored with the rest of its writes (or not at
 * all), and emitted in this process after the commit.
 *
 * @internal
 * @module
 */
import type { Clock } from '../clock.js';
import { withCountRequests } from '../count/triggers.js';
import type { StocktakeEvent } from '../events.js';
import type { TriggerRule } from '../policy/triggers.js';
import type { StorageTransaction } from '../storage/adapter.js';
import { toInstant } from '../time.js';
import type { FeedEventWrite } from './types.js';

/**
 * Stores a command's events in the feed inside its transaction and returns what to emit after
 * commit: the events, each followed by the count requests trigger rules raise from it (evaluated
 * here, so a request is stored with its cause).
 *
 * @internal
 */
export type PublishEvents = (tx: StorageTransaction, events: readonly StocktakeEvent[]) => Promise<StocktakeEvent[]>;

/** The publisher of an engine. @internal */
export function feedPublisher(clock: Clock, rules: readonly TriggerRule[]): PublishEvents {
  return async (tx, events) => {
    const all = withCountRequests(events, rules);
    if (all.length === 0) return all;
    const at = toInstant(clock.now());
    // Random, not from the engine's id source: feed ids must be unique across every process that
    // writes to one store, and must not shift the ids a deterministic source gives sessions.
    await tx.appendFeedEvents(all.map((event) => ({ id: globalThis.crypto.randomUUID(), type: event.type, at, event }) as FeedEventWrite));
    return all;
  };
}
