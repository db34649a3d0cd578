/**
 * Every AI of the Barcode Syntax Dictionary: a valid value for each (built from its components
 * and linters), with the AIs its `req` attributes demand, must parse in the GS-separated form,
 * the bracketed form and, where the AI can be carried by one, a GS1 Digital Link URI; a value
 * one character too long, or with a character outside its set, must be rejected naming the AI.
 */
import { describe, expect, it } from 'vitest';

import { aiTable } from '../../../src/scanner/gs1/ai-table.generated.js';
import type { AiComponent, AiDefinition } from '../../../src/scanner/gs1/ai-types.js';
import { formatBracketed, formatDigitalLink, formatElementString, parseScan, type Gs1Element } from '../../../src/scanner/index.js';
import { gtinCheckDigit } from '../../../src/scanner/gtin.js';

const LINTER_SAMPLES: Readonly<Record<string, string>> = {
  yymmd0: '251231',
  yymmdd: '251231',
  yyyymmdd: '20251231',
  hhmi: '2359',
  hh: '23',
  mi: '59',
  ss: '59',
  zero: '0',
  yesno: '1',
  winding: '1',
  iso5218: '2',
  hyphen: '-',
  pieceoftotal: '0102',
  posinseqslash: '1/2',
  latitude: '0900000000',
  longitude: '1800000000',
  importeridx: 'A',
  iban: 'GB82WEST12345698765432',
  iso3166: '250',
  iso3166999: '999',
  iso3166alpha2: 'FR',
  iso4217: '978',
  mediatype: '01',
  csumalpha: '1987654Ad4X4bL5ttr2310c2K', // GMN example, GS1 General Specifications
};

function sampleComponent(c: AiComponent): string {
  for (const linter of c.linters) {
    const sample = LINTER_SAMPLES[linter];
    if (sample !== undefined && sample.length >= c.min && sample.length <= c.max) return sample;
  }
  const length = c.min === c.max ? c.max : Math.min(c.max, 6);
  if (c.linters.includes('csum')) {
    const body = '9'.repeat(length - 1);
    return body + gtinCheckDigit(body);
  }
  const alphabet = { N: '123456789', X: 'Ab1-/.:', Y: 'A1#-/', Z: 'Az09_-' }[c.cset];
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(i % alphabet.length);
  if (c.linters.includes('nozeroprefix') || c.linters.includes('nonzero')) out = out.replace(/^0/, '1');
  return out;
}

const sampleValue = (d: AiDefinition): string => d.components.filter((c) => !c.optional).map(sampleComponent).join('');

const concrete = (pattern: string): string => pattern.replaceAll('n', '0');

/** The AI plus the AIs its `req` attributes need, avoiding `ex` conflicts; undefined if none found. */
function withRequirements(ai: string): string[] | undefined {
  const chosen = [ai];
  const matches = (present: string, pattern: string): boolean =>
    present.length === pattern.length && [...pattern].every((p, i) => p === 'n' || p === present[i]);
  const conflicts = (set: readonly string[]): boolean =>
    set.some((a) => (aiTable[a]?.ex ?? []).some((ex) => ex.some((p) => set.some((b) => b !== a && matches(b, p)))));
  function solve(set: string[]): string[] | undefined {
    if (conflicts(set)) return undefined;
    for (const a of set) {
      for (const alternatives of aiTable[a]?.req ?? []) {
        if (alternatives.some((g) => g.every((p) => set.some((s) => matches(s, p))))) continue;
        for (const group of alternatives) {
          const next = solve([...set, ...group.map(concrete).filter((g) => !set.includes(g))]);
          if (next !== undefined) return next;
        }
        return undefined;
      }
    }
    return set;
  }
  return solve(chosen);
}

const definitions = Object.values(aiTable);
const referenceDate = '2025-06-01';

describe('every AI of the dictionary', () => {
  it.each(definitions.map((d) => [d.ai, d.title] as const))('(%s) %s', (ai) => {
    const definition = aiTable[ai]!;
    const ais = withRequirements(ai);
    expect(ais, `no consistent set of AIs for (${ai})`).toBeDefined();
    const elements: Gs1Element[] = ais!.map((a) => ({ ai: a, value: sampleValue(aiTable[a]!) }));

    for (const raw of [`]C1${formatElementString(elements)}`, formatBracketed(elements)]) {
      const result = parseScan(raw, { referenceDate });
      expect(result, raw).toMatchObject({ ok: true });
      if (result.ok) expect(result.ais[ai]).toBe(elements[0]!.value);
    }

    const dlCapable = definition.dlDataAttribute || definition.dlpkey !== undefined;
    if (dlCapable && elements.some((e) => aiTable[e.ai]?.dlpkey !== undefined)) {
      const uri = formatDigitalLink(elements);
      const result = parseScan(uri, { referenceDate });
      expect(result, uri).toMatchObject({ ok: true });
      if (result.ok) expect(result.ais[ai]).toBe(elements[0]!.value);
    }

    // One character too many is an error naming the AI.
    const last = definition.components[definition.components.length - 1]!;
    const full = definition.components.map(sampleComponent).join('');
    const longValue = full + (last.cset === 'N' ? '1' : 'A').repeat(last.max - sampleComponent(last).length + 1);
    const tooLong = parseScan(formatBracketed([{ ai, value: longValue }, ...elements.slice(1)]), { referenceDate });
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.error.ai).toBe(ai);

    // A character outside the first component's set is an error naming the AI.
    const value = elements[0]!.value;
    const bad = parseScan(formatBracketed([{ ai, value: `${value.slice(0, 0)}\u00e9${value.slice(1)}` }, ...elements.slice(1)]), { referenceDate });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.ai).toBe(ai);
      expect(['invalid_character', 'value_too_short', 'value_too_long']).toContain(bad.error.code);
    }
  });
});
