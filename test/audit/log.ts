import { createMemoryStorage, type AuditEvent, type Stocktake } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

/** A real log: catalog, custodians, movements, a full count with a recount, approval and posting. */
export async function engineWithLog(options: { onWrite?: (operation: string) => void } = {}): Promise<{ st: Stocktake; events: AuditEvent[] }> {
  const { st, clock } = await smallWarehouse({ storage: createMemoryStorage(options.onWrite ? { onWrite: options.onWrite } : {}) });
  await st.catalog.defineItem({ sku: 'Q-1', name: 'He said "hi", then\nleft, twice', baseUom: 'ea', abcClass: 'C' });
  await st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['wang'], from: at('06:00'), actor: 'zhao' });
  await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
  await st.ledger.post({ id: 'rcv-2', kind: 'receipt', occurredAt: at('07:05'), actor: 'li', lines: [{ sku: 'Q-1', to: 'WH1/A/02', qty: '7' }] });
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], maxRounds: 2 });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '90', countedAt: at('09:00'), counter: 'li' });
  await st.counts.record(session.id, { entryId: 'e2', sku: 'Q-1', location: 'WH1/A/02', qty: '7', countedAt: at('09:01'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:02') });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:02') });
  await st.counts.review(session.id, { actor: 'zhao' });
  clock.set(at('10:00'));
  await st.counts.record(session.id, { entryId: 'r1', sku: 'A-100', location: 'WH1/A/01', qty: '92', countedAt: at('10:00'), counter: 'wang' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'wang', at: at('10:00') });
  await st.counts.review(session.id, { actor: 'zhao' });
  await st.counts.decide(session.id, { key: { sku: 'A-100', location: 'WH1/A/01' }, qty: '92', actor: 'chen', note: 'second count, checked' });
  await st.counts.review(session.id, { actor: 'zhao' });
  await st.counts.approve(session.id, { actor: 'zhao' });
  await st.counts.post(session.id, { actor: 'zhao' });
  return { st, events: await st.audit.list() };
}
