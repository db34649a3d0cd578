import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createStocktake, isStocktakeError } from '../../src/index.js';

describe('storage failures', () => {
  it('reach the caller as storage_failure with the driver error as cause, and leave nothing behind', async () => {
    let fail = false;
    const storage = createMemoryStorage({
      onWrite: (operation) => {
        if (fail && operation === 'appendMovement') throw new Error('disk full');
      },
    });
    const st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    await st.catalog.defineLocation({ id: 'WH1/A/01' });
    fail = true;
    const error = await st.ledger
      .post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })
      .catch((e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('storage_failure');
    expect(isStocktakeError(error) && error.type).toBe('storage');
    expect((error as Error).cause).toEqual(new Error('disk full'));
    fail = false;
    expect(await st.ledger.movements()).toEqual([]);
    expect((await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })).result).toBe('created');
  });

  it('errors the engine throws itself pass unchanged', async () => {
    const st = createStocktake();
    const error = await st.counts.get('nope').catch((e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('session_not_found');
  });
});
