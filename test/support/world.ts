import { createStocktake, type CreateStocktakeOptions, type Stocktake } from '../../src/index.js';
import { createManualClock, createSequentialIds, type ManualClock } from '../../src/testing/index.js';
import { auditedStorage } from './audited-storage.js';

/** A small warehouse used by many tests: two zones, three bins, a few items. */
export async function smallWarehouse(options: CreateStocktakeOptions = {}): Promise<{ st: Stocktake; clock: ManualClock }> {
  const clock = createManualClock('2026-03-02T08:00:00.000Z');
  const st = createStocktake({ clock, ids: createSequentialIds(), storage: auditedStorage(), ...options });
  await st.catalog.defineItem({
    sku: 'A-100',
    name: 'Hex bolt M8',
    baseUom: 'ea',
    packs: [{ uom: 'case', factor: '12', gtin: '09506000134376' }],
    unitCost: '2.50',
    abcClass: 'A',
  });
  await st.catalog.defineItem({ sku: 'B-200', name: 'Cable', baseUom: 'm', unitCost: '0.80', abcClass: 'B' });
  await st.catalog.defineItem({ sku: 'L-300', name: 'Glue', baseUom: 'ea', tracking: 'lot', abcClass: 'C' });
  await st.catalog.defineItem({ sku: 'S-400', name: 'Drill', baseUom: 'ea', tracking: 'serial', unitCost: '120' });
  for (const id of ['WH1/A/01', 'WH1/A/02', 'WH1/B/01']) await st.catalog.defineLocation({ id });
  return { st, clock };
}

/** An ISO instant on the test day, e.g. `at('09:30')`. */
export function at(time: string): string {
  return `2026-03-02T${time}:00.000Z`;
}
