/**
 * A process writing to a PGlite data directory is killed (SIGKILL) in the middle of posting: the
 * directory opens again, every acknowledged movement is there exactly once, nothing is
 * half-written (balances equal the postings, every movement has its postings), the audit chain
 * verifies, and posting goes on.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createStocktake } from '../../src/engine.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stocktake-killed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has acknowledged `acks` movements, then kills it; returns the acknowledged ids. */
function writeThenKill(acks: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'pglite-writer.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [word, id, result] = line.split(' ');
        if (word === 'ack' && (result === 'created' || result === 'exists')) acked.push(id!);
        if (acked.length >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited with ${String(code)}: ${stderr}`));
    });
  });
}

describe('pglite: a writer killed mid-posting', () => {
  it('leaves a data directory that opens, holds every acknowledged movement once, nothing half-written, and takes more writes', async () => {
    const acked = await writeThenKill(25);
    expect(acked.length).toBeGreaterThanOrEqual(25);
    const db = new PGlite(dir);
    try {
      const storage = createPgliteStorage(db);
      expect((await migrate(storage)).applied).toEqual([]);
      const q = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows;
      const stored = await q(`SELECT id, count(*)::int AS n FROM stocktake.movements GROUP BY id`);
      for (const row of stored) expect(row['n']).toBe(1);
      const ids = new Set(stored.map((row) => String(row['id'])));
      for (const id of acked) expect(ids.has(id), id).toBe(true);
      expect(
        await q(`SELECT m.id FROM stocktake.movements m
          WHERE (SELECT count(DISTINCT line_index) FROM stocktake.postings p WHERE p.movement_id = m.id) <> jsonb_array_length(m.lines)`),
      ).toEqual([]);
      expect(
        await q(`SELECT b.location FROM stocktake.balances b
          WHERE b.qty <> (SELECT coalesce(sum(delta), 0) FROM stocktake.postings p WHERE p.sku = b.sku AND p.location = b.location AND p.lot = b.lot AND p.serial = b.serial)`),
      ).toEqual([]);
      const st = createStocktake({ storage });
      expect((await st.audit.verify()).ok).toBe(true);
      const [sum] = await q(`SELECT coalesce(sum(delta), 0)::text AS qty FROM stocktake.postings WHERE location = 'WH1/A/01'`);
      expect(await st.ledger.onHand({ sku: 'A', location: 'WH1/A/01' })).toBe(sum!['qty']);
      expect((await st.ledger.post({ id: 'after-restart', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })).result).toBe('created');
    } finally {
      await db.close();
    }
  });
});
