/**
 * A quick probe of the PostgreSQL posting path (issue 16), smaller than workload 5: counts the
 * statements (round trips) each `st.ledger.post` and each `st.ledger.postMany` call sends, and times
 * both against workload 5's hand-written SQL at the same size, in alternating rounds so a loaded
 * machine weighs on every case alike.
 *
 * `STOCKTAKE_PG_URL=postgres://… npx tsx bench/pg-probe.ts [movements] [keys] [rounds]`
 */
import pg from 'pg';
import type { MovementInput } from '../src/index.js';
import { createPgStorage, migrate } from '../src/storage/postgres/index.js';
import { createWorld, layout } from './world.js';
import { BATCH, generateMovements, postInBatches } from './workloads/ledger.js';
import { baselineSql, poolSql } from './workloads/postgres.js';

const url = process.env['STOCKTAKE_PG_URL'];
if (!url) throw new Error('STOCKTAKE_PG_URL is not set');
const [movementCount = 2000, keyCount = 2000, rounds = 3] = process.argv.slice(2).map(Number);

/** Statements sent, by their first words, while `counting` is on. */
const counts = new Map<string, number>();
/** Milliseconds from sending each kind of statement to its answer, while `counting` is on. */
const spent = new Map<string, number>();
let counting = false;
let statements = 0;
const pool = new pg.Pool({ connectionString: url, max: 4 });
const wrapped = new WeakSet<object>();
pool.on('acquire', (client) => {
  if (wrapped.has(client)) return;
  wrapped.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    // STOCKTAKE_PROBE_UNNAMED=1: every statement unnamed, to weigh what prepared statements save.
    if (process.env['STOCKTAKE_PROBE_UNNAMED'] === '1' && typeof args[0] === 'object' && args[0] !== null) {
      const { text, values } = args[0] as { text: string; values?: unknown[] };
      args = [text, values];
    }
    if (counting) {
      statements++;
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string }).text ?? '?');
      const label = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      counts.set(label, (counts.get(label) ?? 0) + 1);
      const started = performance.now();
      const result = query(...args) as Promise<unknown>;
      const done = () => void spent.set(label, (spent.get(label) ?? 0) + performance.now() - started);
      result.then(done, done);
      return result;
    }
    return query(...args);
  };
});

let schemaNumber = 0;
const schemas: string[] = [];
async function fresh(): Promise<string> {
  const schema = `bench_probe_${process.pid}_${++schemaNumber}`;
  schemas.push(schema);
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await migrate(createPgStorage(pool, { schema }));
  return schema;
}

/** Workload 5's baseline SQL, `batch` movements per transaction. */
const sql = poolSql(pool);
const baseline = (schema: string, movements: readonly MovementInput[], batch: number): Promise<void> => baselineSql(sql, schema, movements, batch);

const keys = layout(keyCount);
const movements = generateMovements(keys, movementCount * 3).slice(0, movementCount);
const times: Record<string, number[]> = { batchedSql: [], singleSql: [], postMany: [], post: [] };
const time = async (name: string, work: () => Promise<unknown>): Promise<void> => {
  const started = performance.now();
  await work();
  times[name]!.push(performance.now() - started);
};
let perPost = 0;
let perBatch = 0;
let detail = '';
let detailMany = '';
try {
  for (let round = 0; round < rounds; round++) {
    const batchedSchema = await fresh();
    await time('batchedSql', () => baseline(batchedSchema, movements, BATCH));
    const singleSchema = await fresh();
    await time('singleSql', () => baseline(singleSchema, movements, 1));
    const many = await createWorld(keys, { storage: createPgStorage(pool, { schema: await fresh() }) });
    counts.clear();
    spent.clear();
    statements = 0;
    counting = true;
    await time('postMany', () => postInBatches(many.st, many.clock, movements, BATCH));
    counting = false;
    perBatch = statements / Math.ceil(movements.length / BATCH);
    detailMany = [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `  ${(n / Math.ceil(movements.length / BATCH)).toFixed(2)} ${(spent.get(label)! / n).toFixed(1).padStart(7)} ms  ${label}`).join('\n');
    detailMany += `\n  statements ${[...spent.values()].reduce((a, b) => a + b, 0).toFixed(0)} ms of ${times['postMany']!.at(-1)!.toFixed(0)} ms`;
    const one = await createWorld(keys, { storage: createPgStorage(pool, { schema: await fresh() }) });
    counts.clear();
    spent.clear();
    statements = 0;
    counting = true;
    await time('post', async () => {
      for (const movement of movements) {
        one.clock.advance(1000);
        const result = await one.st.ledger.post(movement);
        if (result.result !== 'created') throw new Error(`${movement.id}: ${result.result}`);
      }
    });
    counting = false;
    perPost = statements / movements.length;
    detail = [...counts].sort((a, b) => b[1] - a[1]).map(([label, n]) => `  ${(n / movements.length).toFixed(2)} ${(spent.get(label)! / n).toFixed(2).padStart(7)} ms  ${label}`).join('\n');
    detail += `\n  statements ${[...spent.values()].reduce((a, b) => a + b, 0).toFixed(0)} ms of ${times['post']!.at(-1)!.toFixed(0)} ms`;
    const a = JSON.stringify((await many.st.ledger.balances({ includeZero: true })).map(({ key, qty }) => [key, qty]));
    const b = JSON.stringify((await one.st.ledger.balances({ includeZero: true })).map(({ key, qty }) => [key, qty]));
    if (a !== b) throw new Error('post and postMany left different balances');
  }
  const med = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  console.log(`${movements.length} movements / ${keyCount} keys, ${rounds} rounds (medians, ms):`);
  for (const [name, values] of Object.entries(times)) console.log(`  ${name.padEnd(10)} ${med(values).toFixed(0).padStart(7)}   [${values.map((v) => v.toFixed(0)).join(', ')}]`);
  const ratios = (a: string, b: string) => times[a]!.map((v, i) => v / times[b]![i]!);
  console.log(`  postMany / batched SQL: ${med(ratios('postMany', 'batchedSql')).toFixed(2)}x  [${ratios('postMany', 'batchedSql').map((r) => r.toFixed(2)).join(', ')}]`);
  console.log(`  post / single SQL:      ${med(ratios('post', 'singleSql')).toFixed(2)}x  [${ratios('post', 'singleSql').map((r) => r.toFixed(2)).join(', ')}]`);
  console.log(`statements per post: ${perPost.toFixed(2)}; per postMany call of ${BATCH}: ${perBatch.toFixed(2)}`);
  console.log(`statements of one post (per movement, last round):\n${detail}`);
  console.log(`statements of one postMany call (last round):\n${detailMany}`);
} finally {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
}
