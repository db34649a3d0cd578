import { describe, expect, it } from 'vitest';
import { bookRangeFrom } from '../../src/ledger/history.js';
import { D } from '../../src/quantity/decimal.js';
import type { MovementInput } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

const A1 = { sku: 'A-100', location: 'WH1/A/01' };
const receipt = (id: string, qty: string, time: string): MovementInput => ({ id, kind: 'receipt', actor: 'li', occurredAt: at(time), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty }] });
const issue = (id: string, qty: string, time: string): MovementInput => ({ id, kind: 'issue', actor: 'li', occurredAt: at(time), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty }] });
const drill = (id: string, kind: 'receipt' | 'issue' | 'transfer', time: string, from?: string, to?: string): MovementInput => ({
  id,
  kind,
  actor: 'li',
  occurredAt: at(time),
  lines: [{ sku: 'S-400', serial: 'SN1', qty: '1', ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }],
});

const range = (current: number, changes: ReadonlyArray<[string, string]>, from: string) => {
  const result = bookRangeFrom(new D(current), changes.map(([time, delta]) => ({ occurredAt: at(time), delta })), at(from));
  return { lowest: result.lowest.toString(), highest: result.highest.toString(), lowestAt: result.lowestAt };
};

describe('bookRangeFrom', () => {
  it('walks the changes in business-time order whatever order they come in', () => {
    // Posted in this order: -5 at 12:00, then a receipt of 10 back-dated to 11:00. From 10:00 the
    // book is 10, then 20 at 11:00, then 15 at 12:00: it never falls below 10.
    expect(range(15, [['12:00', '-5'], ['11:00', '10']], '10:00')).toEqual({ lowest: '10', highest: '20', lowestAt: at('10:00') });
  });

  it('finds a dip between the start and now, and when it happens', () => {
    expect(range(12, [['11:00', '-8'], ['12:00', '10']], '10:00')).toEqual({ lowest: '2', highest: '12', lowestAt: at('11:00') });
  });

  it('applies the changes of one moment together', () => {
    // Out and back in at 11:00: no moment sees the 5 missing.
    expect(range(10, [['11:00', '-5'], ['11:00', '5']], '10:00')).toEqual({ lowest: '10', highest: '10', lowestAt: at('10:00') });
  });

  it('ignores changes at or before the start', () => {
    expect(range(7, [['09:00', '-100'], ['10:00', '-3']], '10:00')).toEqual({ lowest: '7', highest: '7', lowestAt: at('10:00') });
  });
});

describe('a back-dated movement against the history (through the ledger)', () => {
  it('checks the book at each later moment in business-time order, not in posting order', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('13:00'));
    for (const movement of [receipt('r1', '10', '09:00'), issue('i1', '5', '12:00'), receipt('r2', '10', '11:00')]) {
      expect((await st.ledger.post(movement)).result).toBe('created');
    }
    // From 10:00 the book is 10, 20 from 11:00, 15 from 12:00: 10 can go, 11 cannot.
    expect((await st.ledger.post(issue('i2', '11', '10:00'))).result).toBe('insufficient_stock');
    expect((await st.ledger.post(issue('i3', '8', '10:00'))).result).toBe('created');
    expect(await st.ledger.onHand(A1)).toBe('7');
  });

  it('refuses a back-dated issue that its own moment and now could cover but a moment between could not', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('13:00'));
    for (const movement of [receipt('r1', '10', '09:00'), issue('i1', '8', '11:00'), receipt('r2', '10', '12:00')]) {
      expect((await st.ledger.post(movement)).result).toBe('created');
    }
    const refused = await st.ledger.post(issue('i2', '5', '10:00'));
    expect(refused).toMatchObject({ result: 'insufficient_stock', details: { lowest: '2', at: at('11:00') } });
    expect((await st.ledger.post(issue('i3', '2', '10:00'))).result).toBe('created');
    expect(await st.ledger.onHand(A1)).toBe('10');
  });

  it('refuses a serial received where it was already held earlier in the batch, after it moved on and left', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('13:00'));
    expect((await st.ledger.post(drill('r1', 'receipt', '09:00', undefined, 'WH1/A/01'))).result).toBe('created');
    const results = await st.ledger.postMany([
      drill('t1', 'transfer', '11:00', 'WH1/A/01', 'WH1/A/02'),
      drill('i1', 'issue', '12:00', 'WH1/A/02'),
      // At 10:00 SN1 was still at WH1/A/01.
      drill('r2', 'receipt', '10:00', undefined, 'WH1/B/01'),
    ]);
    expect(results.map((result) => result.result)).toEqual(['created', 'created', 'serial_elsewhere']);
  });
});
