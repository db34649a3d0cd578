/**
 * A small load test of the service over real HTTP: it starts `main.ts` in a child process (PGlite
 * in memory, or a PostgreSQL server with STOCKTAKE_PG_URL, in a schema of its own that it drops
 * afterwards), then measures
 *
 * 1. movements: `--clients` concurrent clients posting receipts and issues for `--seconds`:
 *    created movements per second, latency p50/p99, statuses;
 * 2. handheld batches: one handheld sending batches of `--batches` entries to
 *    `POST /counts/{id}/entries`, idle and then while `--background` clients post movements:
 *    milliseconds per batch and per entry (p50/p99).
 *
 *   npx tsx examples/erp-service/load.ts
 *   STOCKTAKE_PG_URL=postgres://postgres@127.0.0.1:5432/test npx tsx examples/erp-service/load.ts
 *
 * Figures on a shared machine are noisy; compare rows of one run (idle against loaded).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '20' },
    background: { type: 'string', default: '10' },
    batches: { type: 'string', default: '1,10,100' },
    rounds: { type: 'string', default: '5' },
  },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const background = Number(args.background);
const batchSizes = args.batches.split(',').map(Number);
const rounds = Number(args.rounds);

const pgUrl = process.env['STOCKTAKE_PG_URL'];
const schema = `erp_load_${process.pid}`;
const secret = randomBytes(32).toString('hex');
const SKUS = Array.from({ length: 50 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`);
const BINS = Array.from({ length: 20 }, (_, i) => `WH1/A/${String(i + 1).padStart(2, '0')}`);
const COUNT_BINS = Array.from({ length: 20 }, (_, i) => `WH2/A/${String(i + 1).padStart(2, '0')}`);

/** Starts main.ts and resolves with its base URL once it listens. */
function startService(): Promise<{ url: string; child: ChildProcess }> {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const env = {
    ...process.env,
    PORT: '0',
    ERP_JWT_SECRET: secret,
    ERP_MAX_EVENT_STREAMS: '10',
    ...(pgUrl === undefined ? { STOCKTAKE_DATA_DIR: 'memory://' } : { STOCKTAKE_PG_SCHEMA: schema }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /erp-service on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening: ${output}`)));
  });
}

const tokens = new Map<string, string>();
async function tokenOf(actor: string, roles: string[]): Promise<string> {
  const cached = tokens.get(actor);
  if (cached !== undefined) return cached;
  const token = await new SignJWT({ roles }).setProtectedHeader({ alg: 'HS256' }).setSubject(actor).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
  tokens.set(actor, token);
  return token;
}

async function call(url: string, method: string, path: string, actor: [string, string[]], body?: unknown): Promise<{ status: number; ms: number; json: unknown }> {
  const started = performance.now();
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(...actor)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json();
  return { status: response.status, ms: performance.now() - started, json };
}

const clerk: [string, string[]] = ['clerk', ['supervisor']];
const handheld: [string, string[]] = ['hh', ['counter']];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(latencies: number[]): { p50: number; p99: number; n: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

let next = 0;
/** One client posting movements until `until`: receipts and issues of one unit, half each. */
async function postMovements(url: string, until: number, latencies: number[], statuses: Map<number, number>): Promise<void> {
  while (Date.now() < until) {
    const n = next++;
    const sku = SKUS[n % SKUS.length]!;
    const bin = BINS[(n * 7) % BINS.length]!;
    const line = n % 2 === 0 ? { sku, to: bin, qty: '1' } : { sku, from: bin, qty: '1' };
    const result = await call(url, 'POST', '/movements', clerk, { id: `load-${n}`, kind: n % 2 === 0 ? 'receipt' : 'issue', lines: [line] });
    latencies.push(result.ms);
    statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
  }
}

async function seed(url: string): Promise<void> {
  for (const sku of SKUS) await call(url, 'PUT', `/items/${sku}`, clerk, { baseUom: 'ea' });
  for (const bin of [...BINS, ...COUNT_BINS]) await call(url, 'PUT', `/locations/${bin}`, clerk, {});
  // Opening stock, so issues rarely run short.
  const lines = SKUS.flatMap((sku) => BINS.map((bin) => ({ sku, to: bin, qty: '1000' })));
  const opened = await call(url, 'POST', '/movements', clerk, { id: 'opening', kind: 'receipt', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), lines });
  if (opened.status !== 201) throw new Error(`opening stock: ${opened.status} ${JSON.stringify(opened.json)}`);
}

let entryNumber = 0;
/** Sends `rounds` batches of each size from one handheld; returns ms per batch and per entry. */
async function handheldBatches(url: string, sessionId: string): Promise<Array<{ size: number; batch: ReturnType<typeof summary>; perEntry: ReturnType<typeof summary> }>> {
  const rows = [];
  for (const size of batchSizes) {
    const batchMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const countedAt = new Date().toISOString();
      const entries = Array.from({ length: size }, () => {
        const n = entryNumber++;
        return { entryId: `hh-${n}`, sku: SKUS[n % SKUS.length], location: COUNT_BINS[n % COUNT_BINS.length], qty: '1', countedAt, device: 'hh' };
      });
      const result = await call(url, 'POST', `/counts/${sessionId}/entries`, handheld, { entries });
      const created = (result.json as { results?: Array<{ result: string }> }).results?.filter((r) => r.result === 'created').length;
      if (result.status !== 200 || created !== size) throw new Error(`batch of ${size}: ${result.status}, ${created} created: ${JSON.stringify(result.json).slice(0, 300)}`);
      batchMs.push(result.ms);
    }
    rows.push({ size, batch: summary(batchMs), perEntry: summary(batchMs.map((ms) => ms / size)) });
  }
  return rows;
}

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 0);

async function main(): Promise<void> {
  const { url, child } = await startService();
  try {
    await seed(url);
    const storage = pgUrl === undefined ? 'PGlite (in memory)' : `PostgreSQL ${new URL(pgUrl).host}`;
    console.log(`erp-service load on ${storage}: ${clients} clients for ${seconds} s, handheld batches of ${batchSizes.join('/')} entries (${rounds} each), ${background} background clients`);

    console.log('\n| movements | clients | created/s | p50 ms | p99 ms | statuses |');
    console.log('|---|---:|---:|---:|---:|---|');
    // The baseline: one client, so each request has the service to itself.
    for (const [label, concurrency, duration] of [['one client (baseline)', 1, Math.min(5, seconds)], ['concurrent', clients, seconds]] as const) {
      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      const started = Date.now();
      await Promise.all(Array.from({ length: concurrency }, () => postMovements(url, started + duration * 1000, latencies, statuses)));
      const elapsed = (Date.now() - started) / 1000;
      const { p50, p99 } = summary(latencies);
      console.log(`| ${label} | ${concurrency} | ${((statuses.get(201) ?? 0) / elapsed).toFixed(0)} | ${fmt(p50)} | ${fmt(p99)} | ${JSON.stringify(Object.fromEntries(statuses))} |`);
    }

    const session = await call(url, 'POST', '/counts', ['boss', ['supervisor']], { scope: { locations: ['WH2'] }, counters: ['hh'] });
    const sessionId = (session.json as { id: string }).id;
    const idle = await handheldBatches(url, sessionId);
    const loadLatencies: number[] = [];
    const loadStatuses = new Map<number, number>();
    let stop = false;
    const load = Promise.all(Array.from({ length: background }, async () => {
      while (!stop) await postMovements(url, Date.now() + 1000, loadLatencies, loadStatuses);
    }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const loaded = await handheldBatches(url, sessionId);
    stop = true;
    await load;

    console.log('\n| entries per batch | idle: ms per batch p50 / p99 | idle: ms per entry p50 | under load: ms per batch p50 / p99 | under load: ms per entry p50 | ratio (loaded / idle per entry) |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    for (const [i, row] of idle.entries()) {
      const other = loaded[i]!;
      console.log(`| ${row.size} | ${fmt(row.batch.p50)} / ${fmt(row.batch.p99)} | ${fmt(row.perEntry.p50)} | ${fmt(other.batch.p50)} / ${fmt(other.batch.p99)} | ${fmt(other.perEntry.p50)} | ${(other.perEntry.p50 / row.perEntry.p50).toFixed(1)} |`);
    }
    const backgroundSummary = summary(loadLatencies);
    console.log(`\nbackground movements while the handheld sent: p50 ${fmt(backgroundSummary.p50)} ms, p99 ${fmt(backgroundSummary.p99)} ms, statuses ${JSON.stringify(Object.fromEntries(loadStatuses))}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (pgUrl !== undefined) {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}

await main();
