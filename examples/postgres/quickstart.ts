/**
 * The quickstart's day of movements on PostgreSQL: PGlite with a data directory by default (no
 * server needed), or a real server when STOCKTAKE_PG_URL is set. Run it twice: the second run
 * resumes from what the first stored, and every movement answers `exists`.
 *
 *   npx tsx examples/postgres/quickstart.ts
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStocktake, type MovementInput, type StorageAdapter } from 'stocktake';
import { createPgliteStorage, createPgStorage, migrate } from 'stocktake/postgres';

const url = process.env['STOCKTAKE_PG_URL'];
let storage: StorageAdapter;
let close: () => Promise<void>;
if (url) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url });
  storage = createPgStorage(pool, { schema: 'stocktake_example' });
  close = () => pool.end();
  console.log('Storage: PostgreSQL server, schema stocktake_example');
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const dataDir = fileURLToPath(new URL('./data/', import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  storage = createPgliteStorage(db);
  close = () => db.close();
  console.log(`Storage: PGlite in ${dataDir}`);
}
const { applied, version } = await migrate(storage);
console.log(applied.length > 0 ? `Schema created (version ${version})` : `Schema up to date (version ${version}): resuming`);

const st = createStocktake({ storage });
await st.catalog.defineItem({ sku: 'BOLT-M8', name: 'Hex bolt M8', baseUom: 'ea', packs: [{ uom: 'case', factor: '12', gtin: '09506000134376' }], unitCost: '0.40', abcClass: 'A' });
await st.catalog.defineItem({ sku: 'CABLE-3G', name: 'Cable 3G1.5', baseUom: 'm', unitCost: '1.10', abcClass: 'B' });
for (const id of ['WH1/A/01', 'WH1/A/02', 'WH1/A/03', 'WH1/B/01', 'WH1/B/02']) await st.catalog.defineLocation({ id, kind: 'bin' });

const at = (time: string) => `2026-03-02T${time}:00.000Z`;
const movements: MovementInput[] = [
  { id: 'rcv-1', kind: 'receipt', occurredAt: at('07:30'), actor: 'li', reference: 'PO-4711',
    lines: [{ sku: 'BOLT-M8', to: 'WH1/A/01', qty: '20', uom: 'case' }, { sku: 'CABLE-3G', to: 'WH1/B/01', qty: '250' }] },
  { id: 'mv-1', kind: 'transfer', occurredAt: at('09:10'), actor: 'wang',
    lines: [{ sku: 'BOLT-M8', from: 'WH1/A/01', to: 'WH1/A/02', qty: '5', uom: 'case' }] },
  { id: 'pick-1', kind: 'issue', occurredAt: at('11:45'), actor: 'wang', reference: 'SO-1001',
    lines: [{ sku: 'BOLT-M8', from: 'WH1/A/02', qty: '18' }, { sku: 'CABLE-3G', from: 'WH1/B/01', qty: '37.5' }] },
];

console.log('\nMovements:');
for (const movement of movements) {
  const result = await st.ledger.post(movement);
  console.log(`  ${movement.id.padEnd(8)} ${result.result}`);
}

console.log('\nBalances now:');
for (const { key, qty } of await st.ledger.balances()) console.log(`  ${key.location.padEnd(10)} ${key.sku.padEnd(10)} ${qty.padStart(8)}`);
console.log(`\nBOLT-M8 in WH1/A/02 at noon: ${await st.ledger.onHand({ sku: 'BOLT-M8', location: 'WH1/A/02' }, { asOf: at('12:00') })} ea`);
console.log(`Movements stored: ${(await st.ledger.movements()).length}`);
await close();
