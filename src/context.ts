import type { Clock, IdSource } from './clock.js';
import type { AuditRecord } from './audit/append.js';
import type { CountPolicies } from './count/policies.js';
import type { EventBus, StocktakeEvent } from './events.js';
import type { PublishEvents } from './feed/publish.js';
import type { StockKey } from './ledger/key.js';
import type { DraftMovement, Refusal } from './ledger/prepare.js';
import type { Movement } from './ledger/types.js';
import type { UnitPrecisions } from './quantity/units.js';
import type { StorageAdapter, StorageTransaction, WriteScope } from './storage/adapter.js';

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
 * A check of a draft movement against what its guard read for the batch.
 *
 * @internal
 */
export type GuardCheck = (draft: DraftMovement) => GuardVerdict;

/**
 * A rule run inside the posting transaction before balances change: count sessions use it for
 * frozen keys and back-dated movements. It reads what it needs once for a batch of movements (the
 * keys they touch, their items) and returns the check applied to each of them.
 *
 * @internal
 */
export type MovementGuard = (
  tx: StorageTransaction,
  batch: { readonly keys: readonly StockKey[] },
) => Promise<GuardCheck>;

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
  /** How far ahead of the engine's clock a device's clock may run: asserted times up to now plus this are accepted. */
  readonly clockSkewMs: number;
  /** How far ahead of the engine's clock a movement's `occurredAt` may lie. */
  readonly futureMovementAllowanceMs: number;
  /** How far back before a count window attribution reads a key's postings; no limit when `undefined`. */
  readonly attributionHorizonMs: number | undefined;
  /** The partition (warehouse) of a location, validated (see `CreateStocktakeOptions.partitionBy`). */
  readonly partitionOf: (location: string) => string;
  /** The write scope of each count session seen, by id: a session's scope never changes once open. */
  readonly sessionScopes: Map<string, WriteScope>;
  /** Appends to the audit log inside the command's transaction. */
  readonly audit: (tx: StorageTransaction, record: AuditRecord) => Promise<void>;
  /**
   * Stores a command's events in the feed inside its transaction; returns them with the count
   * requests trigger rules raised, to emit after the commit.
   */
  readonly publish: PublishEvents;
  /** Appends several records to the audit log, in order, inside the command's transaction. */
  readonly auditAll: (tx: StorageTransaction, records: readonly AuditRecord[]) => Promise<void>;
}
