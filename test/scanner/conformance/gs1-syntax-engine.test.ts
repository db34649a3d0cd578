/**
 * GS1 conformance: every vector of GS1's Barcode Syntax Engine (its unit tests and its AI table,
 * `../shared/conformance/gs1/`) against `src/scanner`. A vector that a reader may reasonably
 * treat differently is `classify`-marked, with its reason (docs/scanner.md, "GS1 conformance");
 * every other vector must agree.
 */
import { describe, expect, it } from 'vitest';

import { parseScan } from '../../../src/scanner/index.js';
import { judge, loadVectors, localClassifications, tally, type Vector } from './vectors.js';

const engine = loadVectors('gs1-syntax-engine.json');
const linters = loadVectors('gs1-syntax-engine-linters.json');

function byGroup(vectors: readonly Vector[]): [string, Vector[]][] {
  const groups = new Map<string, Vector[]>();
  for (const v of vectors) groups.set(v.group, [...(groups.get(v.group) ?? []), v]);
  return [...groups.entries()];
}

const disagreements = (vectors: readonly Vector[]) =>
  tally(vectors).disagree.map((d) => ({ input: d.vector.input ?? d.vector.ai ?? d.vector.elements, expect: d.vector.expect, stocktake: d.answer }));

describe('GS1 Barcode Syntax Engine vectors', () => {
  it('holds the whole set', () => {
    expect(engine.length).toBe(1196);
    expect(linters.length).toBe(5387);
  });

  describe.each(byGroup(engine))('%s', (_group, vectors) => {
    it(`agrees on every unclassified vector (${vectors.length})`, () => {
      expect(disagreements(vectors)).toEqual([]);
    });
  });

  describe.each(byGroup(linters))('%s', (_group, vectors) => {
    it(`agrees on every unclassified vector (${vectors.length})`, () => {
      expect(disagreements(vectors)).toEqual([]);
    });
  });

  it('gives a reason for every classified vector, and every local classification is used', () => {
    const classified = [...engine, ...linters].map(judge).filter((v) => v.verdict === 'classified');
    expect(classified.every((v) => (v.why ?? '').length > 20)).toBe(true);
    for (const local of localClassifications) {
      expect(classified.some((v) => v.why === local.why), local.name).toBe(true);
    }
  });

  it('agrees on the vectors that check AI values without a code list (the informational ones need ISO and GS1 code lists)', () => {
    const checked = linters.filter((v) => v.informational !== true);
    const result = tally(checked);
    expect(result.disagree).toEqual([]);
    expect(result.agree + result.classified).toBe(checked.length);
  });
});

describe('known disagreements, fixed', () => {
  const reasonOf = (raw: string) => {
    const r = parseScan(raw, { referenceDate: '2025-06-15' });
    return r.ok ? 'accepted' : `${r.error.code}: ${r.error.message}`;
  };

  it('AI 8030 (CSET 64) takes at most two "=" of padding, to a length that is a multiple of 3', () => {
    for (const ok of ['1', '12', '123', '12=', '1==', 'ABC-_d']) expect(reasonOf(`(00)123456789012345675(8030)${ok}`), ok).toBe('accepted');
    for (const bad of ['=', '===', '1===', '123=', '12==', '1234=', '12===', '12======']) {
      expect(reasonOf(`(00)123456789012345675(8030)${bad}`), bad).toMatch(/^invalid_character: \(8030\) DIGSIG: '=+' is not valid padding/);
    }
    expect(reasonOf('(00)123456789012345675(8030)1=3')).toMatch(/only allowed as padding at the end/);
  });

  it('AI 8030 needs a serialised GDTI, GCN or GRAI', () => {
    expect(reasonOf('(253)1234567890128(8030)ABC123')).toBe(
      'missing_required_ai: (8030) DIGSIG needs a serialised key: (253) GDTI has no serial component',
    );
    expect(reasonOf('(255)1234567890128(8030)ABC123')).toMatch(/\(255\) GCN has no serial component/);
    expect(reasonOf('(8003)01234567890128(8030)ABC123')).toMatch(/\(8003\) GRAI has no serial component/);
    for (const ok of ['(253)1234567890128X', '(255)12345678901280', '(8003)01234567890128X', '(00)123456789012345675(253)1234567890128']) {
      expect(reasonOf(`${ok}(8030)ABC123`), ok).toBe('accepted');
    }
    expect(reasonOf('(253)1234567890128')).toBe('accepted'); // without a signature, the serial stays optional
  });

  it('AI 8011 (CPID serial) refuses a lone 0 as any leading zero', () => {
    expect(reasonOf('(8010)1234567890(8011)0')).toBe('invalid_value: (8011) CPID SERIAL: must not start with 0');
    expect(reasonOf('(8010)1234567890(8011)10')).toBe('accepted');
  });
});

describe('GS1 Composite scan data', () => {
  it('reads the linear symbol and its 2D component as one message, checked together', () => {
    const scan = parseScan(']E09506000134352|]e01012345' + '\u001d' + '17261231', { referenceDate: '2025-06-15' });
    expect(scan).toMatchObject({ ok: true, format: 'element_string', gtin: '09506000134352', lot: '12345', expiry: '2026-12-31' });
    expect(scan.ok && scan.symbology?.id).toBe(']E0');
    // the component's AIs are validated with the linear key: (10) alone would miss its (01)
    expect(parseScan(']C1' + '00106141412345678908' + '|]e01012345')).toMatchObject({ ok: false, error: { code: 'missing_required_ai', ai: '10' } });
    // positions point into the whole scan: `]E0` + 13 digits + `|]e0` + `10` puts the value at 22
    expect(parseScan(']E09506000134352|]e010')).toMatchObject({ ok: false, error: { code: 'value_too_short', position: 22 } });
    expect(parseScan(']E09506000134353|]e01012345')).toMatchObject({ ok: false, error: { code: 'invalid_check_digit' } });
  });
});
