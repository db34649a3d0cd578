/**
 * The main example: a small warehouse and a day of movements on the in-memory default.
 * Run it with `npm start`.
 */
import { createStocktake, type Balance } from 'stocktake';
import { createManualClock } from 'stocktake/testing';

const clock = createManualClock('2026-03-02T07:00:00.000Z');
const st = createStocktake({ clock });

// The catalog: two items, one sold by the case, and five bins in two zones.
await st.catalog.defineItem({
  sku: 'BOLT-M8',
  name: 'Hex bolt M8',
  baseUom: 'ea',
  packs: [{ uom: 'case', factor: '12', gtin: '09506000134376' }],
  unitCost: '0.40',
  abcClass: 'A',
});
await st.catalog.defineItem({ sku: 'CABLE-3G', name: 'Cable 3G1.5', baseUom: 'm', unitCost: '1.10', abcClass: 'B' });
for (const id of ['WH1/A/01', 'WH1/A/02', 'WH1/A/03', 'WH1/B/01', 'WH1/B/02']) {
  await st.catalog.defineLocation({ id, kind: 'bin' });
}
await st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['li'], from: '2026-01-01T00:00:00Z', actor: 'zhao' });

st.on('movement.posted', ({ movement }) => {
  console.log(`  ${movement.occurredAt.slice(11, 16)}  ${movement.kind.padEnd(10)} ${movement.id.padEnd(8)} by ${movement.actor}`);
});

console.log('A day of movements:');
const at = (time: string) => `2026-03-02T${time}:00.000Z`;
await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:30'), actor: 'li', reference: 'PO-4711',
  lines: [
    { sku: 'BOLT-M8', to: 'WH1/A/01', qty: '20', uom: 'case' },
    { sku: 'CABLE-3G', to: 'WH1/B/01', qty: '250' },
  ] });
await st.ledger.post({ id: 'mv-1', kind: 'transfer', occurredAt: at('09:10'), actor: 'wang',
  lines: [{ sku: 'BOLT-M8', from: 'WH1/A/01', to: 'WH1/A/02', qty: '5', uom: 'case' }] });
await st.ledger.post({ id: 'pick-1', kind: 'issue', occurredAt: at('11:45'), actor: 'wang', reference: 'SO-1001',
  lines: [
    { sku: 'BOLT-M8', from: 'WH1/A/02', qty: '18' },
    { sku: 'CABLE-3G', from: 'WH1/B/01', qty: '37.5' },
  ] });

// Retrying a movement is safe: the id is the idempotency key.
const retry = await st.ledger.post({ id: 'pick-1', kind: 'issue', occurredAt: at('11:45'), actor: 'wang', reference: 'SO-1001',
  lines: [
    { sku: 'BOLT-M8', from: 'WH1/A/02', qty: '18' },
    { sku: 'CABLE-3G', from: 'WH1/B/01', qty: '37.5' },
  ] });
console.log(`  retry of pick-1: ${retry.result}`);

// Stock that is not there cannot be issued.
const short = await st.ledger.post({ id: 'pick-2', kind: 'issue', occurredAt: at('14:00'), actor: 'wang',
  lines: [{ sku: 'BOLT-M8', from: 'WH1/A/02', qty: '100' }] });
console.log(`  pick-2 for 100: ${short.result} (${short.message ?? ''})`);

function table(title: string, balances: readonly Balance[]): void {
  console.log(`\n${title}`);
  console.log(`  ${'location'.padEnd(10)} ${'sku'.padEnd(10)} ${'on hand'.padStart(8)}`);
  for (const { key, qty } of balances) {
    console.log(`  ${key.location.padEnd(10)} ${key.sku.padEnd(10)} ${qty.padStart(8)}`);
  }
}

table('Balances now:', await st.ledger.balances());
table('Balances as of 10:00 (business time):', await st.ledger.balances({ asOf: at('10:00') }));
console.log(`\nBOLT-M8 in WH1/A/02 at noon: ${await st.ledger.onHand({ sku: 'BOLT-M8', location: 'WH1/A/02' }, { asOf: at('12:00') })} ea`);
console.log(`Custodian of WH1/A/02: ${(await st.catalog.custodiansAt('WH1/A/02')).join(', ')}`);
