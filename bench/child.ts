/**
 * Runs one benchmark job in this process and writes its rows as JSON to a file. Started by
 * `run.ts` with `--expose-gc`, one process per job, so peak memory figures are the job's own.
 *
 * Usage: `node --expose-gc bench/.build/child.js <job name> <params JSON> <output file>` (the bundle
 * `run.ts` builds), or `node --expose-gc --import tsx bench/child.ts ...` from the sources.
 */
import { writeFileSync } from 'node:fs';
import { jobRunners } from './workloads/index.js';

const [name, params, output] = process.argv.slice(2);
if (name === undefined || params === undefined || output === undefined) {
  throw new Error('usage: child.ts <job name> <params JSON> <output file>');
}
const runner = jobRunners[name];
if (!runner) throw new Error(`unknown job ${name}`);
const rows = await runner(JSON.parse(params) as Record<string, number>);
writeFileSync(output, JSON.stringify(rows));
