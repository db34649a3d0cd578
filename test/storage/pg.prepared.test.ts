/**
 * Posting on the server (only when `STOCKTAKE_PG_URL` is set): a `post` is five statements, the
 * hot ones named prepared statements unless `preparedStatements: false`; both give the same data.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createStocktake } from '../../src/engine.js';
import { createManualClock } from '../../src/testing/index.js';
import { createPgStorage, migrate } from '../../src/storage/postgres/index.js';

const url = process.env['STOCKTAKE_PG_URL'];

describe.skipIf(url === undefined)('prepared statements on the server (skipped unless STOCKTAKE_PG_URL is set)', () => {
  if (url === undefined) {
    it('posts with and without prepared statements', () => {});
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const sent: Array<{ text: string; name?: string }> = [];
  const seen = new WeakSet<object>();
  pool.on('acquire', (client) => {
    if (seen.has(client)) return;
    seen.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string; name?: string };
      sent.push(typeof first === 'string' ? { text: first } : { text: first.text, ...(first.name === undefined ? {} : { name: first.name }) });
      return query(...args);
    };
  });
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const run = async (preparedStatements: boolean) => {
    const schema = `stocktake_prepared_${process.pid}_${String(preparedStatements)}`;
    schemas.push(schema);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const storage = createPgStorage(pool, { schema, preparedStatements });
    await migrate(storage);
    const clock = createManualClock('2026-01-01T00:00:00.000Z');
    const st = createStocktake({ storage, clock });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    await st.catalog.defineLocation({ id: 'WH1' });
    await st.catalog.defineLocation({ id: 'WH1/A' });
    sent.length = 0;
    const movement = { id: 'm-1', kind: 'receipt', occurredAt: '2026-01-01T00:00:00.000Z', actor: 'u', lines: [{ sku: 'A', to: 'WH1/A', qty: '5' }] } as const;
    expect((await st.ledger.post(movement)).result).toBe('created');
    const statements = sent.length;
    const named = sent.filter((statement) => statement.name !== undefined).length;
    expect((await st.ledger.post(movement)).result).toBe('exists');
    for (let i = 2; i <= 8; i++) {
      clock.advance(1000);
      expect((await st.ledger.post({ ...movement, id: `m-${i}`, occurredAt: clock.now().toISOString() })).result).toBe('created');
    }
    const balances = await st.ledger.balances({});
    const audit = (await st.audit.list({})).map((event) => event.action);
    return { statements, named, balances, audit };
  };

  it('posts in five statements, the same data with and without prepared statements', async () => {
    const withNames = await run(true);
    const without = await run(false);
    expect(withNames.statements).toBe(5);
    expect(without.statements).toBe(5);
    expect(withNames.named).toBeGreaterThan(0);
    expect(without.named).toBe(0);
    expect(without.balances).toEqual(withNames.balances);
    expect(without.audit).toEqual(withNames.audit);
    expect(without.balances[0]!.qty).toBe('40');
  });
});
