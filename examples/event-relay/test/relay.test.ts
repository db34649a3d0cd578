/**
 * The relay against the local NATS server and PostgreSQL (skipped unless STOCKTAKE_PG_URL is
 * set): a relay process killed with SIGKILL at a random point and started again loses nothing and
 * duplicates nothing downstream, and the ERP consumer applies each count adjustment exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStocktake, type FeedEvent, type Stocktake } from 'stocktake';
import { createPgStorage, migrate } from 'stocktake/postgres';
import { applyEvent, drainErpConsumer, ensureErpConsumer, ensureErpTables } from '../consumer.js';

const url = process.env['STOCKTAKE_PG_URL'];
const NATS_URL = process.env['NATS_URL'] ?? '127.0.0.1:4222';
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const run = `${process.pid}_${Date.now().toString(36)}`;
const SCHEMA = `relay_${run}`;
const STREAM = `RELAY_${run}`;
const PREFIX = `relaytest.${run}`;
const seed = Number(process.env['STOCKTAKE_SEED'] ?? Date.now() % 1_000_000);

/** A small deterministic PRNG so a failing run can be replayed from its printed seed. */
function prng(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the relay process; its output is kept for the failure message. */
function startRelay(output: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/event-relay/main.ts'], {
    cwd: repo,
    env: { ...process.env, STOCKTAKE_PG_URL: url, STOCKTAKE_SCHEMA: SCHEMA, NATS_URL, RELAY_STREAM: STREAM, RELAY_SUBJECT_PREFIX: PREFIX, RELAY_NAME: 'test-relay' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

async function streamMessages(jsm: JetStreamManager): Promise<number> {
  try {
    return (await jsm.streams.info(STREAM)).state.messages;
  } catch {
    return 0; // not created yet
  }
}

async function readWholeFeed(st: Stocktake): Promise<FeedEvent[]> {
  const all: FeedEvent[] = [];
  for (let after: string | undefined; ; ) {
    const page = await st.events.read({ ...(after === undefined ? {} : { after }), limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page[page.length - 1]!.cursor;
  }
}

/** A count of WH1/A that finds fewer and more than the book: count adjustments when it posts. */
async function countWithAdjustments(st: Stocktake, id: string, counted: readonly [string, string]): Promise<void> {
  // Counted a moment after the last movement and the opening, so no movement falls in the window.
  await sleep(10);
  const session = await st.counts.open({ id, scope: { locations: ['WH1/A'] }, counters: ['li'], tolerance: { qty: '1000000' }, actor: 'zhao' });
  await sleep(10);
  const countedAt = new Date().toISOString();
  await st.counts.record(session.id, { entryId: `${id}-1`, sku: 'A', location: 'WH1/A/01', qty: counted[0], countedAt, counter: 'li' });
  await st.counts.record(session.id, { entryId: `${id}-2`, sku: 'A', location: 'WH1/A/02', qty: counted[1], countedAt, counter: 'li' });
  for (const location of ['WH1/A/01', 'WH1/A/02', 'WH1/A/03']) await st.counts.completeLocation(session.id, location, { actor: 'li' });
  const review = await st.counts.review(session.id, { actor: 'zhao' });
  await st.counts.approve(session.id, { actor: 'zhao' });
  const posted = await st.counts.post(session.id, { actor: 'zhao' });
  expect(posted.movements.length, JSON.stringify(review.lines.map((line) => [line.key.location, line.status, line.variance]))).toBeGreaterThan(0);
}

describe.skipIf(url === undefined)('event relay to NATS JetStream (skipped unless STOCKTAKE_PG_URL is set)', () => {
  if (url === undefined) {
    it('relays the feed to JetStream across a killed relay', () => {});
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let st: Stocktake;

  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    const storage = createPgStorage(pool, { schema: SCHEMA });
    await migrate(storage);
    st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    for (const id of ['WH1/A/01', 'WH1/A/02', 'WH1/A/03', 'WH2/B/01']) await st.catalog.defineLocation({ id });
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await nc?.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await pool.end();
  });

  it('a relay killed at a random point and restarted delivers every event once; the ERP applies each count adjustment once', async () => {
    const random = prng(seed);
    const message = `replay with STOCKTAKE_SEED=${seed}`;
    const output: string[] = [];
    // Events before the relay starts, then more while it runs and while it is down.
    for (let i = 0; i < 150; i++) await st.ledger.post({ id: `r-${i}`, kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: `WH1/A/0${(i % 3) + 1}`, qty: '1' }] });
    await countWithAdjustments(st, 'CNT-1', ['3', '80']);
    const first = startRelay(output);
    const writing = (async () => {
      for (let i = 0; i < 150; i++) {
        await st.ledger.post({ id: `w-${i}`, kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH2/B/01', qty: '2' }] });
        if (i % 10 === 0) await sleep(random() * 20);
      }
    })();
    const killAt = 20 + Math.floor(random() * 180);
    const deadline = Date.now() + 60_000;
    while ((await streamMessages(jsm)) < killAt && Date.now() < deadline) await sleep(2);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = await streamMessages(jsm);
    await writing;
    await countWithAdjustments(st, 'CNT-2', ['1', '75']);
    // The feed shows a commit once every older transaction on the server has ended (see
    // docs/scaling.md): read until the last thing written, the second count's posting, is there.
    let feed = await readWholeFeed(st);
    while (!feed.some((e) => e.type === 'count.posted' && e.event.session.id === 'CNT-2') && Date.now() < deadline) {
      await sleep(20);
      feed = await readWholeFeed(st);
    }
    expect(atKill, `killed mid-stream (${message}); ${output.join('')}`).toBeLessThan(feed.length);
    expect(atKill, message).toBeGreaterThanOrEqual(killAt);

    const second = startRelay(output);
    while ((await streamMessages(jsm)) < feed.length && Date.now() < deadline) await sleep(20);
    // Give a duplicate, if any slipped through, time to show up before counting.
    await sleep(300);
    second.kill('SIGTERM');
    expect(await exited(second), output.join('')).toBe(0);
    const inStream = await streamMessages(jsm);
    expect(inStream, `${message}; ${output.join('')}`).toBe(feed.length);

    // The ERP's consumer: every event once, in feed order, each count adjustment applied once.
    await ensureErpTables(pool, SCHEMA);
    await ensureErpConsumer(jsm, STREAM, 'erp');
    const js = jetstream(nc);
    const delivered = await drainErpConsumer(js, pool, SCHEMA, STREAM, 'erp');
    expect(delivered.map((d) => d.id), message).toEqual(feed.map((e) => e.id));
    const adjustments = feed.filter((e) => e.type === 'movement.posted' && e.event.movement.kind === 'count_adjustment');
    expect(adjustments.length).toBeGreaterThan(0);
    expect(delivered.filter((d) => d.outcome === 'applied').map((d) => d.id)).toEqual(adjustments.map((e) => e.id));
    // A redelivery (a consumer that died before its ack) changes nothing.
    expect(await applyEvent(pool, SCHEMA, adjustments[0]!)).toBe('duplicate');
    expect(await drainErpConsumer(js, pool, SCHEMA, STREAM, 'erp')).toEqual([]);
    // The ERP's stock moved by exactly the posted adjustments.
    const expected = new Map<string, number>();
    for (const event of adjustments) {
      if (event.type !== 'movement.posted') continue;
      for (const line of event.event.movement.lines) {
        if (line.to !== undefined) expected.set(`${line.sku}@${line.to}`, (expected.get(`${line.sku}@${line.to}`) ?? 0) + Number(line.qty));
        if (line.from !== undefined) expected.set(`${line.sku}@${line.from}`, (expected.get(`${line.sku}@${line.from}`) ?? 0) - Number(line.qty));
      }
    }
    const { rows } = await pool.query(`SELECT sku, location, qty::text AS qty FROM "${SCHEMA}".erp_stock`);
    expect(new Map(rows.map((r: Record<string, string>) => [`${r['sku']}@${r['location']}`, Number(r['qty'])]))).toEqual(expected);
  }, 120_000);
});
