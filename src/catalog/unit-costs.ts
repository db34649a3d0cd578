/**
 * Items' unit cost history: each cost takes effect at a moment, and the cost of an item at a
 * moment is the latest one in effect then (the item's own `unitCost` before any).
 *
 * @module
 */
import { writeIn } from '../partitions.js';
import * as z from 'zod';
import type { EngineContext } from '../context.js';
import { StocktakeError } from '../errors.js';
import { formatDecimal, D, nonNegativeDecimalSchema, type DecimalString } from '../quantity/decimal.js';
import { instantSchema, toInstant, type Instant, type InstantInput } from '../time.js';
import { parseInput, type DeepReadonly } from '../validate.js';
import { idSchema } from './schemas.js';
import type { Item, UnitCost } from './types.js';

/** Input of `catalog.setUnitCost`. */
export const unitCostInputSchema = z
  .object({
    sku: idSchema,
    /** The cost of one base unit, in the caller's currency. */
    unitCost: nonNegativeDecimalSchema,
    /** When it takes effect; now when omitted. Back-dating is allowed (a price correction). */
    from: instantSchema.optional(),
    actor: idSchema,
  })
  .strict();

/** Input of `catalog.setUnitCost`: one price of an item's cost history. */
export interface UnitCostInput {
  /** The item. */
  sku: string;
  /** The cost of one base unit in the caller's currency, a non-negative decimal string (e.g. `"2.50"`). */
  unitCost: string;
  /** When it takes effect; now when omitted. Back-dating is allowed (a price correction). */
  from?: InstantInput | undefined;
  /** Who sets it (kept in the audit trail). */
  actor: string;
}

/**
 * The cost of one base unit of an item at a moment: the history entry with the latest `from` at
 * or before it (of two with the same `from`, the one stored later); before any, the item's own
 * `unitCost`; `0` without either. Pure.
 *
 * @param history - the item's cost history, ordered by `from` then `seq` (as storage lists it)
 * @param item - the item (for its own `unitCost`), when known
 * @param at - the moment
 * @returns the unit cost
 * @internal
 */
export function unitCostIn(history: readonly UnitCost[], item: Pick<Item, 'unitCost'> | undefined, at: Instant): DecimalString {
  let found: UnitCost | undefined;
  for (const cost of history) {
    if (cost.from > at) break;
    found = cost;
  }
  return found?.unitCost ?? formatDecimal(new D(item?.unitCost ?? 0));
}

/** Cost histories by sku, from a list ordered by sku, `from`, `seq`. @internal */
export function costHistories(costs: readonly UnitCost[]): Map<string, UnitCost[]> {
  const bySku = new Map<string, UnitCost[]>();
  for (const cost of costs) {
    const list = bySku.get(cost.sku);
    if (list) list.push(cost);
    else bySku.set(cost.sku, [cost]);
  }
  return bySku;
}

/** The unit-cost part of the catalog. @internal */
export interface UnitCostsApi {
  setUnitCost(input: DeepReadonly<UnitCostInput>): Promise<UnitCost>;
  unitCostAt(sku: string, at?: Date | string): Promise<DecimalString>;
  listUnitCosts(sku: string): Promise<UnitCost[]>;
}

/** @internal */
export function createUnitCosts(ctx: EngineContext): UnitCostsApi {
  const readOnly = { readOnly: true } as const;
  return {
    async setUnitCost(input) {
      const parsed = parseInput(unitCostInputSchema, input);
      const recordedAt = toInstant(ctx.clock.now());
      return writeIn(ctx, 'catalog', async (tx) => {
        if (!(await tx.getItem(parsed.sku))) throw new StocktakeError('item_not_found', `No item has sku "${parsed.sku}"`, { path: ['sku'] });
        const stored = await tx.addUnitCost({
          sku: parsed.sku,
          unitCost: formatDecimal(new D(parsed.unitCost)),
          from: parsed.from ?? recordedAt,
          actor: parsed.actor,
          recordedAt,
        });
        await ctx.audit(tx, { actor: parsed.actor, action: 'item.cost', subject: parsed.sku, data: stored });
        return stored;
      });
    },
    async unitCostAt(sku, at) {
      const id = parseInput(idSchema, sku, ['sku']);
      const moment = at === undefined ? toInstant(ctx.clock.now()) : parseInput(instantSchema, at, ['at']);
      return ctx.storage.transaction(async (tx) => {
        const item = await tx.getItem(id);
        if (!item) throw new StocktakeError('item_not_found', `No item has sku "${id}"`, { path: ['sku'] });
        return unitCostIn(await tx.listUnitCosts({ skus: [id] }), item, moment);
      }, readOnly);
    },
    async listUnitCosts(sku) {
      const id = parseInput(idSchema, sku, ['sku']);
      return ctx.storage.transaction((tx) => tx.listUnitCosts({ skus: [id] }), readOnly);
    },
  };
}
