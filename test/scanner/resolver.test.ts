/** GTIN → item and pack; unknown GTINs and unknown packaging levels are flagged, never guessed. */
import { describe, expect, expectTypeOf, it } from 'vitest';

import type { Item } from '../../src/catalog/types.js';

import { isStocktakeError } from '../../src/errors.js';
import { createItemResolver, gtinCheckDigit, type ScanCatalogItem } from '../../src/scanner/index.js';

const withCheck = (body: string) => body + gtinCheckDigit(body);
const EACH = '09506000134352';
const CASE = withCheck('1950600013435');
const PALLET = withCheck('2950600013435');
const UNREGISTERED_LEVEL = withCheck('3950600013435');

const items: ScanCatalogItem[] = [
  { sku: 'WIDGET', baseUom: 'each', gtin: EACH, packs: [{ uom: 'case', factor: '12', gtin: CASE }, { uom: 'pallet', factor: '480', gtin: PALLET }, { uom: 'inner', factor: '6' }] },
  { sku: 'GADGET', baseUom: 'kg', gtin: '12345670', packs: [{ uom: 'bag', factor: '2.5', gtin: withCheck('0000000123457') }] },
  { sku: 'NOGTIN', baseUom: 'each' },
];

describe('createItemResolver', () => {
  const resolver = createItemResolver(items);

  it('resolves base and pack GTINs with their factor', () => {
    expect(resolver.resolve(EACH)).toEqual({ ok: true, gtin: EACH, sku: 'WIDGET', uom: 'each', factor: '1' });
    expect(resolver.resolve('9506000134352')).toMatchObject({ ok: true, sku: 'WIDGET', uom: 'each' }); // GTIN-13 form
    expect(resolver.resolve(CASE)).toEqual({ ok: true, gtin: CASE, sku: 'WIDGET', uom: 'case', factor: '12' });
    expect(resolver.resolve(PALLET)).toMatchObject({ uom: 'pallet', factor: '480' });
    expect(resolver.resolve('12345670')).toMatchObject({ ok: true, sku: 'GADGET', uom: 'kg', gtin: '00000012345670' });
    expect(resolver.resolve(withCheck('0000000123457'))).toMatchObject({ sku: 'GADGET', uom: 'bag', factor: '2.5' });
  });

  it('flags an unregistered packaging level of a known item as unknown_pack', () => {
    expect(resolver.resolve(UNREGISTERED_LEVEL)).toEqual({ ok: false, code: 'unknown_pack', gtin: UNREGISTERED_LEVEL, candidates: ['WIDGET'] });
  });

  it('flags unknown and invalid GTINs', () => {
    const unknown = withCheck('0400638133393');
    expect(resolver.resolve(unknown)).toEqual({ ok: false, code: 'unknown_gtin', gtin: unknown });
    expect(resolver.resolve('09506000134353')).toMatchObject({ ok: false, code: 'invalid_gtin' });
    expect(resolver.resolve('abc')).toMatchObject({ ok: false, code: 'invalid_gtin' });
  });

  it("accepts the core's item definitions structurally", () => {
    expectTypeOf<Item>().toExtend<ScanCatalogItem>();
  });

  it('accepts any iterable', () => {
    const map = new Map(items.map((i) => [i.sku, i]));
    expect(createItemResolver(map.values()).resolve(CASE)).toMatchObject({ ok: true, uom: 'case' });
  });

  it('rejects a GTIN used twice, bad GTINs and bad factors with invalid_input and a path', () => {
    const cases: [Iterable<ScanCatalogItem>, (string | number)[]][] = [
      [[...items, { sku: 'COPY', baseUom: 'each', gtin: '9506000134352' }], ['items', 3, 'gtin']],
      [[{ sku: 'A', baseUom: 'each', gtin: '09506000134353' }], ['items', 0, 'gtin']],
      [[{ sku: 'A', baseUom: 'each', packs: [{ uom: 'case', factor: '0' }] }], ['items', 0, 'packs', 0, 'factor']],
      [[{ sku: 'A', baseUom: 'each', packs: [{ uom: 'case', factor: '1e3' }] }], ['items', 0, 'packs', 0, 'factor']],
      [[{ sku: '', baseUom: 'each' }], ['items', 0, 'sku']],
    ];
    for (const [input, path] of cases) {
      try {
        createItemResolver(input);
        expect.unreachable();
      } catch (error) {
        expect(isStocktakeError(error) && error.code).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path).toEqual(path);
      }
    }
    expect(() => createItemResolver(42 as never)).toThrow(/iterable/);
  });
});
