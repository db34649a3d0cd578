import * as z from 'zod';
import { createCatalog, type CatalogApi } from './catalog/catalog.js';
import { randomIds, systemClock, type Clock, type IdSource } from './clock.js';
import type { EngineContext } from './context.js';
import { EventBus, type StocktakeEvent, type StocktakeEventType, type StocktakeListener } from './events.js';
import { createLedger, type LedgerApi } from './ledger/ledger.js';
import { createCounts, type CountsApi } from './count/counts.js';
import { backdatedGuard, freezeGuard } from './count/guards.js';
import { defaultCountPolicies, type CountPolicies } from './count/policies.js';
import { reasonCodesSchema } from './count/reason-codes.js';
import { approvalLimitsSchema } from './count/approval-limits.js';
import { createAudit, type AuditApi } from './audit/audit.js';
import { createMetrics, type MetricsApi } from './metrics/service.js';
import { createEventsApi } from './feed/events-api.js';
import { feedPublisher } from './feed/publish.js';
import type { EventsApi } from './feed/types.js';
import { triggerRulesSchema } from './policy/schemas.js';
import type { TriggerRule } from './policy/triggers.js';
import { defaultUnits, unitPrecisionsSchema, type UnitPrecisions } from './quantity/units.js';
import type { StorageAdapter } from './storage/adapter.js';
import { createMemoryStorage } from './storage/memory/index.js';
import { withStorageErrors } from './storage/guard.js';
import { parseInput } from './validate.js';
import { appendAudit, appendAudits } from './audit/append.js';
import { toInstant } from './time.js';
import { checkedPartitionBy, type PartitionBy } from './partitions.js';

/** Options of {@link createStocktake}. */
export interface CreateStocktakeOptions {
  /** Where data lives; in memory when omitted. */
  readonly storage?: StorageAdapter;
  /** The source of "now"; the system clock when omitted. */
  readonly clock?: Clock;
  /** The source of ids for sessions and tasks; random UUIDs when omitted. */
  readonly ids?: IdSource;
  /** Decimal places per unit, added to {@link defaultUnits}. */
  readonly units?: UnitPrecisions;
  /**
   * Trigger rules evaluated on the engine's own events (balances a movement changes, review lines
   * that need attention, freeze overrides, counters' flags); each request they raise is stored in
   * the feed right after its cause, in the same transaction, and emitted as `count.requested`.
   */
  readonly triggers?: readonly TriggerRule[];
  /**
   * How far ahead of the engine's clock a handheld's clock may run, in milliseconds: count times,
   * completion times and decisions may lie up to this far after now (2 minutes by default), never
   * further, so a device with a wrong clock cannot date an adjustment in the future.
   */
  readonly clockSkewMs?: number;
  /**
   * How far ahead of the engine's clock a movement's `occurredAt` may lie. A movement records what
   * physically happened, so by default it may be dated no later than now plus
   * {@link CreateStocktakeOptions.clockSkewMs} (the same allowance for the clocks of the machines
   * that stamp it); `ledger.post` and `postMany` refuse a later date with `occurred_in_future`
   * and the path of `occurredAt`. Raise `allowanceMs` to accept planned movements (a receipt
   * dated at tomorrow's delivery): it loosens only movements, never count times, which nobody can
   * have observed in the future.
   */
  readonly futureMovements?: { readonly allowanceMs: number };
  /**
   * How far back, in whole days before a count window, the attribution of a variance reads the
   * key's movements (1–36 500). Without it (the default), a key's movements are read back to its
   * last posted count (its last good count), and a key never counted is read over its whole
   * history, so the attribution is exactly what the whole history gives. With it, nothing dated
   * earlier than the horizon before the window is read: a key never counted gets an attribution
   * period from its first movement within the horizon, and a key last counted before the horizon
   * names only the movements and movers of the period within it. Variances, expected quantities,
   * statuses and postings never depend on it: only the evidence attribution shows.
   */
  readonly attributionHorizonDays?: number;
  /** Count policies: tolerance, the back-dated movement rule and the authorization hook. */
  readonly policies?: Partial<CountPolicies>;
  /**
   * Which partition a location belongs to, for writes partitioned by warehouse: writers of
   * different partitions run in parallel, writers of one partition one at a time, and each
   * partition has its own audit hash chain. By default the first segment of the path
   * (`WH1/A/01` → `WH1`). A custom function must give each location a non-empty string of at
   * most 200 characters without control characters, the same in every process sharing the
   * storage and never changing for a location that holds data; anything else ends the command
   * in `invalid_partition` with path `['options', 'partitionBy']`, changing nothing.
   */
  readonly partitionBy?: PartitionBy;
  /** Receives errors thrown by event listeners (they never fail the command); `console.error` when omitted. */
  readonly onListenerError?: (error: unknown, event: StocktakeEvent) => void;
}

/** An engine: the catalog, the ledger and the event stream over one storage. */
export interface Stocktake {
  /** Items, locations and custodians. */
  readonly catalog: CatalogApi;
  /** The stock ledger. */
  readonly ledger: LedgerApi;
  /** Count sessions. */
  readonly counts: CountsApi;
  /** The hash-chained audit log. */
  readonly audit: AuditApi;
  /** Counting performance and stock health: accuracy, variance rates, coverage, counter performance, risk, stock age. */
  readonly metrics: MetricsApi;
  /** The storage the engine uses. */
  readonly storage: StorageAdapter;
  /**
   * The durable event feed: every event the engine emits, stored in the transaction of the command
   * that raised it, read in a stable order by any process with the same storage, and followed as
   * it grows. See {@link EventsApi}.
   */
  readonly events: EventsApi;
  /**
   * Subscribes to an event emitted in this process after its transaction commits (the same events
   * the feed stores; the feed also has those of other processes and survives a crash).
   *
   * The listener receives the event object itself, not a copy: the event and its arrays are not
   * frozen, while the records it carries may be (the memory store hands out its own frozen
   * movements and balances). Changing the event changes neither the store nor the feed, which keeps
   * its own snapshot; other listeners of the same event do see the change.
   *
   * @param type - the event type
   * @param listener - called with the event
   * @returns a function that unsubscribes
   */
  on<T extends StocktakeEventType>(type: T, listener: StocktakeListener<T>): () => void;
}

const optionsSchema = z
  .object({
    units: unitPrecisionsSchema.optional(),
    clockSkewMs: z.number().int().min(0).max(86_400_000).optional(),
    futureMovements: z.object({ allowanceMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict().optional(),
    attributionHorizonDays: z.number().int().min(1).max(36_500).optional(),
    partitionBy: z.function().optional(),
    policies: z
      .object({
        backdated: z.enum(['reject', 'flag']).optional(),
        tolerance: z.union([z.function(), z.object({ byClass: z.record(z.string(), z.unknown()) })]).optional(),
        authorize: z.function().optional(),
        reasonCodes: reasonCodesSchema.optional(),
        approvalLimits: approvalLimitsSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .passthrough();

const triggersSchema = triggerRulesSchema.optional();

/** The default of {@link CreateStocktakeOptions.clockSkewMs}: two minutes. */
export const DEFAULT_CLOCK_SKEW_MS = 120_000;

/**
 * Creates an engine. Everything is injectable so tests are deterministic: storage, clock and ids.
 *
 * @param options - storage, clock, ids and unit precisions
 * @returns the engine
 * @example
 * ```ts
 * const st = createStocktake();
 * await st.catalog.defineItem({ sku: 'A-100', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }] });
 * await st.catalog.defineLocation({ id: 'WH1/A/01' });
 * await st.ledger.post({ id: 'rcv-1', kind: 'receipt', actor: 'li',
 *   lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '2', uom: 'case' }] });
 * await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' }); // '24'
 * ```
 */
export function createStocktake(options: CreateStocktakeOptions = {}): Stocktake {
  const { units, clockSkewMs, futureMovements, attributionHorizonDays, policies } = parseInput(optionsSchema, options, ['options']);
  const triggers = parseInput(triggersSchema, options.triggers, ['options', 'triggers']) as TriggerRule[] | undefined;
  const events = new EventBus(
    options.onListenerError ??
      ((error, event) => {
        console.error(`stocktake: a listener of ${event.type} failed`, error);
      }),
  );
  const clock = options.clock ?? systemClock;
  const storage = options.storage ?? createMemoryStorage();
  const ctx: EngineContext = {
    storage: withStorageErrors(storage),
    clock,
    ids: options.ids ?? randomIds,
    units: { ...defaultUnits, ...units },
    events,
    guards: [],
    policies: { ...defaultCountPolicies, ...options.policies, approvalLimits: policies?.approvalLimits ?? defaultCountPolicies.approvalLimits },
    clockSkewMs: clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS,
    futureMovementAllowanceMs: futureMovements?.allowanceMs ?? clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS,
    attributionHorizonMs: attributionHorizonDays === undefined ? undefined : attributionHorizonDays * 86_400_000,
    partitionOf: checkedPartitionBy(options.partitionBy),
    sessionScopes: new Map(),
    audit: async (tx, record) => {
      await appendAudit(tx, toInstant(clock.now()), record);
    },
    publish: feedPublisher(clock, triggers ?? []),
    auditAll: async (tx, records) => {
      await appendAudits(tx, toInstant(clock.now()), records);
    },
  };
  ctx.guards.push(freezeGuard(ctx), backdatedGuard(ctx));
  const counts = createCounts(ctx);
  return {
    catalog: createCatalog(ctx),
    ledger: createLedger(ctx),
    counts,
    audit: createAudit(ctx),
    metrics: createMetrics(ctx),
    storage,
    events: createEventsApi(ctx.storage, storage.watchFeed === undefined ? undefined : (onAppend) => storage.watchFeed!(onAppend)),
    on: (type, listener) => events.on(type, listener),
  };
}
