/**
 * The quickstart's day of movements and its count on PostgreSQL: PGlite with a data directory by
 * default (no server needed), or a real server when STOCKTAKE_PG_URL is set. Run it twice: the
 * second run resumes from what the first stored: every movement and entry answers `exists`, the
 * session is found where it was left, and posting it again creates nothing.
 *
 *   npx tsx examples/postgres/quickstart.ts
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStocktake, defaultTolerances, type MovementInput, type StorageAdapter } from 'stocktake';
import { createPgliteStorage, createPgStorage, migrate } from 'stocktake/postgres';
import { createManualClock } from 'stocktake/testing';

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

// The story happens on 2 March; the clock says so, whenever the example runs.
const clock = createManualClock('2026-03-02T07:00:00.000Z');
const st = createStocktake({ storage, clock, policies: { tolerance: { byClass: { ...defaultTolerances.byClass, A: { percent: '3' } } } } });
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
clock.set(at('12:00')); // the morning's paperwork is entered at noon: a movement cannot be dated after now
for (const movement of movements) {
  const result = await st.ledger.post(movement);
  console.log(`  ${movement.id.padEnd(8)} ${result.result}`);
}

console.log('\nBalances now:');
for (const { key, qty } of await st.ledger.balances()) console.log(`  ${key.location.padEnd(10)} ${key.sku.padEnd(10)} ${qty.padStart(8)}`);
console.log(`\nBOLT-M8 in WH1/A/02 at noon: ${await st.ledger.onHand({ sku: 'BOLT-M8', location: 'WH1/A/02' }, { asOf: at('12:00') })} ea`);

// The count of zone A, resumable: each step is idempotent, so a second run picks up where the
// first stopped (or finds everything done).
const SESSION = 'CNT-PG-A';
clock.set(at('15:00'));
const existing = (await st.counts.list()).find((candidate) => candidate.id === SESSION);
if (!existing) await st.counts.open({ id: SESSION, scope: { locations: ['WH1/A'] }, counters: ['li', 'chen'], actor: 'zhao' });
console.log(`\nCount ${SESSION}: ${existing ? `found, ${existing.state} in round ${existing.round}` : 'opened'}`);
const entry = (entryId: string, sku: string, location: string, qty: string, time: string, counter: string, uom?: string) => {
  // A handheld records what it saw when it saw it: the engine's clock is at least that late.
  if (clock.now().toISOString() < at(time)) clock.set(at(time));
  return st.counts.record(SESSION, { entryId, sku, location, qty, ...(uom ? { uom } : {}), countedAt: at(time), counter, device: counter === 'li' ? 'hh1' : 'hh2' });
};
const results = [
  await entry('hh1-0001', 'BOLT-M8', 'WH1/A/01', '14', '15:10', 'li', 'case'),
  await entry('hh1-0002', 'BOLT-M8', 'WH1/A/01', '8', '15:11', 'li'),
];
await st.counts.completeLocation(SESSION, 'WH1/A/01', { actor: 'li', at: at('15:12') });
results.push(await entry('hh1-0003', 'BOLT-M8', 'WH1/A/02', '2', '15:15', 'li', 'case'));
clock.set(at('15:25'));
await st.ledger.post({ id: 'pick-3', kind: 'issue', occurredAt: at('15:20'), actor: 'wang', lines: [{ sku: 'BOLT-M8', from: 'WH1/A/02', qty: '6' }] });
results.push(await entry('hh1-0004', 'BOLT-M8', 'WH1/A/02', '12', '15:25', 'li'));
await st.counts.completeLocation(SESSION, 'WH1/A/02', { actor: 'li', at: at('15:26') });
results.push(await entry('hh1-0005', 'CABLE-3G', 'WH1/A/03', '50', '15:30', 'li'));
await st.counts.completeLocation(SESSION, 'WH1/A/03', { actor: 'li', at: at('15:31') });
console.log(`  round one entries: ${results.map((r) => r.result).join(', ')}`);

clock.set(at('15:45'));
let review = await st.counts.review(SESSION, { actor: 'zhao' });
if (review.state === 'counting' && review.round === 2) {
  // The pick inside bin 02's window made it ambiguous; chen recounts bin 02 and the found cable.
  clock.set(at('16:00'));
  const recounts = [
    await entry('hh2-0001', 'BOLT-M8', 'WH1/A/02', '3', '16:00', 'chen', 'case'),
    await entry('hh2-0002', 'CABLE-3G', 'WH1/A/03', '50', '16:03', 'chen'),
  ];
  for (const location of ['WH1/A/02', 'WH1/A/03']) await st.counts.completeLocation(SESSION, location, { actor: 'chen', at: at('16:04') });
  console.log(`  recount entries: ${recounts.map((r) => r.result).join(', ')}`);
  review = await st.counts.review(SESSION, { actor: 'zhao' });
}
for (const line of review.lines) {
  console.log(`  ${line.location.padEnd(10)} ${line.sku.padEnd(9)} expected ${line.expected.padStart(4)} counted ${line.counted.padStart(4)} variance ${line.variance.padStart(4)}  ${line.status}`);
}
if (review.state === 'reviewing') await st.counts.approve(SESSION, { actor: 'zhao' });
const posted = await st.counts.post(SESSION, { actor: 'zhao' });
console.log(`  posted ${posted.movements.length} adjustment(s) and ${posted.confirmations} confirmation(s); new this run: ${posted.created}`);
console.log(`Movements stored: ${(await st.ledger.movements()).length}; audit log ${(await st.audit.verify()).ok ? 'intact' : 'BROKEN'}`);
await close();
