import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type AuditEvent, type AuditVerification } from '../../src/index.js';
import { canonicalJson } from '../../src/canonical.js';
import { propertyRuns } from '../support/property.js';
import { engineWithLog } from './log.js';

const FIELDS = ['seq', 'chain', 'at', 'actor', 'action', 'subject', 'data', 'prevHash', 'hash'] as const;
type Field = (typeof FIELDS)[number];

/** One tampering of a log: a changed field, a dropped event, an inserted one, or two swapped. */
type Tampering =
  | { readonly kind: 'change'; readonly index: number; readonly field: Field; readonly value: unknown }
  | { readonly kind: 'drop'; readonly index: number }
  | { readonly kind: 'insert'; readonly index: number; readonly source: number }
  | { readonly kind: 'swap'; readonly i: number; readonly j: number };

function tamperingArb(length: number): fc.Arbitrary<Tampering> {
  const index = fc.integer({ min: 0, max: length - 1 });
  return fc.oneof(
    fc.record({
      kind: fc.constant('change' as const),
      index,
      field: fc.constantFrom(...FIELDS),
      value: fc.oneof(fc.string(), fc.integer(), fc.jsonValue(), fc.constantFrom('0'.repeat(64), 'a'.repeat(64))),
    }),
    fc.record({ kind: fc.constant('drop' as const), index }),
    fc.record({ kind: fc.constant('insert' as const), index, source: index }),
    fc.record({ kind: fc.constant('swap' as const), i: index, j: index }).filter((t) => t.i !== t.j),
  );
}

function apply(events: readonly AuditEvent[], tampering: Tampering): AuditEvent[] {
  const copy = events.map((event) => structuredClone(event));
  switch (tampering.kind) {
    case 'change':
      (copy[tampering.index] as unknown as Record<string, unknown>)[tampering.field] = tampering.value;
      return copy;
    case 'drop':
      copy.splice(tampering.index, 1);
      return copy;
    case 'insert':
      copy.splice(tampering.index, 0, structuredClone(events[tampering.source]!));
      return copy;
    case 'swap': {
      const a = copy[tampering.i]!;
      copy[tampering.i] = copy[tampering.j]!;
      copy[tampering.j] = a;
      return copy;
    }
  }
}

/** Whether the event at `index` is the last of its chain. */
function isChainHead(events: readonly AuditEvent[], index: number): boolean {
  return nextInChain(events, index) === events.length;
}

/** The index of the next event of the same chain as the one at `index` (the length when none). */
function nextInChain(events: readonly AuditEvent[], index: number): number {
  const found = events.findIndex((event, position) => position > index && event.chain === events[index]!.chain);
  return found === -1 ? events.length : found;
}

describe('audit tamper detection', () => {
  let events: AuditEvent[] = [];
  let genuine: AuditVerification;
  beforeAll(async () => {
    ({ events } = await engineWithLog());
    genuine = await verifyAuditChain(events);
  });

  it('the genuine log verifies', () => {
    expect(genuine).toMatchObject({ ok: true, events: events.length });
    expect(events.length).toBeGreaterThan(20);
    // Several chains interleaved, so tampering across chains is exercised too.
    expect(new Set(events.map((event) => event.chain)).size).toBeGreaterThan(1);
  });

  it('any single change, deletion, insertion or reordering of events is detected', async () => {
    await fc.assert(
      fc.asyncProperty(tamperingArb(events.length), async (tampering) => {
        const tampered = apply(events, tampering);
        // A change to the same value (after canonical serialisation) is no change.
        fc.pre(canonicalJson(tampered) !== canonicalJson(events));
        const result = await verifyAuditChain(tampered);
        if (tampering.kind === 'drop' && isChainHead(events, tampering.index)) {
          // Dropping the last event of a chain leaves a valid prefix of it: only the heads an
          // auditor keeps (audit.chains()) tell it apart.
          expect(result).toMatchObject({ ok: true, events: events.length - 1 });
          return;
        }
        expect(result.ok, JSON.stringify(tampering)).toBe(false);
        if (result.ok) return;
        // The first broken link is at or before the first position that differs.
        const first = tampered.findIndex((event, position) => canonicalJson(event) !== canonicalJson(events[position]));
        // A dropped event is missed by the next event of its own chain, which may come later.
        // An event copied or moved before its place may link there if it starts a chain (genesis
        // hash) and is caught by the event after it, whose number does not increase.
        const bound =
          tampering.kind === 'drop' ? nextInChain(events, tampering.index) : (first === -1 ? tampered.length : first) + (tampering.kind === 'insert' || tampering.kind === 'swap' ? 1 : 0);
        expect(result.position).toBeLessThanOrEqual(bound + 1);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('dropping, inserting or swapping at every position is detected (exhaustive)', async () => {
    for (let i = 0; i < events.length; i++) {
      expect((await verifyAuditChain(apply(events, { kind: 'drop', index: i }))).ok).toBe(isChainHead(events, i));
      expect((await verifyAuditChain(apply(events, { kind: 'insert', index: i, source: i }))).ok).toBe(false);
      if (i > 0) expect((await verifyAuditChain(apply(events, { kind: 'swap', i: i - 1, j: i }))).ok).toBe(false);
    }
  });
});
