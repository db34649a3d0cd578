import fc from 'fast-check';
import { createStocktake } from '../../engine.js';
import { stockKeyId } from '../../ledger/key.js';
import { D } from '../../quantity/decimal.js';
import { createManualClock } from '../manual-clock.js';
import { checkStoredLedger, conformanceRuns, type PropertyContext } from './ledger-properties.js';
import type { ConformanceTestApi } from './types.js';

/** The caller's `expect`, set when the properties are registered (the suite never imports vitest). */
let expect: ConformanceTestApi['expect'];

const SKUS = ['A', 'B'];
const LOCATIONS = ['WH1/A/01', 'WH1/A/02'];
const KEYS = SKUS.flatMap((sku) => LOCATIONS.map((location) => ({ sku, location })));
const at = (time: string) => `2026-03-02T${time}:00.000Z`;

/**
 * Registers the count property tests of the conformance suite.
 *
 * @internal
 */
export function registerCountProperties({ options, fresh }: PropertyContext): void {
  const { describe, it } = options.vitest;
  expect = options.vitest.expect;
  const runs = conformanceRuns(options);
  describe('count properties (through the engine)', () => {
    it('after counting hidden shrinkage and posting, the book equals the physical stock at count time, adjustments sum to the shrinkage, later movements stay on top, and posting twice adds nothing', async () => {
      const perKey = fc.record({
        initial: fc.integer({ min: 0, max: 30 }),
        shrink: fc.integer({ min: -5, max: 3 }),
        after: fc.integer({ min: 0, max: 4 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(perKey, { minLength: KEYS.length, maxLength: KEYS.length }), async (plan) => {
          const storage = await fresh();
          const clock = createManualClock(at('06:00'));
          const st = createStocktake({ clock, storage });
          for (const sku of SKUS) await st.catalog.defineItem({ sku, baseUom: 'ea' });
          for (const id of LOCATIONS) await st.catalog.defineLocation({ id });

          // The book: receipts at 07:00. The shelves: the book plus shrinkage nobody recorded.
          const physical = new Map<string, number>();
          let injected = 0;
          clock.set(at('07:00'));
          for (const [i, key] of KEYS.entries()) {
            const { initial, shrink } = plan[i]!;
            if (initial > 0) {
              const posted = await st.ledger.post({ id: `rcv-${i}`, kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: key.sku, to: key.location, qty: String(initial) }] });
              expect(posted.result).toBe('created');
            }
            const onShelf = Math.max(0, initial + shrink);
            physical.set(stockKeyId(key), onShelf);
            injected += onShelf - initial;
          }

          clock.set(at('08:00'));
          const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '1000000' } });
          clock.set(at('09:00'));
          for (const [i, key] of KEYS.entries()) {
            const qty = physical.get(stockKeyId(key))!;
            if (qty === 0 && plan[i]!.initial === 0) continue;
            await st.counts.record(session.id, { entryId: `e-${i}`, ...key, qty: String(qty), countedAt: at('09:00'), counter: 'li' });
          }
          for (const location of LOCATIONS) await st.counts.completeLocation(session.id, location, { actor: 'li', at: at('09:00') });

          // Movements after the count window: they must end up on top of the counted quantity.
          clock.set(at('10:00'));
          for (const [i, key] of KEYS.entries()) {
            const after = plan[i]!.after;
            if (after > 0) {
              await st.ledger.post({ id: `late-${i}`, kind: 'receipt', occurredAt: at('10:00'), actor: 'wang', lines: [{ sku: key.sku, to: key.location, qty: String(after) }] });
            }
          }

          clock.set(at('11:00'));
          await st.counts.review(session.id);
          await st.counts.approve(session.id, { actor: 'zhao' });
          const posted = await st.counts.post(session.id, { actor: 'zhao' });
          expect(posted.created).toBe(true);

          let adjusted = new D(0);
          for (const movement of posted.movements) {
            for (const line of movement.lines) adjusted = adjusted.plus(line.to ? line.qty : new D(line.qty).neg());
          }
          expect(adjusted.toNumber()).toBe(injected);
          for (const [i, key] of KEYS.entries()) {
            const counted = physical.get(stockKeyId(key))!;
            expect(await st.ledger.onHand(key, { asOf: at('09:00') }), `book at count time of ${key.sku}@${key.location}`).toBe(String(counted));
            expect(await st.ledger.onHand(key), `book now of ${key.sku}@${key.location}`).toBe(String(counted + plan[i]!.after));
          }

          const again = await st.counts.post(session.id, { actor: 'zhao' });
          expect(again.created).toBe(false);
          expect((await options.raw.movements()).filter((m) => m.kind === 'count_adjustment')).toHaveLength(posted.movements.length);
          expect((await options.raw.sessions()).find((s) => s.id === session.id)?.state).toBe('posted');
          await checkStoredLedger(options.raw);
        }),
        { numRuns: runs },
      );
    });
  });
}
