/**
 * Law: `ledger.balances({ …filter, asOf })` and `ledger.onHand(key, { asOf })` equal a brute-force
 * sum of the accepted movements' postings dated at or before `asOf`, on every adapter (memory,
 * PGlite, and the PostgreSQL server when `STOCKTAKE_PG_URL` is set) — whatever the filter, with
 * back-dated movements, lots, refusals and zero balances. The PostgreSQL metrics never write.
 */
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createStocktake, type Stocktake } from '../../src/engine.js';
import type { MovementInput } from '../../src/index.js';
import { stockKeyId, type StockKey } from '../../src/ledger/key.js';
import { D, formatDecimal } from '../../src/quantity/decimal.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import { createPgliteStorage, createPgStorage, migrate } from '../../src/storage/postgres/index.js';
import type { StorageAdapter } from '../../src/storage/adapter.js';
import { createManualClock } from '../../src/testing/index.js';
import { propertyRuns } from '../support/property.js';
import { truncateAllSql } from '../storage/postgres-support.js';

const SKUS = ['A', 'B'];
const LOCATIONS = ['WH1/A/01', 'WH1/A/02', 'WH1/AB/01', 'WH2/C/01'];
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 8, minute)).toISOString();
const NOW = at(59);

interface Target {
  readonly name: string;
  /** A fresh, empty storage for one run. */
  readonly fresh: () => Promise<StorageAdapter>;
}

const url = process.env['STOCKTAKE_PG_URL'];
const pglite = new PGlite();
const pglitePrepared = (async () => {
  const storage = createPgliteStorage(pglite, { schema: 'as_of' });
  await migrate(storage);
  return storage;
})();
const serverPool = url === undefined ? undefined : new pg.Pool({ connectionString: url, max: 2 });
const serverSchema = `stocktake_as_of_${process.pid}`;
const serverPrepared = serverPool === undefined ? undefined : (async () => {
  await serverPool.query(`DROP SCHEMA IF EXISTS "${serverSchema}" CASCADE`);
  const storage = createPgStorage(serverPool, { schema: serverSchema });
  await migrate(storage);
  return storage;
})();

const targets: Target[] = [
  { name: 'memory', fresh: async () => createMemoryStorage() },
  {
    name: 'pglite',
    fresh: async () => {
      const storage = await pglitePrepared;
      await pglite.exec(truncateAllSql('as_of'));
      return storage;
    },
  },
  ...(serverPool === undefined || serverPrepared === undefined
    ? []
    : [
        {
          name: 'postgres',
          fresh: async () => {
            const storage = await serverPrepared;
            await serverPool.query(truncateAllSql(serverSchema));
            return storage;
          },
        },
      ]),
];

afterAll(async () => {
  await pglite.close();
  if (serverPool !== undefined) {
    await serverPool.query(`DROP SCHEMA IF EXISTS "${serverSchema}" CASCADE`);
    await serverPool.end();
  }
});

const lineArb = fc.record({
  sku: fc.constantFrom(...SKUS),
  from: fc.constantFrom(...LOCATIONS),
  to: fc.constantFrom(...LOCATIONS),
  lot: fc.constantFrom(undefined, 'L1'),
  qty: fc.integer({ min: 1, max: 9 }),
  kind: fc.constantFrom('receipt', 'receipt', 'issue', 'transfer'),
  minute: fc.integer({ min: 0, max: 50 }),
});

/** The postings of an accepted movement: (key, delta) pairs. */
function postingsOf(input: MovementInput): Array<[StockKey, number]> {
  const result: Array<[StockKey, number]> = [];
  for (const line of input.lines) {
    const base = { sku: line.sku, ...(line.lot === undefined ? {} : { lot: line.lot }) };
    if (line.from !== undefined) result.push([{ ...base, location: line.from }, -Number(line.qty)]);
    if (line.to !== undefined) result.push([{ ...base, location: line.to }, Number(line.qty)]);
  }
  return result;
}

const inSubtree = (location: string, root: string) => location === root || location.startsWith(`${root}/`);

describe.each(targets)('balances as of an instant equal the brute-force sum ($name)', (target) => {
  it('for every filter, instant and includeZero', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(lineArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.integer({ min: -1, max: 52 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<{ sku?: string; location?: string }>({}, { location: 'WH1/A' }, { location: 'WH1' }, { sku: 'A' }, { sku: 'B', location: 'WH2' }),
        fc.boolean(),
        async (specs, instants, filter, includeZero) => {
          const storage = await target.fresh();
          const st: Stocktake = createStocktake({ storage, clock: createManualClock(NOW) });
          for (const sku of SKUS) await st.catalog.defineItem({ sku, baseUom: 'ea', tracking: 'lot' });
          for (const id of LOCATIONS) await st.catalog.defineLocation({ id });
          const accepted: Array<{ input: MovementInput; occurredAt: string }> = [];
          for (const [i, spec] of specs.entries()) {
            const qty = String(spec.qty);
            const lot = spec.lot ?? 'L0';
            const line =
              spec.kind === 'receipt'
                ? { sku: spec.sku, to: spec.to, qty, lot }
                : spec.kind === 'issue'
                  ? { sku: spec.sku, from: spec.from, qty, lot }
                  : { sku: spec.sku, from: spec.from, to: spec.to === spec.from ? LOCATIONS[(LOCATIONS.indexOf(spec.from) + 1) % 4]! : spec.to, qty, lot };
            const input = { id: `m${i}`, kind: spec.kind as MovementInput['kind'], actor: 'li', occurredAt: at(spec.minute), lines: [line] } as MovementInput;
            if ((await st.ledger.post(input)).result === 'created') accepted.push({ input, occurredAt: at(spec.minute) });
          }
          for (const minute of instants) {
            const asOf = minute < 0 ? '2026-03-02T07:00:00.000Z' : at(minute);
            const expected = new Map<string, number>();
            for (const { input, occurredAt } of accepted) {
              for (const [key, delta] of postingsOf(input)) {
                if (filter.sku !== undefined && key.sku !== filter.sku) continue;
                if (filter.location !== undefined && !inSubtree(key.location, filter.location)) continue;
                const id = stockKeyId(key);
                expected.set(id, (expected.get(id) ?? 0) + (occurredAt <= asOf ? delta : 0));
              }
            }
            const want = [...expected.entries()].filter(([, qty]) => includeZero || qty !== 0).map(([id, qty]): [string, string] => [id, formatDecimal(new D(qty))]);
            const got = (await st.ledger.balances({ ...filter, asOf, includeZero })).map((b): [string, string] => [stockKeyId(b.key), b.qty]);
            expect(new Map(got)).toEqual(new Map(want));
            expect(got.map(([id]) => id)).toEqual(got.map(([id]) => id).sort());
            for (const location of LOCATIONS) {
              let here = 0;
              for (const { input, occurredAt } of accepted) {
                for (const [key, delta] of postingsOf(input)) if (key.sku === 'A' && key.location === location && occurredAt <= asOf) here += delta;
              }
              expect(await st.ledger.onHand({ sku: 'A', location }, { asOf })).toBe(formatDecimal(new D(here)));
            }
          }
        },
      ),
      { numRuns: propertyRuns(target.name === 'memory' ? 60 : 15) },
    );
  });
});
