import { canonicalJson } from '../canonical.js';
import { scopeOfLocations, writeIn } from '../partitions.js';
import { StocktakeError } from '../errors.js';
import type { EngineContext } from '../context.js';
import { parseInput, type DeepReadonly } from '../validate.js';
import { instantSchema, toInstant, type Instant, type InstantInput } from '../time.js';
import { idSchema, locationIdSchema } from '../catalog/schemas.js';
import { canonicalDecimal, D, formatDecimal, type DecimalString } from '../quantity/decimal.js';
import { stockKeySchema, type StockKey } from './key.js';
import { assertOccurredBy, latestOccurredAt } from './occurred-at.js';
import { parseMovementBatch, parseMovementInput } from './fast-parse.js';
import { postBatch } from './post-batch.js';
import type { MovementHeader } from './prepare.js';
import { movementInputSchema, type MovementInput, type ParsedMovementInput } from './schemas.js';
import type { Balance, BalanceFilter, Movement, MovementFilter, PostResult } from './types.js';
import * as z from 'zod';

/** Options of `ledger.onHand`. */
export interface OnHandOptions {
  /** Answer as of this business time (all movements with `occurredAt` at or before it); now when omitted. */
  readonly asOf?: InstantInput;
}

/** Options of `ledger.balances`. */
export interface BalancesOptions extends BalanceFilter {
  /** Balances as of this business time instead of the current ones. */
  readonly asOf?: InstantInput;
}

/** The stock ledger. */
export interface LedgerApi {
  /**
   * Posts one movement, all lines or none. Validation failures throw `invalid_input`; ledger
   * outcomes are returned (see {@link PostResultCode} for the codes and their precedence).
   * Submitting the same id again is safe: `exists` when the payload is the same,
   * `exists_with_different_payload` when it is not, and nothing is written either way. An
   * `occurredAt` later than now plus the engine's `futureMovements.allowanceMs` throws
   * `occurred_in_future` with the path `['occurredAt']`.
   *
   * @param input - the movement
   * @returns the outcome
   */
  post(input: DeepReadonly<MovementInput>): Promise<PostResult>;
  /**
   * Posts many movements in one storage transaction, in order: an import of opening stock, an
   * ERP's backlog, a scanner's queue. Each movement gets its own outcome, exactly as `post` would
   * give it: a refused one writes nothing and does not stop the others, later ones see the
   * earlier ones' stock, and ids are idempotent across `post` and `postMany` alike. The created
   * movements commit together (a storage failure writes none of them) and their events follow
   * the commit. On PostgreSQL this saves a transaction, a lock and a commit per movement.
   *
   * Invalid input anywhere throws `invalid_input` (a date too far ahead `occurred_in_future`), its
   * path starting with the movement's index, and posts nothing.
   *
   * @param inputs - up to {@link MAX_POST_BATCH} movements
   * @returns one outcome per movement, in input order
   * @example
   * ```ts
   * const results = await st.ledger.postMany([
   *   { id: 'rcv-1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] },
   *   { id: 'iss-1', kind: 'issue', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '4' }] },
   * ]);
   * results.map((r) => r.result); // ['created', 'created']
   * ```
   */
  postMany(inputs: ReadonlyArray<DeepReadonly<MovementInput>>): Promise<PostResult[]>;
  /**
   * The quantity of a key in base units as of a business time. Without `lot`/`serial`, the total
   * over every lot and serial of the item at that location; `"0"` for a known item at a known
   * location that holds none of it.
   *
   * An sku the catalog does not know throws `item_not_found` (path `['key', 'sku']`), a location
   * it does not know `location_not_found` (path `['key', 'location']`): a typo is not an empty
   * shelf.
   *
   * @param key - sku and location, optionally lot and serial
   * @param options - the business time
   * @returns a decimal string
   * @throws StocktakeError `item_not_found` or `location_not_found` for a key the catalog does not know
   * @example
   * ```ts
   * await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' }); // '24'
   * await st.ledger.onHand({ sku: 'A-1OO', location: 'WH1/A/01' }); // throws item_not_found, path ['key', 'sku']
   * ```
   */
  onHand(key: StockKey, options?: OnHandOptions): Promise<DecimalString>;
  /**
   * Balances of the keys matching a filter, ordered by key; zero balances only with `includeZero`.
   *
   * @param filter - sku, location subtree, lot, and optionally a business time
   * @returns the balances
   */
  balances(filter?: BalancesOptions): Promise<Balance[]>;
  /**
   * Movements in store order (the order the engine accepted them).
   *
   * @param filter - sku, location subtree, kinds, paging, business-time range
   * @returns the movements
   */
  movements(filter?: MovementFilter): Promise<Movement[]>;
  /** The movement with this id, or `undefined`. */
  get(id: string): Promise<Movement | undefined>;
}

/** The most movements one `ledger.postMany` call takes: a bound on one transaction's size. */
export const MAX_POST_BATCH = 10_000;

const movementBatchSchema = z.array(movementInputSchema).max(MAX_POST_BATCH);
const onHandKeySchema = stockKeySchema;
const balancesOptionsSchema = z
  .object({
    sku: idSchema.optional(),
    location: locationIdSchema.optional(),
    lot: idSchema.optional(),
    includeZero: z.boolean().optional(),
    asOf: instantSchema.optional(),
  })
  .strict();
const movementFilterSchema = z
  .object({
    sku: idSchema.optional(),
    location: locationIdSchema.optional(),
    kinds: z.array(z.enum(['receipt', 'issue', 'transfer', 'adjustment', 'count_adjustment'])).optional(),
    afterSeq: z.number().int().min(0).optional(),
    occurredFrom: instantSchema.optional(),
    occurredTo: instantSchema.optional(),
    limit: z.number().int().min(1).optional(),
  })
  .strict();

/** @internal */
export function createLedger(ctx: EngineContext): LedgerApi {
  /** Validates one movement or a batch (whose paths start with the movement's index) and posts them. */
  const postInputs = async (movements: readonly ParsedMovementInput[], batch: boolean): Promise<PostResult[]> => {
    const now = ctx.clock.now();
    const latest = latestOccurredAt(now, ctx.futureMovementAllowanceMs);
    for (const [index, movement] of movements.entries()) {
      assertOccurredBy(movement.occurredAt, latest, ctx.futureMovementAllowanceMs, batch ? [index, 'occurredAt'] : ['occurredAt']);
    }
    const recordedAt = toInstant(now);
    const requests = movements.map((movement) => ({ header: headerOf(movement, recordedAt), lines: movement.lines }));
    // The partitions of every line's locations, from and to: a transfer between warehouses locks both.
    const scope = scopeOfLocations(ctx, movements.flatMap((movement) => movement.lines.flatMap((line) => [line.from, line.to].filter((l) => l !== undefined))));
    const { outcomes, events } = await writeIn(ctx, scope, async (tx) => {
      const outcomes = await postBatch(ctx, tx, requests);
      return { outcomes, events: await ctx.publish(tx, outcomes.flatMap((outcome) => outcome.events)) };
    });
    for (const event of events) ctx.events.emit(event);
    return outcomes.map(({ result }) => result);
  };
  return {
    async post(input) {
      const [result] = await postInputs([parseMovementInput(input)], false);
      return result!;
    },
    postMany: async (inputs) => postInputs(parseMovementBatch(inputs, movementBatchSchema, MAX_POST_BATCH), true),
    async onHand(key, options = {}) {
      const parsedKey = parseInput(onHandKeySchema, key, ['key']);
      const asOf = options.asOf === undefined ? undefined : parseInput(instantSchema, options.asOf, ['asOf']);
      const matches = (balance: Balance) =>
        balance.key.location === parsedKey.location &&
        (parsedKey.lot === undefined || balance.key.lot === parsedKey.lot) &&
        (parsedKey.serial === undefined || balance.key.serial === parsedKey.serial);
      const sum = (balances: readonly Balance[]) => formatDecimal(balances.filter(matches).reduce((total, b) => total.plus(b.qty), new D(0)));
      return ctx.storage.transaction(async (tx) => {
        if ((await tx.getItem(parsedKey.sku)) === undefined) {
          throw new StocktakeError('item_not_found', `No item has sku "${parsedKey.sku}": define it with catalog.defineItem before asking its stock`, {
            path: ['key', 'sku'],
          });
        }
        if ((await tx.getLocation(parsedKey.location)) === undefined) {
          throw new StocktakeError('location_not_found', `No location has id "${parsedKey.location}": define it with catalog.defineLocation before asking its stock`, {
            path: ['key', 'location'],
          });
        }
        const filter = { sku: parsedKey.sku, location: parsedKey.location, includeZero: true };
        if (asOf === undefined) return sum(await tx.listBalances(filter));
        if (tx.balancesAsOf !== undefined) return sum(await tx.balancesAsOf(filter, asOf));
        let total = new D(0);
        for (const balance of (await tx.listBalances(filter)).filter(matches)) total = total.plus(await tx.quantityAsOf(balance.key, asOf));
        return formatDecimal(total);
      }, { readOnly: true });
    },
    async balances(filter = {}) {
      const { asOf, ...rest } = parseInput(balancesOptionsSchema, filter, ['filter']);
      return ctx.storage.transaction(async (tx) => {
        if (asOf === undefined) return tx.listBalances(rest);
        if (tx.balancesAsOf !== undefined) return tx.balancesAsOf(rest, asOf);
        const all = await tx.listBalances({ ...rest, includeZero: true });
        const result: Balance[] = [];
        for (const balance of all) {
          const qty = await tx.quantityAsOf(balance.key, asOf);
          if (rest.includeZero === true || !new D(qty).isZero()) result.push({ ...balance, qty });
        }
        return result;
      }, { readOnly: true });
    },
    async movements(filter = {}) {
      const parsed = parseInput(movementFilterSchema, filter, ['filter']);
      return ctx.storage.transaction((tx) => tx.listMovements(parsed), { readOnly: true });
    },
    get: async (id) => ctx.storage.transaction((tx) => tx.getMovement(parseInput(idSchema, id, ['id'])), { readOnly: true }),
  };
}

/** The stored header of a validated movement; its fingerprint is what idempotency compares. */
function headerOf(parsed: ParsedMovementInput, recordedAt: Instant): MovementHeader {
  return {
    id: parsed.id,
    kind: parsed.kind,
    occurredAt: parsed.occurredAt ?? recordedAt,
    recordedAt,
    actor: parsed.actor,
    // Equal decimals are the same payload: "5" and "5.0" retry the same movement.
    fingerprint: canonicalJson({ ...parsed, lines: parsed.lines.map((line) => ({ ...line, qty: canonicalDecimal(line.qty) })) }),
    reference: parsed.reference,
    reason: parsed.reason,
    override: parsed.override,
  };
}
