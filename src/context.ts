import type { Clock, IdSource } from './clock.js';
import type { AuditRecord } from './audit/append.js';
import type { CountPolicies } from './count/policies.js';
import type { EventBus, StocktakeEvent } from './events.js';
import type { DraftMovement, Refusal } from './ledger/prepare.js';
import type { Movement } from './ledger/types.js';
import type { UnitPrecisions } from './quantity/units.js';
import type { StorageAdapter, StorageTransaction } from './storage/adapter.js';

/**
 * What a movement guard says about a draft movement: refuse it, or accept it and run `afterAppend`
 * in the same transaction once it is stored.
 *
 * @internal
 */
export type GuardVerdict =
  | { readonly refuse: Refusal }
  | { readonly afterAppend: (tx: StorageTransaction, movement: Movement) => Promise<readonly StocktakeEvent[]> }
  | undefined;

/**
 * A check run inside the posting transaction before balances are locked: count sessions use it
 * for frozen keys and back-dated movements.
 *
 * @internal
 */
export type MovementGuard = (tx: StorageTransaction, draft: DraftMovement) => Promise<GuardVerdict>;

/**
 * Everything the services of one engine share.
 *
 * @internal
 */
export interface EngineContext {
  readonly storage: StorageAdapter;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly units: UnitPrecisions;
  readonly events: EventBus;
  readonly guards: MovementGuard[];
  readonly policies: CountPolicies;
  /** Appends to the audit log inside the command's transaction. */
  readonly audit: (tx: StorageTransaction, record: AuditRecord) => Promise<void>;
}
