import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { generateMovements } from './workloads/ledger.js';
import { createWorld, layout } from './world.js';
const keys = layout(12500);
const movements = generateMovements(keys, 50000);
const { st, clock } = await createWorld(keys);
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 200 }); await session.post('Profiler.start');
const t = performance.now();
for (const m of movements) { clock.advance(1000); await st.ledger.post(m); }
console.log('post loop ms', performance.now() - t, 'per movement us', (performance.now() - t) / movements.length * 1000);
const { profile } = await session.post('Profiler.stop');
writeFileSync(process.argv[2]!, JSON.stringify(profile));
