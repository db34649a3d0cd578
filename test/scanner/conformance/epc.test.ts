/**
 * EPC conformance: the EPC Tag Data Standard worked examples and hex/URI pairs of the shared set
 * (`../shared/conformance/gs1/epc-known.json`) decoded by `decodeEpc`, field by field.
 */
import { describe, expect, it } from 'vitest';

import { judge, loadVectors } from './vectors.js';

const vectors = loadVectors('epc-known.json');

describe('EPC Tag Data Standard vectors', () => {
  it.each(vectors.map((v) => [v.group, v.hex ?? '', v] as const))('%s %s', (_group, _hex, vector) => {
    const verdict = judge(vector);
    expect(verdict.verdict, verdict.answer).toBe('agree');
  });
});
