/**
 * The relay process: `npx tsx examples/event-relay/main.ts`.
 *
 * Environment: STOCKTAKE_PG_URL (required), STOCKTAKE_SCHEMA (default `stocktake`), NATS_URL
 * (default `127.0.0.1:4222`), RELAY_STREAM (default `STOCKTAKE`), RELAY_SUBJECT_PREFIX (default
 * `stocktake`), RELAY_NAME (default `relay`). Stops cleanly on SIGINT or SIGTERM.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { createStocktake } from 'stocktake';
import { createPgStorage, migrate } from 'stocktake/postgres';
import { CursorStore, ensureStream, relayFeed } from './relay.js';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const schema = env('STOCKTAKE_SCHEMA', 'stocktake');
const stream = env('RELAY_STREAM', 'STOCKTAKE');
const prefix = env('RELAY_SUBJECT_PREFIX', 'stocktake');
const name = env('RELAY_NAME', 'relay');
const pool = new pg.Pool({ connectionString: env('STOCKTAKE_PG_URL'), max: 4 });
const storage = createPgStorage(pool, { schema });
await migrate(storage);
const st = createStocktake({ storage });
const cursors = new CursorStore(pool, schema);
await cursors.ensure();
const nc = await connect({ servers: env('NATS_URL', '127.0.0.1:4222') });
await ensureStream(await jetstreamManager(nc), stream, prefix);

const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop.abort());
let count = 0;
await relayFeed({
  st,
  js: jetstream(nc),
  cursors,
  name,
  prefix,
  stream,
  signal: stop.signal,
  onRelayed: (feedEvent, duplicate) => {
    count += 1;
    if (process.env['RELAY_VERBOSE'] === '1') console.log(`${duplicate ? 'duplicate' : 'relayed'} ${feedEvent.type} ${feedEvent.id} ${feedEvent.cursor}`);
  },
});
console.log(`event relay stopped after ${count} event(s)`);
await nc.drain();
await pool.end();
