/**
 * The service on its real storages: PGlite with a data directory (data survives a restart), and a
 * PostgreSQL server with parallel connections when `STOCKTAKE_PG_URL` is set (CI sets it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../storage.js';
import { seedCatalog, startService } from './service.js';

describe('PGlite with a data directory', () => {
  it('keeps what was posted across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'erp-service-'));
    try {
      const first = await openStorage({ STOCKTAKE_DATA_DIR: dir });
      const service = await startService({ storage: first.storage });
      await seedCatalog(service);
      const posted = await service.call('POST', '/movements', { body: { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '7' }] }, headers: { 'idempotency-key': 'rcv-persist' } });
      expect(posted.status).toBe(201);
      await service.close();
      await first.close();

      const second = await openStorage({ STOCKTAKE_DATA_DIR: dir });
      const again = await startService({ storage: second.storage });
      expect(await (await again.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/01')).json()).toMatchObject({ qty: '7' });
      const replay = await again.call('POST', '/movements', { body: { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '7' }] }, headers: { 'idempotency-key': 'rcv-persist' } });
      expect(replay.status).toBe(200);
      await again.close();
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const url = process.env['STOCKTAKE_PG_URL'];

describe.skipIf(url === undefined)('a PostgreSQL server (skipped unless STOCKTAKE_PG_URL is set)', () => {
  it('creates one movement and one entry per id under concurrent bursts over parallel connections', async () => {
    const schema = `erp_service_${process.pid}_${Date.now()}`;
    const opened = await openStorage({ STOCKTAKE_PG_URL: url, STOCKTAKE_PG_SCHEMA: schema });
    const service = await startService({ storage: opened.storage });
    try {
      await seedCatalog(service);
      const body = { kind: 'receipt', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '1', uom: 'case' }] };
      const posts = await Promise.all(Array.from({ length: 50 }, () => service.call('POST', '/movements', { body, headers: { 'idempotency-key': 'pg-burst' } })));
      expect(posts.filter((r) => r.status === 201)).toHaveLength(1);
      expect(posts.filter((r) => r.status === 200)).toHaveLength(49);
      expect(await (await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/01')).json()).toMatchObject({ qty: '12' });

      const opened = await service.call('POST', '/counts', { body: { id: 'CS-pg', scope: { locations: ['WH1/A'] }, counters: ['ana'] }, actor: 'zhao' });
      expect(opened.status).toBe(201);
      const countedAt = new Date().toISOString();
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          service.call('POST', '/counts/CS-pg/entries', { actor: 'ana', body: { entries: [{ entryId: `pg-${i % 20}`, sku: 'WIDGET', location: 'WH1/A/01', qty: '1', countedAt }] } }),
        ),
      );
      const results = (await Promise.all(responses.map((r) => r.json() as Promise<{ results: Array<{ result: string }> }>))).flatMap((b) => b.results);
      expect(results.filter((r) => r.result === 'created')).toHaveLength(20);
      expect(results.filter((r) => r.result === 'exists')).toHaveLength(80);
      expect(await (await service.call('GET', '/counts/CS-pg/entries')).json()).toHaveLength(20);
    } finally {
      await service.close();
      await opened.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
