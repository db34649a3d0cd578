/**
 * Faults on PGlite: a closed database, a schema that was never migrated, timeout options, and a
 * transaction that fails half-way. Every failure reaches the caller as a typed `StocktakeError`
 * and nothing is half-written.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createStocktake } from '../../src/engine.js';
import { isStocktakeError, type StocktakeError } from '../../src/errors.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';

const rejection = async (promise: Promise<unknown>): Promise<StocktakeError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isStocktakeError(error), `not a StocktakeError: ${String(error)}`).toBe(true);
  return error as StocktakeError;
};

describe('pglite faults', () => {
  const db = new PGlite();
  afterAll(async () => {
    await db.close();
  });

  it('a schema that was never migrated: every call rejects with storage_failure, the SQLSTATE and a hint to migrate', async () => {
    const storage = createPgliteStorage(db, { schema: 'never_migrated' });
    const viaEngine = await rejection(createStocktake({ storage }).ledger.onHand({ sku: 'A', location: 'X' }));
    expect(viaEngine).toMatchObject({ code: 'storage_failure', type: 'storage', details: { sqlState: '42P01', retryable: false } });
    expect(viaEngine.cause).toBeInstanceOf(Error);
    expect(viaEngine.message).toContain('migrate()');
    const viaAdapter = await rejection(storage.transaction(async (tx) => tx.listItems()));
    expect(viaAdapter.details['sqlState']).toBe('42P01');
    const viaWrite = await rejection(createStocktake({ storage }).catalog.defineItem({ sku: 'A', baseUom: 'ea' }));
    expect(viaWrite.code).toBe('storage_failure');
  });

  it('a failure half-way through a write transaction leaves nothing written', async () => {
    const storage = createPgliteStorage(db, { schema: 'half_way' });
    await migrate(storage);
    const st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    const boom = new Error('the work failed');
    const error = await storage
      .transaction(async (tx) => {
        await tx.putItem({ ...(await tx.getItem('A'))!, sku: 'B' });
        throw boom;
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    // The engine's own errors pass through unchanged; the write is rolled back.
    expect(error).toBe(boom);
    expect((await st.catalog.listItems()).map((item) => item.sku)).toEqual(['A']);
  });

  it('timeout options apply on PGlite too and are validated', async () => {
    const storage = createPgliteStorage(db, { schema: 'timeouts', lockTimeoutMs: 50, statementTimeoutMs: 5_000 });
    await migrate(storage);
    const st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    await st.catalog.defineLocation({ id: 'WH1/A/01' });
    expect((await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '2' }] })).result).toBe('created');
    expect(() => createPgliteStorage(db, { lockTimeoutMs: -5 })).toThrow(expect.objectContaining({ code: 'invalid_input', path: ['lockTimeoutMs'] }));
  });

  it('a closed database: migrate() and every call reject with storage_unavailable, nothing thrown raw', async () => {
    const closed = new PGlite();
    const storage = createPgliteStorage(closed, { schema: 'closed' });
    await migrate(storage);
    await closed.close();
    const viaMigrate = await rejection(migrate(storage));
    expect(viaMigrate).toMatchObject({ code: 'storage_unavailable', type: 'storage', details: { outcome: 'rolled_back', retryable: true } });
    expect(viaMigrate.cause).toBeInstanceOf(Error);
    const viaEngine = await rejection(createStocktake({ storage }).ledger.onHand({ sku: 'A', location: 'X' }));
    expect(viaEngine.code).toBe('storage_unavailable');
  });
});
