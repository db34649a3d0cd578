import type { EngineContext } from '../context.js';
import { writeIn } from '../partitions.js';
import { StocktakeError } from '../errors.js';
import { D } from '../quantity/decimal.js';
import { finerThanMessage } from '../quantity/units.js';
import { parseInput, type DeepReadonly } from '../validate.js';
import { custodiansAt } from './custodians.js';
import { omitUndefined } from '../ledger/prepare.js';
import { instantSchema, toInstant, type InstantInput } from '../time.js';
import {
  custodianInputSchema,
  itemInputSchema,
  locationIdSchema,
  locationInputSchema,
  idSchema,
  type CustodianInput,
  type ItemInput,
  type LocationInput,
} from './schemas.js';
import type { CustodianAssignment, Item, Location, UnitCost } from './types.js';
import type { DecimalString } from '../quantity/decimal.js';
import { createUnitCosts, type UnitCostInput } from './unit-costs.js';

/** The catalog: items, locations and who answers for them. */
export interface CatalogApi {
  /**
   * Creates an item, or updates one whose stock would be measured the same way (name, cost, ABC
   * class, look-alikes, new packs and GTINs). Changing the base unit, its precision, the tracking
   * mode or an existing pack's factor is `incompatible_item_change`.
   *
   * @param input - the item
   * @returns the stored item
   */
  defineItem(input: DeepReadonly<ItemInput>): Promise<Item>;
  /** The item with this sku, or `undefined`. */
  getItem(sku: string): Promise<Item | undefined>;
  /** Every item, ordered by sku. */
  listItems(): Promise<Item[]>;
  /**
   * Creates or renames a location. Parents need not be defined: the hierarchy is the path.
   *
   * @param input - the location
   * @returns the stored location
   */
  defineLocation(input: DeepReadonly<LocationInput>): Promise<Location>;
  /** The location with this id, or `undefined`. */
  getLocation(id: string): Promise<Location | undefined>;
  /** Locations in a subtree (all when omitted), ordered by path. */
  listLocations(subtree?: string): Promise<Location[]>;
  /**
   * Makes people answer for a location subtree from a moment on (an empty list hands it back).
   *
   * @param input - the subtree, the custodians, from when, and who decides
   * @returns the stored assignment
   */
  assignCustodians(input: DeepReadonly<CustodianInput>): Promise<CustodianAssignment>;
  /**
   * Who answers for a location at a moment (now when omitted).
   *
   * @param location - the location path
   * @param options - the moment
   * @returns the custodians
   */
  custodiansAt(location: string, options?: { at?: InstantInput }): Promise<readonly string[]>;
  /** Every custodian assignment in store order. */
  listCustodianAssignments(): Promise<CustodianAssignment[]>;
  /**
   * Adds an entry to an item's cost history: `unitCost` per base unit from `from` (now when
   * omitted) on. Counts value a variance at the cost in effect at its count time; the item's own
   * `unitCost` applies before the first entry. Audited as `item.cost`; `item_not_found` for an
   * unknown sku.
   *
   * @example
   * ```ts
   * await st.catalog.setUnitCost({ sku: 'A-100', unitCost: '2.75', from: '2026-03-01T00:00:00Z', actor: 'finance' });
   * ```
   */
  setUnitCost(input: DeepReadonly<UnitCostInput>): Promise<UnitCost>;
  /** The unit cost of an item in effect at a moment (now when omitted). */
  unitCostAt(sku: string, at?: Date | string): Promise<DecimalString>;
  /** An item's cost history, by effective time. */
  listUnitCosts(sku: string): Promise<UnitCost[]>;
}

/** @internal */
export function createCatalog(ctx: EngineContext): CatalogApi {
  return {
    ...createUnitCosts(ctx),
    async defineItem(input) {
      const { actor = 'system', ...parsed } = parseInput(itemInputSchema, input);
      const decimals = parsed.decimals ?? ctx.units[parsed.baseUom];
      if (decimals === undefined) {
        const known = Object.keys(ctx.units).join(', ');
        throw new StocktakeError(
          'unknown_uom',
          `Unit "${parsed.baseUom}" is not in the engine's unit table (${known}): add it with createStocktake({ units: { ${JSON.stringify(parsed.baseUom)}: <decimal places> } }), or give the item its own decimals`,
          { path: ['baseUom'], details: { uom: parsed.baseUom, units: Object.keys(ctx.units) } },
        );
      }
      parsed.packs.forEach((pack, index) => {
        if (new D(pack.factor).decimalPlaces() > decimals) {
          throw new StocktakeError(
            'invalid_quantity',
            `A ${pack.uom} of ${pack.factor} ${parsed.baseUom}: ${finerThanMessage(pack.factor, pack.factor, parsed.baseUom, decimals)}`,
            { path: ['packs', index, 'factor'] },
          );
        }
      });
      const item: Item = omitUndefined({ ...parsed, decimals, packs: parsed.packs.map((pack) => omitUndefined(pack)) });
      return writeIn(ctx, 'catalog', async (tx) => {
        const existing = await tx.getItem(item.sku);
        if (existing) assertCompatible(existing, item);
        await tx.putItem(item);
        await ctx.audit(tx, { actor, action: 'item.define', subject: item.sku, data: item });
        return item;
      });
    },
    getItem: async (sku) => ctx.storage.transaction((tx) => tx.getItem(parseInput(idSchema, sku, ['sku'])), { readOnly: true }),
    listItems: async () => ctx.storage.transaction((tx) => tx.listItems(), { readOnly: true }),
    async defineLocation(input) {
      const { actor = 'system', ...rest } = parseInput(locationInputSchema, input);
      const location: Location = omitUndefined(rest);
      return writeIn(ctx, 'catalog', async (tx) => {
        await tx.putLocation(location);
        await ctx.audit(tx, { actor, action: 'location.define', subject: location.id, data: location });
        return location;
      });
    },
    getLocation: async (id) =>
      ctx.storage.transaction((tx) => tx.getLocation(parseInput(locationIdSchema, id, ['id'])), { readOnly: true }),
    async listLocations(subtree) {
      const root = subtree === undefined ? undefined : parseInput(locationIdSchema, subtree, ['subtree']);
      return ctx.storage.transaction((tx) => tx.listLocations(root), { readOnly: true });
    },
    async assignCustodians(input) {
      const parsed = parseInput(custodianInputSchema, input);
      const recordedAt = toInstant(ctx.clock.now());
      return writeIn(ctx, 'catalog', async (tx) => {
        const assignment = await tx.addCustodianAssignment({ ...parsed, recordedAt });
        await ctx.audit(tx, { actor: parsed.actor, action: 'custodians.assign', subject: parsed.location, data: assignment });
        return assignment;
      });
    },
    async custodiansAt(location, options = {}) {
      const path = parseInput(locationIdSchema, location, ['location']);
      const at = options.at === undefined ? toInstant(ctx.clock.now()) : parseInput(instantSchema, options.at, ['at']);
      const assignments = await ctx.storage.transaction((tx) => tx.listCustodianAssignments(), { readOnly: true });
      return custodiansAt(assignments, path, at);
    },
    listCustodianAssignments: async () => ctx.storage.transaction((tx) => tx.listCustodianAssignments(), { readOnly: true }),
  };
}

function assertCompatible(existing: Item, next: Item): void {
  const changed = (field: string, message: string): never => {
    throw new StocktakeError('incompatible_item_change', `Item ${next.sku}: ${message}`, { path: [field] });
  };
  if (existing.baseUom !== next.baseUom) changed('baseUom', `the base unit is ${existing.baseUom}`);
  if (existing.decimals !== next.decimals) changed('decimals', `the base unit has ${existing.decimals} decimal places`);
  if (existing.tracking !== next.tracking) changed('tracking', `the tracking mode is ${existing.tracking}`);
  for (const pack of existing.packs) {
    const index = next.packs.findIndex((candidate) => candidate.uom === pack.uom);
    const kept = next.packs[index];
    if (!kept) changed('packs', `the pack ${pack.uom} cannot be removed`);
    else if (!new D(kept.factor).eq(pack.factor)) {
      throw new StocktakeError('incompatible_item_change', `Item ${next.sku}: a ${pack.uom} holds ${pack.factor}`, {
        path: ['packs', index, 'factor'],
      });
    }
  }
}

