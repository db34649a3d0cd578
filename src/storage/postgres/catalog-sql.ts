/**
 * The SQL of items, locations, unit costs and custodian assignments.
 *
 * @internal
 * @module
 */
import type { CustodianAssignment, Item, Location, UnitCost } from '../../catalog/types.js';
import type { StorageTransaction } from '../adapter.js';
import { iso, text, int, json, compareText, subtree, Params, toLocation } from './rows.js';
import type { SqlStatements } from './statements.js';

/** The transaction methods of items, locations, unit costs and custodian assignments. @internal */
export type CatalogStatements = Pick<StorageTransaction, 'getItem' | 'getItems' | 'listItems' | 'putItem' | 'getLocation' | 'getLocations' | 'listLocations' | 'putLocation' | 'addUnitCost' | 'listUnitCosts' | 'addCustodianAssignment' | 'listCustodianAssignments'>;

/** The statements of items, locations, unit costs and custodian assignments in one transaction. @internal */
export function catalogStatements({ sql, t, rows, one, nextValue }: SqlStatements): CatalogStatements {
  return {
    async getItem(sku) {
      const row = await one(`SELECT doc::text AS doc FROM ${t.items} WHERE sku = $1`, [sku]);
      return row && json<Item>(row, 'doc');
    },
    async getItems(skus) {
      const result = new Map<string, Item>();
      if (skus.length === 0) return result;
      const params = new Params();
      for (const row of await rows(
        `SELECT doc::text AS doc FROM ${t.items} WHERE sku = ${params.anyOf(skus)}`,
        params.values,
      )) {
        const item = json<Item>(row, 'doc');
        result.set(item.sku, item);
      }
      return result;
    },
    async listItems() {
      return (await rows(`SELECT doc::text AS doc FROM ${t.items}`)).map((row) => json<Item>(row, 'doc')).sort((a, b) => compareText(a.sku, b.sku));
    },
    async putItem(item) {
      await sql.query(
        `INSERT INTO ${t.items} (sku, base_uom, tracking, abc_class, doc) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (sku) DO UPDATE SET base_uom = excluded.base_uom, tracking = excluded.tracking,
           abc_class = excluded.abc_class, doc = excluded.doc`,
        [item.sku, item.baseUom, item.tracking, item.abcClass ?? null, JSON.stringify(item)],
      );
    },

    async getLocation(id) {
      const row = await one(`SELECT id, name, kind FROM ${t.locations} WHERE id = $1`, [id]);
      return row && toLocation(row);
    },
    async getLocations(ids) {
      const result = new Map<string, Location>();
      if (ids.length === 0) return result;
      const params = new Params();
      for (const row of await rows(
        `SELECT id, name, kind FROM ${t.locations} WHERE id = ${params.anyOf(ids)}`,
        params.values,
      )) {
        const location = toLocation(row);
        result.set(location.id, location);
      }
      return result;
    },
    async listLocations(root) {
      const params = new Params();
      const where = root === undefined ? '' : `WHERE ${subtree('id', params.add(root))}`;
      return (await rows(`SELECT id, name, kind FROM ${t.locations} ${where}`, params.values))
        .map(toLocation)
        .sort((a, b) => compareText(a.id, b.id));
    },
    async putLocation(location) {
      await sql.query(
        `INSERT INTO ${t.locations} (id, name, kind) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
        [location.id, location.name ?? null, location.kind ?? null],
      );
    },

    async addUnitCost(cost) {
      const seq = await nextValue('item_costs');
      await sql.query(
        `INSERT INTO ${t.unitCosts} (seq, sku, unit_cost, from_at, actor, recorded_at)
         VALUES ($1::bigint, $2, $3::numeric, $4::timestamptz, $5, $6::timestamptz)`,
        [String(seq), cost.sku, cost.unitCost, cost.from, cost.actor, cost.recordedAt],
      );
      return { ...cost, seq };
    },
    async listUnitCosts(filter = {}) {
      const params = new Params();
      const where = filter.skus === undefined ? '' : `WHERE sku = ${params.anyOf(filter.skus)}`;
      return (
        await rows(
          `SELECT seq::text AS seq, sku, unit_cost::text AS unit_cost, ${iso('from_at')} AS from_at, actor, ${iso('recorded_at')} AS recorded_at
           FROM ${t.unitCosts} ${where} ORDER BY sku COLLATE "C", from_at, seq`,
          params.values,
        )
      ).map(
        (row): UnitCost => ({
          seq: int(row, 'seq'),
          sku: text(row, 'sku'),
          unitCost: text(row, 'unit_cost'),
          from: text(row, 'from_at'),
          actor: text(row, 'actor'),
          recordedAt: text(row, 'recorded_at'),
        }),
      );
    },
    async addCustodianAssignment(assignment) {
      const seq = await nextValue('custodian_assignments');
      await sql.query(
        `INSERT INTO ${t.custodians} (seq, location, custodians, from_at, actor, recorded_at)
         VALUES ($1::bigint, $2, $3::jsonb, $4::timestamptz, $5, $6::timestamptz)`,
        [String(seq), assignment.location, JSON.stringify(assignment.custodians), assignment.from, assignment.actor, assignment.recordedAt],
      );
      return { ...assignment, seq };
    },
    async listCustodianAssignments() {
      return (
        await rows(
          `SELECT seq::text AS seq, location, custodians::text AS custodians, ${iso('from_at')} AS from_at, actor,
             ${iso('recorded_at')} AS recorded_at FROM ${t.custodians} c ORDER BY c.seq`,
        )
      ).map(
        (row): CustodianAssignment => ({
          seq: int(row, 'seq'),
          location: text(row, 'location'),
          custodians: json(row, 'custodians'),
          from: text(row, 'from_at'),
          actor: text(row, 'actor'),
          recordedAt: text(row, 'recorded_at'),
        }),
      );
    },
  };
}
