/**
 * The package as its users get it: `npm pack`, then small ESM and CommonJS projects that install
 * the tarball with only the peers their import path needs (linked from this repository's
 * node_modules: no network), compile with `tsc` and `skipLibCheck: false`, and run.
 *
 * - `stocktake`, `stocktake/scanner`, `stocktake/testing`: no peer at all, not even `@types/node`;
 * - `stocktake/postgres` with PGlite: `@electric-sql/pglite` (and the type packages its own
 *   declarations need) only: no `pg`, no `@types/pg`;
 * - `stocktake/postgres` with `pg`: `pg` and `@types/pg` only (no PGlite);
 * - `stocktake/testing/arbitraries`: `fast-check` only;
 * - `stocktake/testing/conformance`: `fast-check` only (the caller passes its vitest module in).
 *
 * Uses the built `dist/` (`npm test` builds first; built here when missing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const dependencies = ['zod', 'decimal.js', 'immer', '@date-fns/tz'];

let work = '';
let tarball = '';

function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

function link(project: string, name: string): void {
  const target = join(repo, 'node_modules', name);
  const at = join(project, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at, 'dir');
}

interface Consumer {
  readonly name: string;
  /** Packages linked beside stocktake and its dependencies. */
  readonly peers: readonly string[];
  /** `compilerOptions.types`: the type packages in scope. */
  readonly types: readonly string[];
  /** `compilerOptions.lib` beyond ES2023 (`DOM` for a consumer without `@types/node`). */
  readonly lib: readonly string[];
  readonly source: string;
  /** What the program prints last. */
  readonly prints: string;
}

/**
 * Writes one project with an ESM and a CommonJS copy of the program (each folder's package.json
 * gives its module kind, which TypeScript and Node follow), compiles both in one `tsc` run with
 * `skipLibCheck: false`, and runs both. Returns what each printed last.
 */
function build(consumer: Consumer): { esm: string; cjs: string } {
  const project = join(work, consumer.name);
  for (const [folder, type] of [['esm', 'module'], ['cjs', 'commonjs']] as const) {
    mkdirSync(join(project, folder), { recursive: true });
    writeFileSync(join(project, folder, 'package.json'), JSON.stringify({ type }));
    writeFileSync(join(project, folder, 'main.ts'), consumer.source);
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `consumer-${consumer.name}`, private: true }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', ...consumer.lib],
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        types: consumer.types,
      },
      include: ['esm/main.ts', 'cjs/main.ts'],
    }),
  );
  // Unpacked inside the project, so its own imports resolve from the project as after an install.
  mkdirSync(join(project, 'node_modules/stocktake'), { recursive: true });
  run('tar', ['-xzf', tarball, '-C', join(project, 'node_modules/stocktake'), '--strip-components=1'], project);
  for (const name of [...dependencies, ...consumer.peers]) link(project, name);
  run(process.execPath, [tsc, '-p', project], project);
  const last = (folder: string) => run(process.execPath, [join(project, folder, 'main.js')], project).trim().split('\n').at(-1);
  return { esm: last('esm') ?? '', cjs: last('cjs') ?? '' };
}

const core = `
import { createStocktake, isStocktakeError } from 'stocktake';
import { parseScan } from 'stocktake/scanner';
import { createManualClock, createSequentialIds } from 'stocktake/testing';

async function main(): Promise<void> {
  const clock = createManualClock('2026-03-02T08:00:00.000Z');
  const st = createStocktake({ clock, ids: createSequentialIds() });
  await st.catalog.defineItem({ sku: 'A-100', name: 'Bolt', baseUom: 'ea' });
  await st.catalog.defineLocation({ id: 'WH1/A/01' });
  await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }] });
  const scan = parseScan('(01)09506000134352(10)ABC');
  let refused = '';
  try {
    await st.ledger.onHand({ sku: 'NOPE', location: 'WH1/A/01' });
  } catch (error) {
    if (isStocktakeError(error)) refused = error.code;
  }
  console.log([await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' }), scan.ok ? scan.lot : 'no', refused].join(' '));
}
void main();
`;

const pglite = `
import { PGlite } from '@electric-sql/pglite';
import { createStocktake } from 'stocktake';
import { createPgliteStorage, migrate } from 'stocktake/postgres';

async function main(): Promise<void> {
  const db = new PGlite();
  const storage = createPgliteStorage(db);
  await migrate(storage);
  const st = createStocktake({ storage });
  await st.catalog.defineItem({ sku: 'A-100', name: 'Bolt', baseUom: 'ea' });
  await st.catalog.defineLocation({ id: 'WH1/A/01' });
  await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '7' }] });
  console.log(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' }));
  await db.close();
}
void main();
`;

const pg = `
import pg from 'pg';
import { createStocktake } from 'stocktake';
import { createPgStorage } from 'stocktake/postgres';

// Typed and wired without connecting: the pool connects on the first transaction.
const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
const st = createStocktake({ storage: createPgStorage(pool) });
console.log(typeof st.ledger.post);
void pool.end();
`;

const arbitraries = `
import fc from 'fast-check';
import { movementInputArb, skuArb } from 'stocktake/testing/arbitraries';

const [movement] = fc.sample(movementInputArb({ skus: ['A'], locations: ['WH1/A/01', 'WH1/A/02'] }), { numRuns: 1, seed: 1 });
const [sku] = fc.sample(skuArb(3), { numRuns: 1, seed: 1 });
console.log(movement !== undefined && movement.lines.length > 0, sku?.startsWith('SKU-'));
`;

const conformance = `
import { runStorageConformance, type ConformanceExpect, type StorageConformanceRaw } from 'stocktake/testing/conformance';
import { createMemoryStorage } from 'stocktake';

// vitest is the caller's and passed in; registering with a stand-in shows the suite needs no vitest.
const names: string[] = [];
const expect: ConformanceExpect = Object.assign(() => {
  throw new Error('not run here');
}, { any: (constructor: unknown) => constructor });
const raw = {} as StorageConformanceRaw;
runStorageConformance({
  vitest: { describe: (name, body) => { names.push(name); body(); }, it: (name) => { names.push(name); }, beforeEach: () => {}, expect },
  name: 'memory',
  createStorage: () => createMemoryStorage(),
  reset: async () => {},
  raw,
});
console.log(names.length > 20);
`;

const consumers: readonly Consumer[] = [
  // Browser-like: no @types/node at all (zod's types need the DOM lib's URL, as in any web app).
  { name: 'core', peers: [], types: [], lib: ['DOM'], source: core, prints: '5 ABC item_not_found' },
  // PGlite's own declarations need @types/emscripten, @types/node and the DOM lib once skipLibCheck is off.
  { name: 'pglite', peers: ['@electric-sql/pglite', '@types/emscripten', '@types/node'], types: ['node', 'emscripten'], lib: ['DOM'], source: pglite, prints: '7' },
  { name: 'pg', peers: ['pg', '@types/pg', '@types/node'], types: ['node'], lib: [], source: pg, prints: 'function' },
  { name: 'arbitraries', peers: ['fast-check'], types: [], lib: ['DOM'], source: arbitraries, prints: 'true true' },
  { name: 'conformance', peers: ['fast-check'], types: [], lib: ['DOM'], source: conformance, prints: 'true' },
];

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/testing/conformance/index.cjs'))) run('npm', ['run', 'build'], repo);
  work = mkdtempSync(join(tmpdir(), 'stocktake-consumers-'));
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], repo)) as [{ filename: string }];
  tarball = join(work, packed.filename);
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed package in consumer projects with only the peers each path needs', () => {
  it('ships dist and the manifest only', () => {
    const listed = run('tar', ['-tzf', tarball], work).split('\n').filter((line) => line !== '');
    expect([...new Set(listed.map((path) => path.split('/')[1]))].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
  });

  for (const consumer of consumers) {
    it(`${consumer.name} (peers: ${consumer.peers.join(', ') || 'none'}) compiles with skipLibCheck false and runs, as ESM and as CommonJS`, () => {
      expect(build(consumer)).toEqual({ esm: consumer.prints, cjs: consumer.prints });
    }, 180_000);
  }
});
