/**
 * The AI table is generated from GS1's Barcode Syntax Dictionary, kept in the repository at
 * `scripts/gs1/gs1-syntax-dictionary.txt` (an unedited copy: test/scanner/conformance/kept-copy.test.ts
 * checks it). Regenerating must give the committed file byte for byte.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { defaultDictionaryPath, generateAiTable, parseSyntaxDictionary } from '../../../scripts/generate-gs1-table.js';
import { aiTable } from '../../../src/scanner/gs1/ai-table.generated.js';
import { enforcedLinters, unenforcedLinters } from '../../../src/scanner/gs1/linters.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const generatedPath = resolve(repoRoot, 'src/scanner/gs1/ai-table.generated.ts');

function readDictionary(): string {
  return readFileSync(defaultDictionaryPath, 'utf8');
}

describe('generated AI table', () => {
  it('regenerating from the dictionary gives the committed file', () => {
    expect(generateAiTable(readDictionary())).toBe(readFileSync(generatedPath, 'utf8'));
  });

  it('holds every AI of the dictionary with ranges expanded', () => {
    const definitions = parseSyntaxDictionary(readDictionary());
    expect(Object.keys(aiTable).length).toBe(definitions.length);
    expect(aiTable['3105']?.title).toBe('NET WEIGHT (kg)');
    expect(aiTable['3106']).toBeUndefined(); // 3100-3105 only
    expect(aiTable['99']?.components[0]).toEqual({ cset: 'X', min: 1, max: 90, optional: false, linters: [] });
  });

  it('keeps the "no separator needed" flag apart from fixed length', () => {
    // (8006) ITIP is fixed length (N14 N4) but has no "*" flag, so it still needs a separator.
    expect(aiTable['8006']?.predefinedLength).toBe(false);
    expect(aiTable['8006']?.components.map((c) => c.min === c.max)).toEqual([true, true]);
    expect(aiTable['01']?.predefinedLength).toBe(true);
    expect(aiTable['10']?.predefinedLength).toBe(false);
    // every "*" AI has only fixed-length components, which the splitter relies on
    for (const d of Object.values(aiTable)) {
      if (d.predefinedLength) expect(d.components.every((c) => c.min === c.max && !c.optional), d.ai).toBe(true);
    }
  });

  it('carries check digits, dates, character sets, req/ex and Digital Link keys', () => {
    expect(aiTable['00']?.components[0]?.linters).toContain('csum');
    expect(aiTable['8013']?.components[0]?.linters).toContain('csumalpha');
    expect(aiTable['17']?.components[0]?.linters).toEqual(['yymmd0']);
    expect(aiTable['7006']?.components[0]?.linters).toEqual(['yymmdd']);
    expect(aiTable['8010']?.components[0]?.cset).toBe('Y');
    expect(aiTable['8030']?.components[0]?.cset).toBe('Z');
    expect(aiTable['37']?.req).toEqual([[['00']], [['02'], ['8026']]]);
    expect(aiTable['7004']?.req).toEqual([[['01', '10']]]);
    expect(aiTable['3103']?.ex).toEqual([['310n']]);
    expect(aiTable['01']?.dlpkey).toEqual([['22', '10', '21'], ['235']]);
    expect(aiTable['00']?.dlpkey).toEqual([[]]);
    expect(aiTable['10']?.dlpkey).toBeUndefined();
    expect(aiTable['21']?.dlDataAttribute).toBe(false);
    expect(aiTable['423']?.components.map((c) => c.optional)).toEqual([false, true, true, true, true]);
  });

  it('knows every linter the dictionary names (enforced or deliberately not)', () => {
    const named = new Set(Object.values(aiTable).flatMap((d) => d.components.flatMap((c) => c.linters)));
    const known = new Set([...enforcedLinters, ...unenforcedLinters]);
    expect([...named].filter((l) => !known.has(l))).toEqual([]);
  });

  it('rejects a malformed dictionary line', () => {
    expect(() => parseSyntaxDictionary('01 *? Q14')).toThrow(/no specification|bad component/);
    expect(() => parseSyntaxDictionary('01 *? N14 foo=1')).toThrow(/unknown attribute/);
  });
});
