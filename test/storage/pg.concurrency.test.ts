/**
 * Real concurrency and faults on a PostgreSQL server (only when `STOCKTAKE_PG_URL` is set):
 * several engines share one Pool like several app instances, and the ledger invariants are
 * checked afterwards in SQL.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStocktake, type Stocktake } from '../../src/engine.js';
import type { MovementInput, PostResult } from '../../src/index.js';
import { createPgStorage, migrate, type PgStorageOptions } from '../../src/storage/postgres/index.js';
import { createManualClock } from '../../src/testing/index.js';
import { propertyRuns } from '../support/property.js';
import { truncateAllSql } from './postgres-support.js';

const url = process.env['STOCKTAKE_PG_URL'];
const SCHEMA = `stocktake_concurrency_${process.pid}`;
const S = `"${SCHEMA}"`;
const WORKERS = 8;
const SKUS = ['A', 'B', 'C'];
const LOCATIONS = ['WH1/A/01', 'WH1/A/02', 'WH1/B/01', 'WH1/B/02'];
const SEED_AT = '2026-03-02T06:00:00.000Z';

/** A small deterministic PRNG so a failing run can be replayed from its printed seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(url === undefined)('postgres concurrency and faults (skipped unless STOCKTAKE_PG_URL is set)', () => {
  if (url === undefined) {
    it('runs 8 engines on one Pool, an overdraw race and COMMIT faults against a real server', () => {});
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: WORKERS });
  const storageOptions: PgStorageOptions = {
    schema: SCHEMA,
    retry: { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 100 },
    ...(process.env['STOCKTAKE_PG_ISOLATION'] ? { isolation: process.env['STOCKTAKE_PG_ISOLATION'] as PgStorageOptions['isolation'] & string } : {}),
  };
  const q = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>;

  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
    await migrate(createPgStorage(pool, storageOptions));
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${S} CASCADE`);
    await pool.end();
  });
  beforeEach(async () => {
    await pool.query(truncateAllSql(SCHEMA));
  });

  /** Engines sharing the pool, each with its own adapter, like separate app instances. */
  const engines = (count: number, options: PgStorageOptions = storageOptions): Stocktake[] =>
    Array.from({ length: count }, () => createStocktake({ storage: createPgStorage(pool, options) }));

  async function defineWorld(st: Stocktake): Promise<void> {
    for (const sku of SKUS) await st.catalog.defineItem({ sku, baseUom: 'ea' });
    for (const id of LOCATIONS) await st.catalog.defineLocation({ id });
  }

  /** Invariants 1–6 and 10 of DESIGN §3, computed in SQL and by replaying the stored log. */
  async function checkLedgerInvariants(): Promise<void> {
    // 2: every balance equals the sum of its key's postings, and every posted key has a balance.
    const mismatched = await q(`
      SELECT coalesce(b.sku, p.sku) AS sku, coalesce(b.location, p.location) AS location, b.qty::text AS qty, p.total::text AS total
      FROM ${S}.balances b
      FULL JOIN (SELECT sku, location, lot, serial, sum(delta) AS total, count(*) AS n FROM ${S}.postings GROUP BY 1, 2, 3, 4) p
        USING (sku, location, lot, serial)
      WHERE b.qty IS DISTINCT FROM p.total OR b.version IS DISTINCT FROM p.n`);
    expect(mismatched).toEqual([]);
    // 1: per item, transfers sum to zero and the balances equal receipts − issues ± adjustments.
    const transfers = await q(`SELECT sku, sum(delta)::text AS total FROM ${S}.postings WHERE kind = 'transfer' GROUP BY sku HAVING sum(delta) <> 0`);
    expect(transfers).toEqual([]);
    const perItem = await q(`
      SELECT sku, (SELECT coalesce(sum(qty), 0) FROM ${S}.balances b WHERE b.sku = i.sku)::text AS on_hand,
        (SELECT coalesce(sum(delta), 0) FROM ${S}.postings p WHERE p.sku = i.sku AND p.kind <> 'transfer')::text AS net
      FROM ${S}.items i`);
    for (const row of perItem) expect(row['on_hand'], String(row['sku'])).toBe(row['net']);
    // 3: nothing negative (no item allows it).
    expect(await q(`SELECT sku, location, qty::text FROM ${S}.balances WHERE qty < 0`)).toEqual([]);
    // 6: every movement has all of its lines' postings.
    const partial = await q(`
      SELECT m.id FROM ${S}.movements m
      WHERE (SELECT count(DISTINCT line_index) FROM ${S}.postings p WHERE p.movement_id = m.id) <> jsonb_array_length(m.lines)`);
    expect(partial).toEqual([]);
    // 5: store sequence numbers are unique, from 1 (a sequence: a rolled-back writer leaves a gap).
    const seqs = await q(`SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct_n, coalesce(min(seq), 1)::int AS lo FROM ${S}.movements`);
    expect(seqs[0]).toEqual({ n: Number(seqs[0]!['n']), distinct_n: Number(seqs[0]!['n']), lo: 1 });
    // 10: replaying the stored movements in order gives the stored balances.
    const replay = new Map<string, bigint>();
    for (const row of await q(`SELECT lines::text AS lines FROM ${S}.movements ORDER BY seq`)) {
      for (const line of JSON.parse(String(row['lines'])) as Array<{ sku: string; from?: string; to?: string; qty: string }>) {
        const qty = BigInt(line.qty);
        if (line.from) replay.set(`${line.sku}@${line.from}`, (replay.get(`${line.sku}@${line.from}`) ?? 0n) - qty);
        if (line.to) replay.set(`${line.sku}@${line.to}`, (replay.get(`${line.sku}@${line.to}`) ?? 0n) + qty);
      }
    }
    const stored = await q(`SELECT sku || '@' || location AS k, qty::text AS qty FROM ${S}.balances`);
    expect(new Map(stored.map((r) => [String(r['k']), BigInt(String(r['qty']))]))).toEqual(replay);
    // The audit chain links without gaps.
    const verification = await createStocktake({ storage: createPgStorage(pool, storageOptions) }).audit.verify();
    expect(verification.ok).toBe(true);
  }

  it('8 engines on one Pool posting transfers, issues, receipts and duplicate ids in parallel while a count session opens, counts, reviews and posts keep every ledger invariant', async () => {
    const seed = Number(process.env['STOCKTAKE_RACE_SEED'] ?? Date.now() % 1_000_000);
    console.log(`race seed ${seed} (replay with STOCKTAKE_RACE_SEED=${seed})`);
    const random = prng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const [admin, ...workers] = engines(WORKERS + 1);
    await defineWorld(admin!);
    for (const sku of SKUS) {
      for (const location of LOCATIONS) {
        await admin!.ledger.post({ id: `seed-${sku}-${location}`, kind: 'receipt', occurredAt: SEED_AT, actor: 'seed', lines: [{ sku, to: location, qty: '20' }] });
      }
    }

    // Shared ids every worker submits: the same payload from everyone.
    const shared: MovementInput[] = Array.from({ length: 12 }, (_, i) => ({
      id: `shared-${i}`,
      kind: 'transfer',
      actor: 'dup',
      lines: [{ sku: pick(SKUS), from: LOCATIONS[i % 4]!, to: LOCATIONS[(i + 1) % 4]!, qty: String(1 + (i % 3)) }],
    }));
    const plans = workers.map((_, w) =>
      Array.from({ length: 30 }, (_, i): MovementInput => {
        if (random() < 0.3) return pick(shared);
        const sku = pick(SKUS);
        const from = pick(LOCATIONS);
        const to = pick(LOCATIONS.filter((l) => l !== from));
        const qty = String(1 + Math.floor(random() * 4));
        const id = `w${w}-${i}`;
        switch (pick(['transfer', 'transfer', 'issue', 'receipt', 'multi'] as const)) {
          case 'transfer':
            return { id, kind: 'transfer', actor: `w${w}`, lines: [{ sku, from, to, qty }] };
          case 'issue':
            return { id, kind: 'issue', actor: `w${w}`, lines: [{ sku, from, qty }] };
          case 'receipt':
            return { id, kind: 'receipt', actor: `w${w}`, lines: [{ sku, to, qty }] };
          case 'multi':
            return { id, kind: 'transfer', actor: `w${w}`, lines: [{ sku, from, to, qty }, { sku: pick(SKUS), from: to, to: from, qty }] };
        }
      }),
    );

    // The count runs on its own engine with a clock in the past: counted at 06:30, after the seed
    // receipts and before every worker movement (dated now), so the expected figures are known.
    const countClock = createManualClock('2026-03-02T06:10:00.000Z');
    const counter = createStocktake({ storage: createPgStorage(pool, storageOptions), clock: countClock });
    const COUNTED_AT = '2026-03-02T06:30:00.000Z';
    const countFlow = async () => {
      const session = await counter.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '1000' } });
      countClock.set(COUNTED_AT);
      const counted = new Map<string, string>();
      for (const sku of SKUS) {
        for (const location of ['WH1/A/01', 'WH1/A/02']) {
          // One unit more on the shelf than the book says at the count time.
          const book = await counter.ledger.onHand({ sku, location }, { asOf: COUNTED_AT });
          const qty = String(Number(book) + 1);
          counted.set(`${sku}@${location}`, qty);
          for (let attempt = 0; attempt < 2; attempt++) {
            // The second submission is a handheld retry of the same entry id.
            const recorded = await counter.counts.record(session.id, { entryId: `e-${sku}-${location}`, sku, location, qty, countedAt: COUNTED_AT, counter: 'li' });
            expect(recorded.result).toBe(attempt === 0 ? 'created' : 'exists');
          }
        }
      }
      for (const location of ['WH1/A/01', 'WH1/A/02']) await counter.counts.completeLocation(session.id, location, { actor: 'li', at: COUNTED_AT });
      countClock.set('2026-03-02T06:40:00.000Z');
      const review = await counter.counts.review(session.id);
      expect(review.lines.every((line) => line.variance === '1'), JSON.stringify(review.lines)).toBe(true);
      await counter.counts.approve(session.id, { actor: 'zhao' });
      const posted = await counter.counts.post(session.id, { actor: 'zhao' });
      expect(posted.movements).toHaveLength(counted.size);
      expect((await counter.counts.post(session.id, { actor: 'zhao' })).created).toBe(false);
      return counted;
    };

    // A reader that keeps listing the log while it grows: each read extends the previous one.
    let running = true;
    const reader = (async () => {
      let previous: string[] = [];
      let reads = 0;
      while (running) {
        const ids = (await admin!.ledger.movements()).map((m) => m.id);
        expect(ids.slice(0, previous.length)).toEqual(previous);
        previous = ids;
        reads++;
      }
      return reads;
    })();

    const results: Array<[MovementInput, PostResult]> = [];
    const settled = await Promise.allSettled([
      countFlow(),
      ...workers.map(async (st, w) => {
        for (const input of plans[w]!) results.push([input, await st.ledger.post(input)]);
      }),
    ]);
    running = false;
    const readerOutcome = await reader.then(
      (reads) => ({ reads }),
      (error: unknown) => ({ error }),
    );
    const failure = settled.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    if ('error' in readerOutcome) throw readerOutcome.error;
    expect(readerOutcome.reads).toBeGreaterThan(0);
    const counted = (settled[0] as PromiseFulfilledResult<Map<string, string>>).value;

    // 4: one id, one movement: at most one `created` per id, and stored exactly when created.
    const created = new Map<string, number>();
    for (const [input, result] of results) {
      expect(['created', 'exists', 'insufficient_stock']).toContain(result.result);
      if (result.result === 'created') created.set(input.id, (created.get(input.id) ?? 0) + 1);
    }
    for (const [id, n] of created) expect(n, id).toBe(1);
    const storedIds = (await q(`SELECT id FROM ${S}.movements WHERE id NOT LIKE 'seed-%' AND kind <> 'count_adjustment'`)).map((r) => String(r['id']));
    expect(storedIds.sort()).toEqual([...created.keys()].sort());
    expect(results.filter(([input, r]) => input.id.startsWith('shared-') && r.result === 'exists').length).toBeGreaterThan(0);

    await checkLedgerInvariants();

    // After posting: the book as of the count time equals the count (invariant 7), and the book
    // now minus the count is exactly what moved after the count (invariant 8).
    for (const [keyText, qty] of counted) {
      const [sku, location] = keyText.split('@') as [string, string];
      expect(await admin!.ledger.onHand({ sku, location }, { asOf: COUNTED_AT })).toBe(qty);
      const after = await q(`SELECT coalesce(sum(delta), 0)::text AS d FROM ${S}.postings WHERE sku = $1 AND location = $2 AND occurred_at > $3::timestamptz`, [
        sku,
        location,
        COUNTED_AT,
      ]);
      expect(Number(await admin!.ledger.onHand({ sku, location })) - Number(qty)).toBe(Number(after[0]!['d']));
    }
  });

  for (const isolation of ['read committed', 'serializable'] as const) {
    it(`overdraw race (${isolation}): 24 concurrent issues against stock for 10 never take more than 10`, async () => {
      const sts = engines(WORKERS, { ...storageOptions, isolation });
      await defineWorld(sts[0]!);
      await sts[0]!.ledger.post({ id: 'rcv', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '10' }] });
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          sts[i % WORKERS]!.ledger.post({ id: `issue-${i}`, kind: 'issue', actor: 'wang', lines: [{ sku: 'A', from: 'WH1/A/01', qty: String(1 + (i % 3)) }] }),
        ),
      );
      const taken = results
        .map((r, i) => (r.result === 'created' ? 1 + (i % 3) : 0))
        .reduce((a, b) => a + b, 0);
      expect(results.every((r) => r.result === 'created' || r.result === 'insufficient_stock')).toBe(true);
      expect(taken).toBeLessThanOrEqual(10);
      expect(taken).toBeGreaterThanOrEqual(8); // the last refusals happen only when fewer than 3 are left
      expect(await sts[0]!.ledger.onHand({ sku: 'A', location: 'WH1/A/01' })).toBe(String(10 - taken));
      await checkLedgerInvariants();
    });
  }

  it('COMMIT faults (failing before COMMIT, or after COMMIT before the reply) under parallel retries converge to exactly one effect per id', async () => {
    type Fault = 'none' | 'before_commit' | 'after_commit';
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Fault>('none', 'none', 'before_commit', 'after_commit'), { minLength: 10, maxLength: 60 }),
        fc.array(
          fc.record({
            sku: fc.constantFrom(...SKUS),
            from: fc.integer({ min: 0, max: 3 }),
            qty: fc.integer({ min: 1, max: 9 }),
            kind: fc.constantFrom('transfer', 'issue', 'receipt'),
          }),
          { minLength: 8, maxLength: 24 },
        ),
        async (faults, specs) => {
          await pool.query(truncateAllSql(SCHEMA));
          const queue = [...faults];
          const faulty = faultyPool(pool, () => queue.shift() ?? 'none');
          const setup = createStocktake({ storage: createPgStorage(pool, storageOptions) });
          await defineWorld(setup);
          for (const location of LOCATIONS) {
            await setup.ledger.post({ id: `seed-${location}`, kind: 'receipt', actor: 'seed', lines: SKUS.map((sku) => ({ sku, to: location, qty: '10' })) });
          }
          const sts = Array.from({ length: 4 }, () => createStocktake({ storage: createPgStorage(faulty, storageOptions) }));
          const inputs: MovementInput[] = specs.map((spec, i) => {
            const from = LOCATIONS[spec.from]!;
            const to = LOCATIONS[(spec.from + 1) % 4]!;
            const qty = String(spec.qty);
            const line = spec.kind === 'issue' ? { sku: spec.sku, from, qty } : spec.kind === 'receipt' ? { sku: spec.sku, to, qty } : { sku: spec.sku, from, to, qty };
            return { id: `f-${i}`, kind: spec.kind as MovementInput['kind'], actor: 'li', lines: [line] };
          });
          const outcomes = new Map<string, string[]>();
          await Promise.all(
            sts.map(async (st, w) => {
              // Every worker submits every input (so ids race too) and retries each until it gets an answer.
              for (const input of w % 2 === 0 ? inputs : [...inputs].reverse()) {
                for (let attempt = 0; ; attempt++) {
                  expect(attempt).toBeLessThan(50);
                  const result = await st.ledger.post(input).catch(() => undefined);
                  if (result) {
                    outcomes.set(input.id, [...(outcomes.get(input.id) ?? []), result.result]);
                    break;
                  }
                }
              }
            }),
          );
          const stored = await q(`SELECT id, count(*)::int AS n FROM ${S}.movements WHERE id LIKE 'f-%' GROUP BY id`);
          const storedIds = new Set(stored.map((r) => String(r['id'])));
          for (const input of inputs) {
            const results = outcomes.get(input.id)!;
            expect(results).toHaveLength(4);
            expect(results.filter((r) => r === 'created').length).toBeLessThanOrEqual(1);
            // Stored exactly when someone was told `created` or `exists` (a lost reply still leaves a trace someone sees).
            expect(storedIds.has(input.id), `${input.id}: ${results.join(',')}`).toBe(results.some((r) => r === 'created' || r === 'exists'));
          }
          for (const row of stored) expect(row['n']).toBe(1);
          await checkLedgerInvariants();
        },
      ),
      { numRuns: propertyRuns(6) },
    );
  });
});

/**
 * A Pool whose clients fail at COMMIT as told: `before_commit` rolls back instead and throws,
 * `after_commit` commits and then throws as if the reply was lost.
 */
function faultyPool(pool: pg.Pool, nextFault: () => 'none' | 'before_commit' | 'after_commit'): pg.Pool {
  return {
    async connect() {
      const client = await pool.connect();
      const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
      const wrapped = new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
          return async (text: string, values?: unknown[]) => {
            if (text !== 'COMMIT') return query(text, values);
            const fault = nextFault();
            if (fault === 'before_commit') {
              await query('ROLLBACK');
              throw new Error('injected: connection lost before COMMIT');
            }
            const result = await query('COMMIT');
            if (fault === 'after_commit') throw new Error('injected: connection lost after COMMIT, before the reply');
            return result;
          };
        },
      });
      return wrapped;
    },
  } as unknown as pg.Pool;
}
