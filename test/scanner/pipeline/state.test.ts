/**
 * Persisting the scan pipeline a little at a time: `changes(since)` after every scan carries
 * only what that scan changed, and a saved state with the changes taken after it rebuilds the
 * state exactly (the law, over random scans, resends, undos, sink failures and saves).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isStocktakeError } from '../../../src/errors.js';
import {
  applyScanPipelineChanges,
  createItemResolver,
  createScanPipeline,
  gtinCheckDigit,
  type ScanCountEntry,
  type ScanEntrySink,
  type ScanPipelineChanges,
  type ScanPipelineState,
} from '../../../src/scanner/index.js';
import { propertyRuns } from '../../support/property.js';

const EACH = '09506000134352';
const CASE = `1950600013435${gtinCheckDigit('1950600013435')}`;
const resolver = createItemResolver([{ sku: 'WIDGET', baseUom: 'each', gtin: EACH, packs: [{ uom: 'case', factor: '12', gtin: CASE }] }]);
const TIME = '2025-03-01T08:00:00.000Z';

function sink() {
  const entries = new Map<string, ScanCountEntry>();
  let down = false;
  const s: ScanEntrySink = {
    async record(_session, entry) {
      if (down) throw new Error('offline');
      const existing = entries.get(entry.entryId);
      if (existing === undefined) entries.set(entry.entryId, entry);
      return { result: existing === undefined ? 'created' : JSON.stringify(existing) === JSON.stringify(entry) ? 'exists' : 'exists_with_different_payload' };
    },
    async voidEntry(_session, input) {
      if (down) throw new Error('offline');
      return { entryId: input.entryId, result: 'created' };
    },
  };
  return { sink: s, setDown: (value: boolean) => (down = value) };
}

const plain = (options: Partial<Parameters<typeof createScanPipeline>[0]> = {}) =>
  createScanPipeline({ resolver, sink: sink().sink, session: 'S', counter: 'ana', location: 'A-01', locationBarcode: { prefix: 'LOC:' }, ...options });

describe('changes after every scan', () => {
  it('carry what one scan changed, as much at the 3000th scan as at the first', async () => {
    const pipeline = plain({ rememberEvents: 50 });
    let saved = pipeline.revision;
    const sizes: number[] = [];
    for (let i = 0; i < 3000; i++) {
      await pipeline.scan({ eventId: `e${i}`, source: 'wedge', raw: `(01)${EACH}(21)S${i}`, time: TIME });
      const changes = pipeline.changes(saved);
      saved = changes.to;
      sizes.push(JSON.stringify(changes).length);
    }
    const early = Math.max(...sizes.slice(100, 200));
    const late = Math.max(...sizes.slice(2900));
    expect(late).toBeLessThanOrEqual(early + 16); // longer ids only
    expect(Object.keys(pipeline.state().recent)).toHaveLength(50);
    expect(pipeline.state().pending).toEqual({});
    expect(Object.keys(pipeline.state().identities)).toHaveLength(3000);
  });

  it('rebuild the state from a saved state and the changes taken after it', async () => {
    const pipeline = plain();
    await pipeline.scan({ eventId: 'e1', source: 'wedge', raw: 'LOC:B-02', time: TIME });
    const snapshot = pipeline.state();
    pipeline.setMultiplier('3');
    const first = pipeline.changes(snapshot.revision);
    await pipeline.scan({ eventId: 'e2', source: 'wedge', raw: `(01)${EACH}(21)S1`, time: TIME });
    const second = pipeline.changes(first.to);
    expect(second.multiplier).toBeNull(); // taken by the scan
    expect(second.identities).toEqual({ [`sgtin:${EACH}.S1`]: 'e2' });
    expect(applyScanPipelineChanges(snapshot, [first, second])).toEqual(pipeline.state());
    // A log replayed onto a state saved in its middle skips what the state already has.
    expect(applyScanPipelineChanges(applyScanPipelineChanges(snapshot, [first]), [first, second])).toEqual(pipeline.state());
    const restored = plain({ state: JSON.parse(JSON.stringify(applyScanPipelineChanges(snapshot, [first, second]))) as ScanPipelineState });
    expect(restored.location).toBe('B-02');
    expect(await restored.scan({ eventId: 'e3', source: 'wedge', raw: `(01)${EACH}(21)S1`, time: TIME })).toMatchObject({ status: 'duplicate', firstEventId: 'e2' });
  });

  it('refuse a missing change, a revision no longer kept, and malformed input (property)', async () => {
    const pipeline = plain();
    const start = pipeline.revision;
    await pipeline.scan({ eventId: 'e1', source: 'wedge', raw: EACH, time: TIME });
    const a = pipeline.changes(start);
    await pipeline.scan({ eventId: 'e2', source: 'wedge', raw: EACH, time: TIME });
    const b = pipeline.changes(a.to);
    expect(() => applyScanPipelineChanges(undefined, [b])).toThrow(expect.objectContaining({ code: 'invalid_input', path: ['changes', 0, 'from'] }));
    expect(() => pipeline.changes(start)).toThrow(expect.objectContaining({ code: 'invalid_input', path: ['since'] })); // taken and forgotten
    expect(() => pipeline.changes(b.to + 1)).toThrow(expect.objectContaining({ path: ['since'] }));
    const bad = fc.oneof(
      fc.record({ field: fc.constant('from'), value: fc.oneof(fc.integer({ max: -1 }), fc.constant('1'), fc.constant(1.5)) }),
      fc.record({ field: fc.constant('version'), value: fc.constantFrom(1, 3, '2') }),
      fc.record({ field: fc.constant('multiplier'), value: fc.constantFrom('0', '-1', 'x', 12) }),
      fc.record({ field: fc.constant('identities'), value: fc.constantFrom([], 'x', { a: 1 }) }),
    );
    fc.assert(
      fc.property(bad, ({ field, value }) => {
        const change = { ...a, [field]: value } as unknown as ScanPipelineChanges;
        try {
          applyScanPipelineChanges(undefined, [change]);
          expect.unreachable();
        } catch (error) {
          expect(isStocktakeError(error) && error.code).toBe('invalid_input');
          expect(isStocktakeError(error) && error.path.slice(0, 3)).toEqual(['changes', 0, field]);
        }
      }),
      { numRuns: propertyRuns(100) },
    );
    expect(() => applyScanPipelineChanges({ version: 9 } as never, [])).toThrow(expect.objectContaining({ path: ['state', 'version'] }));
  });

  it('are not kept without end for an app that never takes them', () => {
    const pipeline = plain();
    for (let i = 0; i < 100_001; i++) pipeline.setLocation(i % 2 === 0 ? 'A-02' : 'A-01');
    expect(() => pipeline.changes(0)).toThrow(expect.objectContaining({ path: ['since'] }));
    const saved = pipeline.state();
    pipeline.setLocation('B-07');
    expect(applyScanPipelineChanges(saved, [pipeline.changes(saved.revision)])).toEqual(pipeline.state());
  });

  it('restores a state saved by earlier releases (version 1, every entry kept)', async () => {
    const entry = (id: string): ScanCountEntry => ({ entryId: `scan:${id}`, sku: 'WIDGET', location: 'A-01', qty: '1', uom: 'each', countedAt: TIME, counter: 'ana' });
    const v1 = {
      version: 1 as const,
      location: 'A-01',
      identities: { [`sgtin:${EACH}.S1`]: 'a' },
      entries: { a: { entry: entry('a'), recorded: true }, b: { entry: entry('b'), expiry: '2026-01-31', recorded: false } },
      held: {},
    };
    const state = applyScanPipelineChanges(v1, []);
    expect(state).toMatchObject({ version: 2, pending: { b: { entry: entry('b'), expiry: '2026-01-31' } }, recent: { a: { counted: { entry: entry('a') } } } });
    const { sink: s } = sink();
    const pipeline = createScanPipeline({ resolver, sink: s, session: 'S', counter: 'ana', state: v1 });
    expect((await pipeline.retryFailed()).map((o) => o.eventId)).toEqual(['b']);
    expect(await pipeline.scan({ eventId: 'c', source: 'wedge', raw: `(01)${EACH}(21)S1`, time: TIME })).toMatchObject({ status: 'duplicate', firstEventId: 'a' });
  });
});

type Op =
  | { readonly kind: 'scan'; readonly raw: string; readonly id: number }
  | { readonly kind: 'resend'; readonly pick: number; readonly changed: boolean }
  | { readonly kind: 'multiplier'; readonly value: string }
  | { readonly kind: 'location'; readonly value: string }
  | { readonly kind: 'undo'; readonly pick: number }
  | { readonly kind: 'confirm'; readonly pick: number }
  | { readonly kind: 'sink'; readonly down: boolean }
  | { readonly kind: 'retry' }
  | { readonly kind: 'save' }
  | { readonly kind: 'compact' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('scan' as const), raw: fc.constantFrom(EACH, CASE, `(01)${EACH}(21)S1`, `(01)${EACH}(21)S2`, `(01)${EACH}(10)L1`, 'LOC:B-02', 'hello', '(01)09506000134353'), id: fc.nat(20) }) },
  fc.record({ kind: fc.constant('resend' as const), pick: fc.nat(), changed: fc.boolean() }),
  fc.record({ kind: fc.constant('multiplier' as const), value: fc.constantFrom('2', '12', '0.5') }),
  fc.record({ kind: fc.constant('location' as const), value: fc.constantFrom('A-01', 'A-02') }),
  fc.record({ kind: fc.constant('undo' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('confirm' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('sink' as const), down: fc.boolean() }),
  fc.constant({ kind: 'retry' as const }),
  { weight: 3, arbitrary: fc.constant({ kind: 'save' as const }) },
  fc.constant({ kind: 'compact' as const }),
);

describe('the law of saved changes', () => {
  it('a saved state plus the changes taken after it equals the state, whatever happened (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), async (ops, rememberEvents) => {
        const { sink: s, setDown } = sink();
        const pipeline = createScanPipeline({ resolver, sink: s, session: 'S', counter: 'ana', location: 'A-01', locationBarcode: { prefix: 'LOC:' }, doubleScanWindow: 60_000, rememberEvents });
        let snapshot: ScanPipelineState | undefined;
        let log: ScanPipelineChanges[] = [];
        let saved = 0; // nothing saved yet
        const sent: Array<{ eventId: string; source: 'wedge'; raw: string; time: string }> = [];
        let n = 0;
        for (const op of ops) {
          switch (op.kind) {
            case 'scan': {
              const event = { eventId: `e${n++}`, source: 'wedge' as const, raw: op.raw, time: `2025-03-01T08:00:${String(op.id).padStart(2, '0')}.000Z` };
              sent.push(event);
              await pipeline.scan(event);
              break;
            }
            case 'resend': {
              const event = sent[op.pick % Math.max(1, sent.length)];
              if (event !== undefined) await pipeline.scan(op.changed ? { ...event, raw: CASE } : event);
              break;
            }
            case 'multiplier':
              pipeline.setMultiplier(op.value);
              break;
            case 'location':
              pipeline.setLocation(op.value);
              break;
            case 'undo': {
              const event = sent[op.pick % Math.max(1, sent.length)];
              if (event !== undefined) await pipeline.undo(event.eventId);
              break;
            }
            case 'confirm': {
              const held = Object.keys(pipeline.state().held);
              const id = held[op.pick % Math.max(1, held.length)];
              if (id !== undefined) await pipeline.confirm(id);
              break;
            }
            case 'sink':
              setDown(op.down);
              break;
            case 'retry':
              await pipeline.retryFailed();
              break;
            case 'save': {
              const changes = pipeline.changes(saved);
              log.push(JSON.parse(JSON.stringify(changes)) as ScanPipelineChanges);
              saved = changes.to;
              break;
            }
            case 'compact':
              snapshot = applyScanPipelineChanges(snapshot, log);
              log = [];
              break;
          }
        }
        log.push(pipeline.changes(saved));
        expect(applyScanPipelineChanges(snapshot, log)).toEqual(pipeline.state());
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
