/**
 * Events the engine emits after a transaction commits.
 *
 * @module
 */
import type { ReviewLine } from './count/review-types.js';
import type { CountException, CountSession } from './count/types.js';
import type { StockKey } from './ledger/key.js';
import type { Balance, Movement } from './ledger/types.js';
import type { CountRequest } from './policy/triggers.js';

/** Every event, by type. Count, audit and policy events are added by those parts. */
export interface StocktakeEventMap {
  /** A movement was created (not emitted for `exists`). */
  'movement.posted': {
    readonly type: 'movement.posted';
    readonly movement: Movement;
    /** The balances of the keys it touched, after it. */
    readonly balances: readonly Balance[];
  };
  /** A count session was opened. */
  'count.opened': { readonly type: 'count.opened'; readonly session: CountSession };
  /** A review found a line that needs attention (recount, ambiguous, approval or a decision). */
  'count.variance': { readonly type: 'count.variance'; readonly sessionId: string; readonly line: ReviewLine };
  /** A count session was posted. */
  'count.posted': { readonly type: 'count.posted'; readonly session: CountSession; readonly movements: readonly Movement[] };
  /** A movement was let through a frozen count with an override; its keys go back to recount. */
  'count.override': {
    readonly type: 'count.override';
    readonly sessionId: string;
    readonly movementId: string;
    readonly keys: readonly StockKey[];
    readonly reason: string;
    readonly at: string;
  };
  /** A counter flagged a key (damaged goods, a mixed bin, a missing label). */
  'count.flagged': {
    readonly type: 'count.flagged';
    readonly key: StockKey;
    readonly counter: string;
    readonly note?: string;
    readonly sessionId?: string;
    readonly at: string;
  };
  /** A trigger rule raised an ad-hoc count request. */
  'count.requested': { readonly type: 'count.requested'; readonly request: CountRequest };
  /** A movement crossed a posted count and was let through under the `flag` policy. */
  'count.exception': { readonly type: 'count.exception'; readonly exception: CountException };
}

/** The name of an event. */
export type StocktakeEventType = keyof StocktakeEventMap;
/** Any event. */
export type StocktakeEvent = StocktakeEventMap[StocktakeEventType];
/** A subscriber of one event type. */
export type StocktakeListener<T extends StocktakeEventType> = (event: StocktakeEventMap[T]) => void | Promise<void>;

/**
 * A small typed emitter. A listener that throws or rejects does not stop the others or the
 * command that emitted: the error goes to `onListenerError`.
 *
 * @internal
 */
export class EventBus {
  private readonly listeners = new Map<StocktakeEventType, Set<StocktakeListener<StocktakeEventType>>>();

  constructor(private readonly onListenerError: (error: unknown, event: StocktakeEvent) => void) {}

  on<T extends StocktakeEventType>(type: T, listener: StocktakeListener<T>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener as unknown as StocktakeListener<StocktakeEventType>);
    this.listeners.set(type, set);
    return () => set.delete(listener as unknown as StocktakeListener<StocktakeEventType>);
  }

  emit(event: StocktakeEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) {
      try {
        const returned = listener(event);
        if (returned instanceof Promise) returned.catch((error: unknown) => this.onListenerError(error, event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
