/**
 * The follower process of the `feed` workload: follows a schema's event feed from its end and
 * prints one line per `movement.posted` event, `<movement id> <epoch ms>`, the moment it arrives.
 * `poll` follows through an adapter without notifications: the polling fallback, the baseline.
 *
 * Usage: `node --import tsx bench/feed-follower.ts <pg url> <schema> <notify|poll> <events>`;
 * prints `ready` once following, and exits after `<events>` movements.
 */
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { createStocktake } from '../src/engine.js';
import type { StorageAdapter } from '../src/storage/adapter.js';
import { createPgStorage } from '../src/storage/postgres/index.js';

const [url, schema, mode, events] = process.argv.slice(2);
if (url === undefined || schema === undefined || (mode !== 'notify' && mode !== 'poll') || events === undefined) {
  throw new Error('usage: feed-follower.ts <pg url> <schema> <notify|poll> <events>');
}
const pool = new pg.Pool({ connectionString: url, max: 3 });
const adapter = createPgStorage(pool, { schema });
const storage: StorageAdapter = mode === 'notify' ? adapter : { name: adapter.name, transaction: (work, options) => adapter.transaction(work, options) };
const st = createStocktake({ storage });
const after = await st.events.latest();
const stop = new AbortController();
let seen = 0;
const following = (async () => {
  for await (const feedEvent of st.events.follow({ ...(after === undefined ? {} : { after }), signal: stop.signal })) {
    if (feedEvent.type !== 'movement.posted') continue;
    process.stdout.write(`${feedEvent.event.movement.id} ${performance.timeOrigin + performance.now()}\n`);
    if (++seen >= Number(events)) stop.abort();
  }
})();
// Listening (or polling) has started once the first read is under way.
await new Promise((resolve) => setTimeout(resolve, 200));
process.stdout.write('ready\n');
await following;
await pool.end();
