/**
 * The main example on the in-memory default: a small warehouse, a day of movements, and a count
 * of zone A while picking and receiving go on. Run it with `npm start`.
 */
import { createStocktake, defaultTolerances, parseCountList, type Balance, type Review } from 'stocktake';
import { createManualClock, createSequentialIds } from 'stocktake/testing';

const clock = createManualClock('2026-03-02T07:00:00.000Z');
// Tolerances by ABC class: A items within 3 %, the rest as the defaults say.
const st = createStocktake({ clock, ids: createSequentialIds(), policies: { tolerance: { byClass: { ...defaultTolerances.byClass, A: { percent: '3' } } } } });

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
clock.set(at('07:30')); // the clock moves with the day: a movement cannot be dated after now
await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:30'), actor: 'li', reference: 'PO-4711',
  lines: [
    { sku: 'BOLT-M8', to: 'WH1/A/01', qty: '20', uom: 'case' },
    { sku: 'CABLE-3G', to: 'WH1/B/01', qty: '250' },
  ] });
clock.set(at('09:10'));
await st.ledger.post({ id: 'mv-1', kind: 'transfer', occurredAt: at('09:10'), actor: 'wang',
  lines: [{ sku: 'BOLT-M8', from: 'WH1/A/01', to: 'WH1/A/02', qty: '5', uom: 'case' }] });
clock.set(at('11:45'));
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
clock.set(at('14:00'));
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

// ---------------------------------------------------------------------------------------------
// A count of zone A while stock keeps moving.
// ---------------------------------------------------------------------------------------------
console.log('\nCounting zone WH1/A (blind, live: picking goes on):');
clock.set(at('15:00'));
const count = await st.counts.open({ id: 'CNT-0302-A', scope: { locations: ['WH1/A'] }, blind: true, movementPolicy: 'live', counters: ['li', 'chen'], actor: 'zhao' });
const sheet = await st.counts.sheet(count.id, count.tasks[0]!.id);
console.log(`  ${count.id}: task ${sheet.task.id} for ${sheet.task.assignee}, ${sheet.locations.map((l) => l.location).join(' → ')}`);
// For counting on paper, the same task as a printed count list (also as CSV, which reads back
// with parseCountList into recordMany, and as A4 HTML with signature lines).
console.log(`\n${(await st.counts.countList(count.id, { taskId: sheet.task.id, format: 'markdown' })).replace(/^/gm, '    ')}`);

// li counts bin 01 at 15:10: 14 cases and 8 loose bolts (the book says 180: 4 are missing).
clock.set(at('15:10'));
await st.counts.record(count.id, { entryId: 'hh1-0001', sku: 'BOLT-M8', location: 'WH1/A/01', qty: '14', uom: 'case', countedAt: at('15:10'), counter: 'li', device: 'hh1' });
await st.counts.record(count.id, { entryId: 'hh1-0002', sku: 'BOLT-M8', location: 'WH1/A/01', qty: '8', countedAt: at('15:11'), counter: 'li', device: 'hh1' });
// The handheld resends after a dropped connection: the entry id makes it harmless.
const resent = await st.counts.record(count.id, { entryId: 'hh1-0002', sku: 'BOLT-M8', location: 'WH1/A/01', qty: '8', countedAt: at('15:11'), counter: 'li', device: 'hh1' });
console.log(`  resent entry hh1-0002: ${resent.result}`);
await st.counts.completeLocation(count.id, 'WH1/A/01', { actor: 'li', at: at('15:12') });

// A pick from bin 02 happens at 15:20, while li starts counting it; li finishes at 15:25.
clock.set(at('15:15'));
await st.counts.record(count.id, { entryId: 'hh1-0003', sku: 'BOLT-M8', location: 'WH1/A/02', qty: '2', uom: 'case', countedAt: at('15:15'), counter: 'li', device: 'hh1' });
clock.set(at('15:25'));
await st.ledger.post({ id: 'pick-3', kind: 'issue', occurredAt: at('15:20'), actor: 'wang', reference: 'SO-1002', lines: [{ sku: 'BOLT-M8', from: 'WH1/A/02', qty: '6' }] });
await st.counts.record(count.id, { entryId: 'hh1-0004', sku: 'BOLT-M8', location: 'WH1/A/02', qty: '12', countedAt: at('15:25'), counter: 'li', device: 'hh1' });
await st.counts.completeLocation(count.id, 'WH1/A/02', { actor: 'li', at: at('15:26') });
// Bin 03 should be empty, but li finds a box of cable nobody booked there.
clock.set(at('15:31'));
await st.counts.record(count.id, { entryId: 'hh1-0005', sku: 'CABLE-3G', location: 'WH1/A/03', qty: '50', countedAt: at('15:30'), counter: 'li', device: 'hh1' });
await st.counts.completeLocation(count.id, 'WH1/A/03', { actor: 'li', at: at('15:31') });
// A receipt into bin 01 after its count does not change its variance.
clock.set(at('15:40'));
await st.ledger.post({ id: 'rcv-2', kind: 'receipt', occurredAt: at('15:40'), actor: 'li', lines: [{ sku: 'BOLT-M8', to: 'WH1/A/01', qty: '2', uom: 'case' }] });

function varianceTable(review: Review): void {
  console.log(`  ${'location'.padEnd(10)} ${'sku'.padEnd(9)} ${'book@open'.padStart(9)} ${'expected'.padStart(8)} ${'counted'.padStart(8)} ${'variance'.padStart(8)} ${'value'.padStart(8)}  status`);
  for (const line of review.lines) {
    console.log(
      `  ${line.location.padEnd(10)} ${line.sku.padEnd(9)} ${line.bookAtOpen.padStart(9)} ${line.expected.padStart(8)} ${line.counted.padStart(8)} ${line.variance.padStart(8)} ${line.varianceValue.padStart(8)}  ${line.status}${line.round > 1 ? ` (round ${line.round})` : ''}`,
    );
  }
}

clock.set(at('15:45'));
let review = await st.counts.review(count.id, { actor: 'zhao' });
console.log(`\nReview, round 1 (${review.state}):`);
varianceTable(review);
for (const task of review.recountTasks) {
  console.log(`  recount task ${task.id} for ${task.assignee} (not ${task.excludedCounters.join(', ')}): ${task.locations.join(', ')}`);
}

// chen recounts blind, on paper: the recount task's printed list, filled in by 16:03 with 3 cases
// of bolts in bin 02 (36, as the book expects after the pick) and the same 50 m of cable in bin
// 03, which confirms the found stock. The filled CSV goes in with one call.
clock.set(at('16:04'));
const recountTask = review.recountTasks[0]!.id;
const printed = await st.counts.countList(count.id, { taskId: recountTask, format: 'csv' });
const filled = printed.replace(/,ea,$/m, ',case,3').replace(/,m,$/m, ',m,50');
console.log(`\nchen's filled recount list:\n${filled.replace(/^/gm, '    ')}`);
const paper = parseCountList(filled, { counter: 'chen', countedAt: at('16:03'), device: 'paper' });
const imported = await st.counts.recordMany(paper.sessionId, paper.entries);
console.log(`  imported: ${imported.map((o, i) => `line ${paper.lines[i]} ${o.ok ? o.result.result : o.error.code}`).join(', ')}`);
await st.counts.completeLocation(count.id, 'WH1/A/02', { actor: 'chen', at: at('16:04') });
await st.counts.completeLocation(count.id, 'WH1/A/03', { actor: 'chen', at: at('16:04') });
review = await st.counts.review(count.id, { actor: 'zhao' });
console.log(`\nReview, round 2 (${review.state}):`);
varianceTable(review);
console.log(`  net variance value ${review.summary.netValue}, absolute ${review.summary.absoluteValue}`);

await st.counts.approve(count.id, { actor: 'zhao' });
const posted = await st.counts.post(count.id, { actor: 'zhao' });
console.log(`\nPosted: ${posted.movements.map((m) => `${m.id} (${m.lines[0]!.from ? '-' : '+'}${m.lines[0]!.qty})`).join(', ')}; ${posted.confirmations} confirmation(s)`);
const again = await st.counts.post(count.id, { actor: 'zhao' });
console.log(`Posting again creates nothing: created=${again.created}`);

// The accounting of the posting, ready for the general ledger: each adjustment valued at the unit
// cost in effect when it was counted, inventory against an account chosen by reason code.
const journal = await st.counts.journal(count.id, {
  accounts: { inventory: '1400 Inventory', adjustments: { default: '5950 Inventory differences', byReason: { found: '4950 Found stock' } } },
  currency: 'EUR',
});
console.log(`\nJournal of ${journal.sessionId} (${journal.currency}, posted ${journal.postedAt}):`);
console.log(`  ${'adjustment'.padEnd(34)} ${'account'.padEnd(28)} ${'debit'.padStart(8)} ${'credit'.padStart(8)}`);
for (const entry of journal.entries) {
  for (const line of entry.lines) console.log(`  ${entry.movementId.padEnd(34)} ${line.account.padEnd(28)} ${line.debit.padStart(8)} ${line.credit.padStart(8)}`);
}
console.log(`  ${'total'.padEnd(34)} ${''.padEnd(28)} ${journal.totals.debit.padStart(8)} ${journal.totals.credit.padStart(8)}`);

table('Balances after the count:', await st.ledger.balances());
console.log(`\nAudit log: ${(await st.audit.verify()).ok ? 'intact' : 'BROKEN'} (${(await st.audit.list()).length} events)`);

// The report an auditor files: the variance table with each line's explanation, the people
// responsible, the reason codes (proposed by the attribution, confirmed by the approver) and the
// posted adjustments.
console.log(`\n${await st.counts.report(count.id, { format: 'markdown' })}`);

// The day's metrics, per counter.
const day = await st.metrics.compute({ from: at('00:00'), to: '2026-03-02T23:59:59.999Z', groupBy: { by: 'counter' } });
const ratio = (value: string | null) => (value === null ? '—' : `${(Number(value) * 100).toFixed(1)} %`);
console.log('Metrics of the day:');
console.log(`  inventory record accuracy ${ratio(day.total.inventoryRecordAccuracy.ratio)}, variance rate by value ${ratio(day.total.varianceRateByValue.ratio)}, net shrinkage value ${day.total.netShrinkageValue}, coverage ${ratio(day.total.coverage.ratio)}`);
for (const counter of day.groups) {
  console.log(`  ${counter.group.padEnd(6)} lines ${counter.lines}, first counts within tolerance ${ratio(counter.inventoryRecordAccuracy.ratio)}, agreement with recounts ${ratio(counter.counterAccuracy.ratio)}, ${counter.countingSpeed.linesPerHour ?? '—'} lines/hour`);
}
console.log(`  riskiest: ${day.total.riskiestSkus.map((sku) => `${sku.sku} (score ${sku.score})`).join(', ') || 'none'}`);
