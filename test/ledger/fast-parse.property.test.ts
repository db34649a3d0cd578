/**
 * Law: the fast check of movement input never accepts what `movementInputSchema` refuses, and what
 * it accepts is exactly the schema's output (the same fields, values and key order). Whatever it
 * does not accept goes to the schema, so errors and their paths are the schema's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptMovement, parseMovementBatch, parseMovementInput } from '../../src/ledger/fast-parse.js';
import { movementInputSchema } from '../../src/ledger/schemas.js';
import { isStocktakeError } from '../../src/errors.js';
import * as z from 'zod';
import { propertyRuns } from '../support/property.js';

/** Mostly valid values, sometimes one of the shapes the schema refuses or treats specially. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, tricky: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: tricky, weight: 1 });
const tricky = fc.oneof(
  fc.constantFrom(' A', 'A ', '', 'a\u0000b', 'a\u0007b', '\ud800', 'WH1//A', 'WH1/./A', 'WH1/../A', '/WH1', 'WH1/', 'WH1/ A', 'x'.repeat(201)),
  fc.string({ maxLength: 12 }),
  fc.constant(undefined),
  fc.constant(null),
  fc.integer(),
  fc.constant(['A']),
  fc.constant({}),
);
const text = mostly(fc.constantFrom('A-100', 'B', 'WH1', 'é🔩', 'x'.repeat(200), 'a b'), tricky);
const qty = mostly(
  fc.oneof(fc.integer({ min: 1, max: 999 }).map(String), fc.constantFrom('0.5', '12.5', '1.123456789012', '123456789012345678')),
  fc.oneof(fc.constantFrom('0', '0.0', '01', '1.', '.5', '1e3', '-1', '1.1234567890123', '1234567890123456789', ' 1'), tricky),
);
/** An optional field: absent about half of the time. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** A record that leaves out the keys drawn `undefined`; now and then keeps one as `undefined` or adds an unknown key. */
const record = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(fc.record(fields), fc.integer({ min: 0, max: 19 }), fc.constantFrom('extra', 'constructor', 'qty', 'id'))
    .map(([value, odd, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) if (field !== undefined || odd === 0) out[key] = field;
      if (odd === 1) out[extra] = 'x';
      return out;
    });
const location = mostly(fc.constantFrom('WH1/A/01', 'WH1/A/02', 'WH2', 'WH1/A/01/3'), tricky);
const line = record({
  sku: text,
  from: maybe(location),
  to: maybe(location),
  qty,
  uom: maybe(mostly(fc.constantFrom('ea', 'case', 'k.g_1-x'), fc.constantFrom('a b', 'x'.repeat(17), ''))),
  lot: maybe(text),
  serial: maybe(text),
});
const movement = record({
  id: text,
  kind: mostly(fc.constantFrom('receipt', 'issue', 'transfer', 'adjustment'), fc.constantFrom('count_adjustment', 'toString', '__proto__', 'hasOwnProperty')),
  occurredAt: maybe(
    mostly(
      fc.oneof(fc.constantFrom('2026-03-02T09:00:00Z', '2026-03-02T17:00:00+08:00'), fc.date({ min: new Date('1000-01-01'), max: new Date('9999-01-01') })),
      fc.oneof(fc.constantFrom('2026-03-02', '0999-01-01T00:00:00Z', 'soon'), fc.date()),
    ),
  ),
  actor: text,
  reference: maybe(text),
  reason: maybe(mostly(text, fc.constant('y'.repeat(501)))),
  override: maybe(mostly(fc.record({ reason: text }), fc.oneof(fc.constant({ reason: 'r', other: 1 }), fc.constant({}), fc.constant({ reason: '' }), tricky))),
  lines: mostly(fc.array(line, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant([]), tricky)),
});

describe('fast check of movement input', () => {
  it('accepts only what the schema accepts, and outputs exactly what the schema outputs', () => {
    let accepted = 0;
    fc.assert(
      fc.property(movement, (input) => {
        const fast = acceptMovement(input);
        const parsed = movementInputSchema.safeParse(input);
        if (fast === undefined) return;
        accepted++;
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(parsed.data);
        // The same key order too: stored records and their JSON follow it.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(parsed.data));
      }),
      { numRuns: propertyRuns(3000) },
    );
    // The generator reaches the accepted shapes, not only refusals.
    expect(accepted).toBeGreaterThan(20);
  });

  it('takes the fast path for the plain shape, dates included, and copies what it accepts', () => {
    const lines = [{ sku: 'A-100', from: 'WH1/A/01', to: 'WH1/A/02', qty: '2.5', lot: 'L1' }];
    for (const occurredAt of [undefined, '2026-03-02T17:00:00+08:00', new Date('2026-03-02T09:00:00Z')]) {
      const input = { id: 'mv-1', kind: 'transfer', actor: 'li', reference: 'PO-1', lines, ...(occurredAt === undefined ? {} : { occurredAt }) };
      const fast = acceptMovement(input);
      expect(fast).toStrictEqual(movementInputSchema.parse(input));
      expect(fast!.lines[0]).not.toBe(lines[0]);
    }
  });

  it('leaves every refusal to the schema: the same invalid_input and path', () => {
    const bad = { id: 'mv-1', kind: 'issue', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '0' }] };
    const error = (() => {
      try {
        parseMovementInput(bad);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isStocktakeError(error) && error.code === 'invalid_input' ? error.path : undefined).toEqual(['lines', 0, 'qty']);
    const batch = z.array(movementInputSchema).max(3);
    const good = { ...bad, lines: [{ ...bad.lines[0]!, qty: '1' }] };
    expect(parseMovementBatch([good, good], batch, 3)).toHaveLength(2);
    expect(() => parseMovementBatch([good, bad], batch, 3)).toThrow(expect.objectContaining({ code: 'invalid_input', path: [1, 'lines', 0, 'qty'] }));
    expect(() => parseMovementBatch([good, good, good, good], batch, 3)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
