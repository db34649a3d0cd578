/**
 * The `stocktake/scanner` entry point stays tree-shakable and browser-safe: following its relative
 * imports reaches only `src/scanner/**`, `src/errors.ts`, `src/validate.ts` and `src/text.ts` (input parsing), never
 * storage, ledger or count code,
 * and nothing uses Node built-ins or Buffer.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import * as scanner from '../../src/scanner/index.js';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('stocktake/scanner entry point', () => {
  const { files, packages } = importGraph(resolve(src, 'scanner/index.ts'));

  it('reaches only scanner code, the error module and input parsing', () => {
    const outside = [...files].map((f) => relative(src, f)).filter((f) => !f.startsWith('scanner/') && f !== 'errors.ts' && f !== 'validate.ts' && f !== 'text.ts');
    expect(outside).toEqual([]);
    expect(files.size).toBeGreaterThan(10);
  });

  it('uses only browser-safe packages and no Node built-ins', () => {
    expect([...packages].sort()).toEqual(['decimal.js', 'zod']);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from\s+'node:|require\(|\bBuffer\b|process\./);
      // a namespace import lets bundlers drop zod's locales (hundreds of kB)
      expect(text, file).not.toMatch(/import \{ z \} from 'zod'/);
    }
  });

  it('exports the documented API', () => {
    for (const name of [
      'parseScan',
      'gtinCheckDigit',
      'isValidGtin',
      'normalizeGtin',
      'decodeEpc',
      'formatElementString',
      'formatBracketed',
      'formatDigitalLink',
      'createWedgeDecoder',
      'createItemResolver',
      'createScanPipeline',
      'expandUpcE',
      'applyScanPipelineChanges',
    ]) {
      expect(typeof (scanner as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
