/**
 * Faults on a real PostgreSQL server (only when `STOCKTAKE_PG_URL` is set): backends terminated
 * under load, a writer lock held by someone else, isolation levels that must see the previous
 * writer, concurrent first-time migrations, and refused connections. Every failure reaches the
 * caller as a `StocktakeError` and the process lives.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStocktake, type Stocktake } from '../../src/engine.js';
import { isStocktakeError, StocktakeError } from '../../src/errors.js';
import type { MovementInput } from '../../src/index.js';
import { createPgStorage, migrate, type PgStorageOptions } from '../../src/storage/postgres/index.js';
import { sqlNames } from '../../src/storage/postgres/schema.js';
import { truncateAllSql } from './postgres-support.js';

const url = process.env['STOCKTAKE_PG_URL'];
const SCHEMA = `stocktake_faults_${process.pid}`;
const S = `"${SCHEMA}"`;
const APP = `stocktake-faults-${process.pid}`;
const LOCATIONS = ['WH1/A/01', 'WH1/A/02', 'WH1/B/01'];
const WRITER_LOCK = `hashtextextended(${sqlNames({ schema: SCHEMA, tablePrefix: '' }).lockNamespace} || 'writer', 0)`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a rejected call threw; fails the test when it is not a StocktakeError. */
function stocktakeErrorOf(error: unknown): StocktakeError {
  expect(isStocktakeError(error), `not a StocktakeError: ${String(error)}`).toBe(true);
  return error as StocktakeError;
}

describe.runIf(url !== undefined)('postgres faults: terminated backends, lock timeouts, isolation, migrations (needs STOCKTAKE_PG_URL)', () => {
  const pool = new pg.Pool({ connectionString: url, max: 6, application_name: APP });
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  const options: PgStorageOptions = { schema: SCHEMA, retry: { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 50 } };
  const q = async (sql: string, params: unknown[] = []) => (await admin.query(sql, params)).rows as Array<Record<string, unknown>>;
  const engine = (extra: Partial<PgStorageOptions> = {}, on: pg.Pool = pool): Stocktake =>
    createStocktake({ storage: createPgStorage(on, { ...options, ...extra }) });

  beforeAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
    await migrate(createPgStorage(admin, options));
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
    await pool.end();
    await admin.end();
  });
  beforeEach(async () => {
    await admin.query(truncateAllSql(SCHEMA));
  });

  async function defineWorld(st: Stocktake): Promise<void> {
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    for (const id of LOCATIONS) await st.catalog.defineLocation({ id });
  }

  /** Terminates the backends of the engines' pool until stopped; returns how many it ended. */
  function terminator(): { stop: () => Promise<number> } {
    let running = true;
    let ended = 0;
    const loop = (async () => {
      while (running) {
        const rows = await q(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
          [APP],
        );
        ended += rows.filter((row) => row['ok'] === true).length;
        await sleep(5 + Math.random() * 25);
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return ended;
      },
    };
  }

  it('writers posting while their backends are terminated again and again: every call answers or rejects with a StocktakeError, acknowledged movements are stored once, onHand equals the stored movements', async () => {
    const setup = engine({}, admin);
    await defineWorld(setup);
    await setup.ledger.post({ id: 'seed', kind: 'receipt', actor: 'seed', lines: LOCATIONS.map((to) => ({ sku: 'A', to, qty: '1000' })) });
    const writers = Array.from({ length: 4 }, () => engine());
    const acknowledged = new Set<string>(['seed']);
    const codes = new Map<string, number>();
    const killer = terminator();
    await Promise.all(
      writers.map(async (st, w) => {
        for (let i = 0; i < 25; i++) {
          const from = LOCATIONS[(w + i) % LOCATIONS.length]!;
          const to = LOCATIONS[(w + i + 1) % LOCATIONS.length]!;
          const input: MovementInput =
            i % 3 === 0
              ? { id: `w${w}-${i}`, kind: 'receipt', actor: `w${w}`, lines: [{ sku: 'A', to, qty: String(1 + (i % 4)) }] }
              : { id: `w${w}-${i}`, kind: 'transfer', actor: `w${w}`, lines: [{ sku: 'A', from, to, qty: String(1 + (i % 5)) }] };
          // A caller that was not answered posts again with the same id (idempotent), a few times.
          for (let attempt = 0; attempt < 5; attempt++) {
            try {
              const result = await st.ledger.post(input);
              expect(['created', 'exists']).toContain(result.result);
              acknowledged.add(input.id);
              break;
            } catch (error) {
              const failure = stocktakeErrorOf(error);
              expect(failure.type).toBe('storage');
              expect(failure.cause).toBeDefined();
              codes.set(failure.code, (codes.get(failure.code) ?? 0) + 1);
            }
          }
        }
      }),
    );
    const ended = await killer.stop();
    expect(ended).toBeGreaterThan(0);
    expect(codes.get('storage_unavailable') ?? 0).toBeGreaterThan(0);
    expect([...codes.keys()].every((code) => ['storage_unavailable', 'storage_timeout'].includes(code))).toBe(true);

    const stored = await q(`SELECT id, count(*)::int AS n FROM ${S}.movements GROUP BY id`);
    for (const row of stored) expect(row['n']).toBe(1);
    const storedIds = new Set(stored.map((row) => String(row['id'])));
    for (const id of acknowledged) expect(storedIds.has(id), id).toBe(true);
    const reader = engine({}, admin);
    for (const location of LOCATIONS) {
      const [sum] = await q(`SELECT coalesce(sum(delta), 0)::text AS qty FROM ${S}.postings WHERE sku = 'A' AND location = $1`, [location]);
      expect(await reader.ledger.onHand({ sku: 'A', location })).toBe(sum!['qty']);
    }
    // The pool still works after all of it.
    expect((await writers[0]!.ledger.post({ id: 'after', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })).result).toBe('created');
  });

  it('a backend terminated while idle in a transaction rejects with storage_unavailable (rolled back) and the client goes back as broken', async () => {
    const storage = createPgStorage(pool, options);
    const work = storage.transaction(async (tx) => {
      await tx.getItem('A');
      await sleep(400);
      return tx.getItem('A');
    });
    await sleep(150);
    await q(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'`, [APP]);
    const failure = stocktakeErrorOf(await work.then(() => undefined, (error: unknown) => error));
    expect(failure.code).toBe('storage_unavailable');
    expect(failure.details['outcome']).toBe('rolled_back');
    expect(failure.details['retryable']).toBe(true);
    expect(await storage.transaction((tx) => tx.getItem('A'), { readOnly: true })).toBeUndefined();
  });

  it('a connection that dies during COMMIT rejects with storage_unavailable and outcome unknown; posting again with the same id tells what happened', async () => {
    const st = engine();
    await defineWorld(engine({}, admin));
    const dying = dyingAtCommit(pool, admin);
    const faulty = createStocktake({ storage: createPgStorage(dying, options) });
    const input: MovementInput = { id: 'r-commit', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '5' }] };
    const failure = stocktakeErrorOf(await faulty.ledger.post(input).then(() => undefined, (error: unknown) => error));
    expect(failure.code).toBe('storage_unavailable');
    expect(failure.details['outcome']).toBe('unknown');
    expect(failure.details['phase']).toBe('commit');
    // The idempotent re-post settles it: the COMMIT never reached the server here, so it is created now.
    expect((await st.ledger.post(input)).result).toBe('created');
    expect((await st.ledger.post(input)).result).toBe('exists');
  });

  for (const isolation of ['read committed', 'repeatable read', 'serializable'] as const) {
    it(`waiting for the writer lock past lockTimeoutMs ends in storage_timeout, retryable, nothing written (${isolation})`, async () => {
      const st = engine({ isolation, lockTimeoutMs: 300 });
      await defineWorld(engine({}, admin));
      const holder = await admin.connect();
      try {
        await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`);
        const failure = stocktakeErrorOf(
          await st.ledger
            .post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })
            .then(() => undefined, (error: unknown) => error),
        );
        expect(failure.code).toBe('storage_timeout');
        expect(failure.type).toBe('storage');
        expect(failure.details).toMatchObject({ retryable: true, sqlState: '55P03' });
        // Readers never wait for the writer lock.
        expect(await st.ledger.onHand({ sku: 'A', location: 'WH1/A/01' })).toBe('0');
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      expect(await q(`SELECT id FROM ${S}.movements`)).toEqual([]);
      // Once the lock is free, the same call goes through (the writer's session lock was released).
      expect((await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })).result).toBe('created');
    });
  }

  it('statementTimeoutMs ends a statement that runs too long in storage_timeout (57014)', async () => {
    const st = engine({ lockTimeoutMs: 0, statementTimeoutMs: 200 });
    await defineWorld(engine({}, admin));
    const holder = await admin.connect();
    try {
      await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`);
      const failure = stocktakeErrorOf(
        await st.ledger
          .post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] })
          .then(() => undefined, (error: unknown) => error),
      );
      expect(failure.code).toBe('storage_timeout');
      expect(failure.details).toMatchObject({ retryable: true, sqlState: '57014' });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('lockTimeoutMs and statementTimeoutMs must be whole milliseconds', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => createPgStorage(pool, { ...options, lockTimeoutMs: bad })).toThrow(expect.objectContaining({ code: 'invalid_input', path: ['lockTimeoutMs'] }));
      expect(() => createPgStorage(pool, { ...options, statementTimeoutMs: bad })).toThrow(
        expect.objectContaining({ code: 'invalid_input', path: ['statementTimeoutMs'] }),
      );
    }
  });

  for (const isolation of ['repeatable read', 'serializable'] as const) {
    it(`under ${isolation} a writer that waited for the writer lock sees what the previous writer committed`, async () => {
      const setup = engine({}, admin);
      await defineWorld(setup);
      const [row] = await q(`SELECT doc::text AS doc FROM ${S}.items WHERE sku = 'A'`);
      await q(`DELETE FROM ${S}.items WHERE sku = 'A'`);
      const holder = await admin.connect();
      let pending: Promise<unknown> | undefined;
      try {
        // Another writer holds the lock and defines the item; our post waits for it.
        await holder.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK})`);
        await holder.query(`INSERT INTO ${S}.items (sku, base_uom, tracking, doc) VALUES ('A', 'ea', 'none', $1::jsonb)`, [row!['doc']]);
        const st = engine({ isolation });
        pending = st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '3' }] });
        for (let i = 0; i < 100; i++) {
          const waiting = await q(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [APP]);
          if (waiting.length > 0) break;
          await sleep(20);
        }
        await holder.query('COMMIT');
      } finally {
        holder.release();
      }
      expect(await pending).toMatchObject({ result: 'created' });
      expect(await setup.ledger.onHand({ sku: 'A', location: 'WH1/A/01' })).toBe('3');
    });
  }

  for (const isolation of ['read committed', 'repeatable read', 'serializable'] as const) {
    it(`concurrent first-time migrate() from several pools succeeds for every one (${isolation})`, async () => {
      const schema = `stocktake_migrate_${process.pid}_${isolation.replace(' ', '_')}`;
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 1 }));
      try {
        const results = await Promise.all(pools.map((p) => migrate(createPgStorage(p, { schema, isolation }))));
        const applied = results.map((result) => result.applied.length);
        expect(applied.filter((n) => n > 0)).toHaveLength(1);
        expect(new Set(results.map((result) => result.version)).size).toBe(1);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    });
  }

  it('a refused connection and a missing schema reject with typed storage errors, never a raw driver error', async () => {
    const refused = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/test', max: 1, connectionTimeoutMillis: 2000 });
    try {
      const storage = createPgStorage(refused, { schema: SCHEMA });
      const viaMigrate = stocktakeErrorOf(await migrate(storage).then(() => undefined, (error: unknown) => error));
      expect(viaMigrate).toMatchObject({ code: 'storage_unavailable', type: 'storage', details: { outcome: 'rolled_back', phase: 'connect' } });
      expect(viaMigrate.cause).toBeInstanceOf(Error);
      const viaEngine = stocktakeErrorOf(await createStocktake({ storage }).ledger.onHand({ sku: 'A', location: 'X' }).then(() => undefined, (error: unknown) => error));
      expect(viaEngine.code).toBe('storage_unavailable');
      const viaAdapter = stocktakeErrorOf(await storage.transaction(async (tx) => tx.getItem('A')).then(() => undefined, (error: unknown) => error));
      expect(viaAdapter.code).toBe('storage_unavailable');
    } finally {
      await refused.end();
    }
    // A server that answers but refuses (no such database) is a failure to fix, not an outage.
    const wrongDb = new pg.Pool({ connectionString: url!.replace(/\/[^/?]*(\?|$)/, `/no_such_database_${process.pid}$1`), max: 1 });
    try {
      const refusedByServer = stocktakeErrorOf(await migrate(createPgStorage(wrongDb, { schema: SCHEMA })).then(() => undefined, (error: unknown) => error));
      expect(refusedByServer).toMatchObject({ code: 'storage_failure', type: 'storage', details: { sqlState: '3D000', phase: 'connect', retryable: false } });
    } finally {
      await wrongDb.end();
    }
    const missing = createPgStorage(pool, { schema: `stocktake_never_migrated_${process.pid}` });
    const viaEngine = stocktakeErrorOf(
      await createStocktake({ storage: missing }).ledger.onHand({ sku: 'A', location: 'X' }).then(() => undefined, (error: unknown) => error),
    );
    expect(viaEngine).toMatchObject({ code: 'storage_failure', type: 'storage', details: { sqlState: '42P01', retryable: false } });
    const viaAdapter = stocktakeErrorOf(await missing.transaction(async (tx) => tx.listItems()).then(() => undefined, (error: unknown) => error));
    expect(viaAdapter.details['sqlState']).toBe('42P01');
    expect(viaAdapter.message).toContain('migrate()');
  });
});

/** A Pool whose clients lose their connection right before COMMIT: the backend is terminated first. */
function dyingAtCommit(pool: pg.Pool, admin: pg.Pool): pg.Pool {
  return {
    on: () => undefined,
    async connect() {
      const client = await pool.connect();
      const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
      return new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
          return async (text: string, values?: unknown[]) => {
            if (text === 'COMMIT') {
              await admin.query('SELECT pg_terminate_backend($1)', [pid]);
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return query(text, values);
          };
        },
      });
    },
  } as unknown as pg.Pool;
}
