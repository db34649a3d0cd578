/**
 * Writes partitioned by warehouse across processes (only when `STOCKTAKE_PG_URL` is set): child
 * processes, each an app instance with its own Pool, post to different warehouses while others
 * transfer between them; afterwards every balance equals its postings, the total equals what
 * the receipts and issues say, and every audit chain verifies.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStocktake } from '../../src/engine.js';
import { isStocktakeError } from '../../src/errors.js';
import type { WriteScope } from '../../src/storage/adapter.js';
import { createPgStorage, migrate, type PgStorageOptions } from '../../src/storage/postgres/index.js';

const url = process.env['STOCKTAKE_PG_URL'];
const SCHEMA = `stocktake_partitions_${process.pid}`;
const S = `"${SCHEMA}"`;
const WAREHOUSES = ['WH1', 'WH2', 'WH3', 'WH4'];
const OPENING = 1000;

function runWriter(args: string[]): Promise<{ created: number; net: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'pg-partition-writer.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as { created: number; net: number }) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

describe.skipIf(url === undefined)('writes partitioned by warehouse, several processes (skipped unless STOCKTAKE_PG_URL is set)', () => {
  if (url === undefined) {
    it('child processes post to different warehouses and transfer between them', () => {});
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const storage = createPgStorage(pool, { schema: SCHEMA });
  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
    await migrate(storage);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
    await pool.end();
  });

  it('single-warehouse writers and cross-warehouse transfers in child processes: balances = postings, totals hold, every chain verifies', async () => {
    const st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    for (const warehouse of WAREHOUSES) await st.catalog.defineLocation({ id: `${warehouse}/A` });
    await st.ledger.postMany(WAREHOUSES.map((w) => ({ id: `open-${w}`, kind: 'receipt' as const, actor: 'li', lines: [{ sku: 'A', to: `${w}/A`, qty: String(OPENING) }] })));
    const seed = Date.now() % 100_000;
    const count = 40;
    const writers: string[][] = [
      ...WAREHOUSES.map((w, i) => [url, SCHEMA, `w${i}`, `warehouse:${w}`, String(count), String(seed + i)]),
      ...['x1', 'x2'].map((prefix, i) => [url, SCHEMA, prefix, 'transfers', String(count), String(seed + 10 + i)]),
    ];
    const results = await Promise.all(writers.map(runWriter));
    expect(results.reduce((n, r) => n + r.created, 0), `seed ${seed}`).toBe(writers.length * count);

    const mismatched = await pool.query(`
      SELECT b.location, b.qty::text, p.total::text FROM ${S}.balances b
      FULL JOIN (SELECT sku, location, lot, serial, sum(delta) AS total FROM ${S}.postings GROUP BY 1, 2, 3, 4) p USING (sku, location, lot, serial)
      WHERE b.qty IS DISTINCT FROM p.total`);
    expect(mismatched.rows).toEqual([]);
    const total = Number((await pool.query(`SELECT sum(qty)::text AS total FROM ${S}.balances`)).rows[0].total);
    expect(total, `seed ${seed}`).toBe(OPENING * WAREHOUSES.length + results.reduce((n, r) => n + r.net, 0));
    expect(await st.audit.verify()).toMatchObject({ ok: true, events: 1 + WAREHOUSES.length * 2 + writers.length * count });
    const chains = (await st.audit.chains()).map((chain) => chain.chain);
    expect(chains).toEqual([undefined, ...WAREHOUSES]);
  }, 180_000);

  /** Holds a transaction of a scope open (its locks taken) until released. */
  async function hold(options: PgStorageOptions, scope: WriteScope): Promise<{ release: () => void; done: Promise<unknown> }> {
    const held = createPgStorage(pool, { schema: SCHEMA, ...options });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const done = held.transaction(async () => {
      entered();
      await gate;
    }, { scope });
    await inside;
    return { release, done };
  }

  for (const isolation of ['read committed', 'repeatable read', 'serializable'] as const) {
    it(`at ${isolation}: another warehouse's writer does not wait; one of the same warehouse ends in storage_timeout after lockTimeoutMs`, async () => {
      const options: PgStorageOptions = { isolation, lockTimeoutMs: 300 };
      const held = await hold(options, { partitions: ['WH1'] });
      try {
        const other = createPgStorage(pool, { schema: SCHEMA, ...options });
        // WH1 is held until the end: had this writer waited for it, it would end in storage_timeout.
        expect(await other.transaction(async (tx) => (await tx.lastAuditEvent('WH2'), 'done'), { scope: { partitions: ['WH2'] } })).toBe('done');
        const error = await other
          .transaction((tx) => tx.lastAuditEvent('WH1'), { scope: { partitions: ['WH1', 'WH3'] } })
          .then(() => undefined, (caught: unknown) => caught);
        expect(isStocktakeError(error) && { code: error.code, retryable: error.details?.['retryable'] }).toEqual({ code: 'storage_timeout', retryable: true });
        // WH3 was taken before the wait for WH1 timed out: released with the transaction.
        await other.transaction((tx) => tx.lastAuditEvent('WH3'), { scope: { partitions: ['WH3'] } });
      } finally {
        held.release();
        await held.done;
      }
    });
  }
});
