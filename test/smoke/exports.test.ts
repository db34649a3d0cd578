import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
  name: string;
  exports: Record<string, string | Record<string, Record<string, string>>>;
};
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');

/** Loads a specifier in a fresh Node process the way a consumer would, and lists its exports. */
function exportedNames(specifier: string, mode: 'esm' | 'cjs'): string[] {
  const script =
    mode === 'esm'
      ? `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m))))`
      : `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output) as string[];
}

describe('the built package', () => {
  it('was built (npm test runs the build first)', () => {
    expect(existsSync(`${root}/dist/index.js`)).toBe(true);
  });

  for (const subpath of subpaths) {
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const conditions = pkg.exports[subpath] as Record<string, Record<string, string>>;

    it(`${specifier} imports as ESM and as CJS with the same names`, () => {
      const esm = exportedNames(specifier, 'esm').filter((name) => name !== 'default' && name !== 'module.exports');
      const cjs = exportedNames(specifier, 'cjs');
      expect(esm.length).toBeGreaterThan(0);
      expect(new Set(cjs)).toEqual(new Set(esm));
    });

    it(`${specifier} ships its own type files for import and require`, () => {
      for (const condition of ['import', 'require'] as const) {
        const types = conditions[condition]?.['types'];
        expect(types, `${subpath} ${condition}.types`).toBeDefined();
        expect(existsSync(`${root}/${types}`), `${types} exists`).toBe(true);
      }
    });
  }

  it('the core entry does not pull in optional parts', () => {
    const core = readFileSync(`${root}/dist/index.js`, 'utf8');
    expect(core).not.toMatch(/from ['"](pg|@electric-sql\/pglite|vitest|fast-check)['"]/);
  });
});
