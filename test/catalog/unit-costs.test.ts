import { describe, expect, it } from 'vitest';
import { at, smallWarehouse } from '../support/world.js';

describe('unit cost history', () => {
  it('keeps each cost with its effective time; the cost at a moment is the latest in effect, the item’s own before any', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('10:00'));
    const first = await st.catalog.setUnitCost({ sku: 'A-100', unitCost: '3.00', from: at('09:00'), actor: 'finance' });
    expect(first).toEqual({ seq: 1, sku: 'A-100', unitCost: '3', from: at('09:00'), actor: 'finance', recordedAt: at('10:00') });
    await st.catalog.setUnitCost({ sku: 'A-100', unitCost: '2.75', actor: 'finance' });
    await st.catalog.setUnitCost({ sku: 'A-100', unitCost: '4', from: at('09:00'), actor: 'finance' });
    expect(await st.catalog.unitCostAt('A-100', at('08:59'))).toBe('2.5');
    expect(await st.catalog.unitCostAt('A-100', at('09:00'))).toBe('4');
    expect(await st.catalog.unitCostAt('A-100', at('09:59'))).toBe('4');
    expect(await st.catalog.unitCostAt('A-100')).toBe('2.75');
    expect(await st.catalog.unitCostAt('L-300', at('09:00'))).toBe('0');
    expect((await st.catalog.listUnitCosts('A-100')).map((cost) => [cost.from, cost.unitCost])).toEqual([
      [at('09:00'), '3'],
      [at('09:00'), '4'],
      [at('10:00'), '2.75'],
    ]);
    expect((await st.audit.list()).filter((event) => event.action === 'item.cost')).toHaveLength(3);
  });

  it('refuses bad input and unknown items with typed errors', async () => {
    const { st } = await smallWarehouse();
    await expect(st.catalog.setUnitCost({ sku: 'NOPE', unitCost: '1', actor: 'finance' })).rejects.toMatchObject({ code: 'item_not_found', path: ['sku'] });
    await expect(st.catalog.setUnitCost({ sku: 'A-100', unitCost: '-1', actor: 'finance' })).rejects.toMatchObject({ code: 'invalid_input', path: ['unitCost'] });
    await expect(st.catalog.setUnitCost({ sku: 'A-100', unitCost: '1', from: 'yesterday', actor: 'finance' })).rejects.toMatchObject({ code: 'invalid_input', path: ['from'] });
    await expect(st.catalog.unitCostAt('NOPE')).rejects.toMatchObject({ code: 'item_not_found', path: ['sku'] });
    await expect(st.catalog.unitCostAt('A-100', 'noon')).rejects.toMatchObject({ code: 'invalid_input', path: ['at'] });
    expect(await st.catalog.listUnitCosts('A-100')).toEqual([]);
  });
});
