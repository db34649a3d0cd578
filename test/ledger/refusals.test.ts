/**
 * Every refusal of `ledger.post` in full: its result code, the line it names, a message that says
 * what is wrong with the values involved, and its details; and what a stored line and balance keep
 * (the entered pack, the per-key version, the latest business time).
 */
import { describe, expect, it } from 'vitest';
import { at, smallWarehouse } from '../support/world.js';

const receipt = (id: string, lines: readonly Record<string, unknown>[], occurredAt = at('09:00')) =>
  ({ id, kind: 'receipt' as const, actor: 'li', occurredAt, lines }) as never;

describe('ledger.post refusals', () => {
  it('names the unknown item, the unknown location and the line', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    const ok = { sku: 'A-100', to: 'WH1/A/01', qty: '1' };
    expect(await st.ledger.post(receipt('r1', [ok, { sku: 'NOPE', to: 'WH1/A/01', qty: '1' }]))).toMatchObject({
      result: 'item_not_found',
      lineIndex: 1,
      message: 'No item has sku "NOPE"',
    });
    expect(await st.ledger.post(receipt('r2', [ok, { sku: 'A-100', to: 'WH9/X', qty: '1' }]))).toMatchObject({
      result: 'location_not_found',
      lineIndex: 1,
      message: 'No location has id "WH9/X"',
    });
  });

  it('says which tracking a line lacks or may not carry', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ sku: 'L-300', to: 'WH1/A/01', qty: '1' }, 'lot_required', 'Item L-300 is tracked by lot: the line needs "lot"'],
      [{ sku: 'S-400', to: 'WH1/A/01', qty: '1' }, 'serial_required', 'Item S-400 is tracked by serial: the line needs "serial"'],
      [{ sku: 'A-100', to: 'WH1/A/01', qty: '1', serial: 'SN1' }, 'tracking_not_allowed', 'Item A-100 is not tracked by serial'],
      [{ sku: 'L-300', to: 'WH1/A/01', qty: '1', lot: 'L1', serial: 'SN1' }, 'tracking_not_allowed', 'Item L-300 is not tracked by serial'],
      [{ sku: 'A-100', to: 'WH1/A/01', qty: '1', lot: 'L1' }, 'tracking_not_allowed', 'Item A-100 is not tracked by lot'],
      [{ sku: 'S-400', to: 'WH1/A/01', qty: '2', serial: 'SN1' }, 'serial_quantity', 'A serial number stands for exactly one ea'],
    ];
    for (const [index, [line, result, message]] of cases.entries()) {
      const refused = await st.ledger.post(receipt(`t${index}`, [line]));
      expect([refused.result, refused.lineIndex], result).toEqual([result, 0]);
      expect(refused.message, result).toContain(message);
    }
  });

  it('says how much stock there is now, or which later moment a back-dated issue would overdraw', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post(receipt('r1', [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }], at('09:00')));
    await st.ledger.post({ id: 'i1', kind: 'issue', actor: 'li', occurredAt: at('11:00'), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '4' }] });
    const now = await st.ledger.post({ id: 'i2', kind: 'issue', actor: 'li', occurredAt: at('11:30'), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '3' }] });
    expect(now).toMatchObject({
      result: 'insufficient_stock',
      lineIndex: 0,
      message: 'Only 1 ea of A-100 at WH1/A/01',
      details: { key: { sku: 'A-100', location: 'WH1/A/01' }, available: '1', lowest: '1', at: at('11:30') },
    });
    const backdated = await st.ledger.post({ id: 'i3', kind: 'issue', actor: 'li', occurredAt: at('10:00'), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '3' }] });
    expect(backdated).toMatchObject({
      result: 'insufficient_stock',
      message: 'A-100 at WH1/A/01 would be -2 ea at 2026-03-02T11:00:00.000Z: a later movement already used the stock',
      details: { available: '1', lowest: '1', at: at('11:00') },
    });
  });

  it('names a serial already at the location, and one in stock elsewhere', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post(receipt('r1', [{ sku: 'S-400', to: 'WH1/A/01', qty: '1', serial: 'SN1' }]));
    expect(await st.ledger.post(receipt('r2', [{ sku: 'S-400', to: 'WH1/A/01', qty: '1', serial: 'SN1' }]))).toMatchObject({
      result: 'serial_in_stock',
      message: 'Serial SN1 of S-400 is already at WH1/A/01',
      details: { key: { sku: 'S-400', location: 'WH1/A/01', serial: 'SN1' } },
    });
    expect(await st.ledger.post(receipt('r3', [{ sku: 'S-400', to: 'WH1/A/02', qty: '1', serial: 'SN1' }], at('10:00')))).toMatchObject({
      result: 'serial_elsewhere',
      message: 'Serial SN1 of S-400 is in stock at another location on 2026-03-02T10:00:00.000Z or later',
      details: { key: { sku: 'S-400', location: 'WH1/A/02', serial: 'SN1' } },
    });
  });
});

describe('what a posted line and its balance keep', () => {
  it('keeps the entered quantity and unit only for a line entered in a pack', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    const posted = await st.ledger.post(
      receipt('r1', [
        { sku: 'A-100', to: 'WH1/A/01', qty: '2' },
        { sku: 'A-100', to: 'WH1/A/01', qty: '3', uom: 'ea' },
        { sku: 'A-100', to: 'WH1/A/01', qty: '2', uom: 'case' },
      ]),
    );
    expect(posted.movement?.lines.map((line) => [line.qty, line.enteredQty, line.enteredUom])).toEqual([
      ['2', undefined, undefined],
      ['3', undefined, undefined],
      ['24', '2', 'case'],
    ]);
    // Fields a line does not have are absent, not present as undefined.
    expect(posted.movement?.lines.map((line) => Object.keys(line))).toEqual([
      ['sku', 'to', 'qty'],
      ['sku', 'to', 'qty'],
      ['sku', 'to', 'qty', 'enteredQty', 'enteredUom'],
    ]);
  });

  it('counts the postings applied to a key and keeps its latest business time when a movement is back-dated', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post(receipt('r1', [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }], at('10:00')));
    await st.ledger.post(receipt('r2', [{ sku: 'A-100', to: 'WH1/A/01', qty: '1' }, { sku: 'A-100', to: 'WH1/A/01', qty: '1' }], at('09:00')));
    const [balance] = await st.ledger.balances({ sku: 'A-100' });
    expect(balance).toMatchObject({ qty: '7', version: 3, lastOccurredAt: at('10:00') });
  });
});
