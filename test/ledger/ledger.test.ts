import { describe, expect, it } from 'vitest';
import { isStocktakeError } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

describe('ledger.post', () => {
  it('converts packs to the base unit and answers on hand', async () => {
    const { st } = await smallWarehouse();
    const result = await st.ledger.post({
      id: 'rcv-1',
      kind: 'receipt',
      actor: 'li',
      lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '2', uom: 'case' }],
    });
    expect(result.result).toBe('created');
    expect(result.movement?.lines[0]).toMatchObject({ qty: '24', enteredQty: '2', enteredUom: 'case' });
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' })).toBe('24');
  });

  it('answers as of a business time using occurredAt, not the order of recording', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', occurredAt: at('09:00'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
    await st.ledger.post({ id: 'r2', kind: 'receipt', actor: 'li', occurredAt: at('08:30'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '4' }] });
    const key = { sku: 'A-100', location: 'WH1/A/01' };
    expect(await st.ledger.onHand(key, { asOf: at('08:29') })).toBe('0');
    expect(await st.ledger.onHand(key, { asOf: at('08:45') })).toBe('4');
    expect(await st.ledger.onHand(key, { asOf: at('09:00') })).toBe('14');
    expect(await st.ledger.onHand(key)).toBe('14');
  });

  it('is idempotent: same id and payload is exists, a different payload is refused, nothing is written', async () => {
    const { st } = await smallWarehouse();
    const input = { id: 'r1', kind: 'receipt' as const, actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }] };
    expect((await st.ledger.post(input)).result).toBe('created');
    const again = await st.ledger.post(input);
    expect(again.result).toBe('exists');
    expect(again.movement?.id).toBe('r1');
    const different = await st.ledger.post({ ...input, lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '6' }] });
    expect(different.result).toBe('exists_with_different_payload');
    expect(different).toEqual({ id: 'r1', result: 'exists_with_different_payload', message: 'Movement r1 exists with a different payload' });
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' })).toBe('5');
    expect(await st.ledger.movements()).toHaveLength(1);
  });

  it('refuses to overdraw and writes nothing of a multi-line movement', async () => {
    const { st } = await smallWarehouse();
    await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }] });
    const result = await st.ledger.post({
      id: 't1',
      kind: 'transfer',
      actor: 'li',
      lines: [
        { sku: 'A-100', from: 'WH1/A/01', to: 'WH1/A/02', qty: '3' },
        { sku: 'A-100', from: 'WH1/A/01', to: 'WH1/B/01', qty: '3' },
      ],
    });
    expect(result).toMatchObject({ result: 'insufficient_stock', lineIndex: 0 });
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' })).toBe('5');
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/02' })).toBe('0');
    expect(await st.ledger.movements()).toHaveLength(1);
  });

  it('allows negative stock only for items that allow it', async () => {
    const { st } = await smallWarehouse();
    await st.catalog.defineItem({ sku: 'N-1', baseUom: 'ea', allowNegative: true });
    const result = await st.ledger.post({ id: 'i1', kind: 'issue', actor: 'li', lines: [{ sku: 'N-1', from: 'WH1/A/01', qty: '2' }] });
    expect(result.result).toBe('created');
    expect(await st.ledger.onHand({ sku: 'N-1', location: 'WH1/A/01' })).toBe('-2');
  });

  it('reports catalog problems in the documented precedence', async () => {
    const { st } = await smallWarehouse();
    const post = (lines: Array<Record<string, string>>, id = 'x') =>
      st.ledger.post({ id, kind: 'receipt', actor: 'li', lines: lines as never });
    expect((await post([{ sku: 'NOPE', to: 'NOWHERE', qty: '1' }])).result).toBe('item_not_found');
    expect((await post([{ sku: 'A-100', to: 'NOWHERE', qty: '1' }])).result).toBe('location_not_found');
    expect((await post([{ sku: 'A-100', to: 'WH1/A/01', qty: '1', uom: 'pallet' }])).result).toBe('unknown_uom');
    expect((await post([{ sku: 'A-100', to: 'WH1/A/01', qty: '1.5' }])).result).toBe('invalid_quantity');
    expect((await post([{ sku: 'B-200', to: 'WH1/A/01', qty: '1.2345' }])).result).toBe('invalid_quantity');
    expect((await post([{ sku: 'L-300', to: 'WH1/A/01', qty: '1' }])).result).toBe('lot_required');
    expect((await post([{ sku: 'S-400', to: 'WH1/A/01', qty: '1' }])).result).toBe('serial_required');
    expect((await post([{ sku: 'A-100', to: 'WH1/A/01', qty: '1', lot: 'L1' }])).result).toBe('tracking_not_allowed');
    expect((await post([{ sku: 'S-400', to: 'WH1/A/01', qty: '2', serial: 'SN1' }])).result).toBe('serial_quantity');
    // The second line is the bad one: lineIndex says so.
    const second = await post([{ sku: 'A-100', to: 'WH1/A/01', qty: '1' }, { sku: 'NOPE', to: 'WH1/A/01', qty: '1' }]);
    expect(second).toMatchObject({ result: 'item_not_found', lineIndex: 1 });
    // The id is checked before the catalog: a retry of a created movement is `exists` whatever changed.
    await post([{ sku: 'A-100', to: 'WH1/A/01', qty: '1' }], 'ok');
    expect((await post([{ sku: 'A-100', to: 'WH1/A/01', qty: '1' }], 'ok')).result).toBe('exists');
    expect(await st.ledger.movements()).toHaveLength(1);
  });

  it('keeps lots and serials apart in the key and refuses a serial twice at one place', async () => {
    const { st } = await smallWarehouse();
    await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [
      { sku: 'L-300', to: 'WH1/A/01', qty: '3', lot: 'L1' },
      { sku: 'L-300', to: 'WH1/A/01', qty: '4', lot: 'L2' },
      { sku: 'S-400', to: 'WH1/A/01', qty: '1', serial: 'SN1' },
    ] });
    expect(await st.ledger.onHand({ sku: 'L-300', location: 'WH1/A/01', lot: 'L2' })).toBe('4');
    expect(await st.ledger.onHand({ sku: 'L-300', location: 'WH1/A/01' })).toBe('7');
    const again = await st.ledger.post({ id: 'r2', kind: 'receipt', actor: 'li', lines: [{ sku: 'S-400', to: 'WH1/A/01', qty: '1', serial: 'SN1' }] });
    expect(again.result).toBe('serial_in_stock');
    expect((await st.ledger.balances({ sku: 'L-300' })).map((b) => [b.key.lot, b.qty])).toEqual([['L1', '3'], ['L2', '4']]);
  });

  it('throws invalid_input with the path of the bad field for malformed input', async () => {
    const { st } = await smallWarehouse();
    const error = await st.ledger
      .post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '1' }] })
      .catch((e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('invalid_input');
    expect(isStocktakeError(error) && error.path).toEqual(['lines', 0, 'from']);
    const negative = await st.ledger
      .post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '-1' }] })
      .catch((e: unknown) => e);
    expect(isStocktakeError(negative) && negative.path).toEqual(['lines', 0, 'qty']);
  });

  it('emits movement.posted once per created movement, after commit', async () => {
    const { st } = await smallWarehouse();
    const seen: string[] = [];
    const off = st.on('movement.posted', (event) => void seen.push(event.movement.id));
    const input = { id: 'r1', kind: 'receipt' as const, actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '1' }] };
    await st.ledger.post(input);
    await st.ledger.post(input);
    off();
    await st.ledger.post({ ...input, id: 'r2' });
    expect(seen).toEqual(['r1']);
  });

  it('records each created movement in the audit trail: who posted what, when it happened, its lines and override, and nothing for a refusal or a retry', async () => {
    const { st, clock } = await smallWarehouse();
    await st.ledger.post({ id: 'r0', kind: 'receipt', actor: 'dock', occurredAt: at('07:00'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '20' }] });
    await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li'], movementPolicy: 'freeze' });
    clock.set(at('09:15'));
    const before = (await st.audit.list()).length;
    const receipt = { id: 'r1', kind: 'receipt' as const, actor: 'dock', occurredAt: at('09:00'), lines: [{ sku: 'A-100', to: 'WH1/B/01', qty: '1', uom: 'case' }] };
    await st.ledger.post(receipt);
    await st.ledger.post(receipt);
    await st.ledger.post({ id: 'i0', kind: 'issue', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/B/01', qty: '99' }] });
    await st.ledger.post({ id: 'i1', kind: 'issue', actor: 'li', occurredAt: at('09:10'), override: { reason: 'line down' }, lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '2' }] });
    const posted = (await st.audit.list()).slice(before).filter((event) => event.action === 'movement.post');
    expect(posted.map(({ at: recorded, actor, subject, data }) => ({ at: recorded, actor, subject, data }))).toEqual([
      {
        at: at('09:15'),
        actor: 'dock',
        subject: 'r1',
        data: { kind: 'receipt', occurredAt: at('09:00'), lines: [{ sku: 'A-100', to: 'WH1/B/01', qty: '12', enteredQty: '1', enteredUom: 'case' }] },
      },
      {
        at: at('09:15'),
        actor: 'li',
        subject: 'i1',
        data: { kind: 'issue', occurredAt: at('09:10'), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '2' }], override: { reason: 'line down' } },
      },
    ]);
    expect(await st.audit.verify()).toMatchObject({ ok: true });
  });

  it('lists balances by subtree and as of a time, and movements in store order', async () => {
    const { st, clock } = await smallWarehouse();
    await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }, { sku: 'A-100', to: 'WH1/B/01', qty: '3' }] });
    clock.advance(3_600_000);
    await st.ledger.post({ id: 't1', kind: 'transfer', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', to: 'WH1/A/02', qty: '4' }] });
    expect((await st.ledger.balances({ location: 'WH1/A' })).map((b) => [b.key.location, b.qty])).toEqual([
      ['WH1/A/01', '6'],
      ['WH1/A/02', '4'],
    ]);
    expect((await st.ledger.balances({ location: 'WH1/A', asOf: at('08:30') })).map((b) => b.qty)).toEqual(['10']);
    expect((await st.ledger.movements()).map((m) => [m.id, m.seq])).toEqual([['r1', 1], ['t1', 2]]);
    expect((await st.ledger.movements({ location: 'WH1/B' })).map((m) => m.id)).toEqual(['r1']);
    expect((await st.ledger.movements({ afterSeq: 1 })).map((m) => m.id)).toEqual(['t1']);
  });
});
