/**
 * The attribution of a review reads each key's postings only back to its last good count (the
 * whole history of a key never counted, or the engine's horizon), in a read-only transaction
 * before the command's write transaction, and explains every line exactly as the whole history
 * does.
 */
import { describe, expect, it } from 'vitest';
import {
  attributeVariances,
  createMemoryStorage,
  isStocktakeError,
  stockKeyId,
  createStocktake,
  type PostingBound,
  type ReviewLine,
  type StorageAdapter,
  type StorageTransaction,
} from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

/** Every bounded read with whether its transaction was read-only, and every read of whole key histories. */
interface Reads {
  readonly bounded: Array<{ readOnly: boolean; bounds: readonly PostingBound[] }>;
  readonly wholeKeyHistories: number;
}

function spiedStorage(inner: StorageAdapter): { storage: StorageAdapter; reads: Reads } {
  const reads = { bounded: [] as Reads['bounded'], wholeKeyHistories: 0 };
  const storage: StorageAdapter = {
    name: inner.name,
    transaction: (work, options) =>
      inner.transaction(
        (tx) =>
          work(
            new Proxy(tx, {
              get(target, property, receiver) {
                if (property === 'listPostingsFrom') {
                  return async (bounds: readonly PostingBound[]) => {
                    reads.bounded.push({ readOnly: options?.readOnly === true, bounds });
                    return target.listPostingsFrom!(bounds);
                  };
                }
                if (property === 'listPostings') {
                  return async (filter: Parameters<StorageTransaction['listPostings']>[0]) => {
                    if (filter.keys !== undefined && filter.occurredFrom === undefined && filter.occurredTo === undefined) reads.wholeKeyHistories += 1;
                    return target.listPostings(filter);
                  };
                }
                return Reflect.get(target, property, receiver) as unknown;
              },
            }),
          ),
        options,
      ),
  };
  return { storage, reads };
}

function lineOf(lines: readonly ReviewLine[], sku: string, location: string): ReviewLine {
  const line = lines.find((candidate) => candidate.sku === sku && candidate.location === location);
  if (!line) throw new Error(`no line for ${sku} at ${location}`);
  return line;
}

/**
 * A-100 at WH1/A/01 was counted (posted) at 07:20; B-200 at WH1/A/02 never was, and has a
 * receipt from February. Zone A is counted at 12:00: A-100 short by 5, B-200 short by 5.
 */
async function scenario(horizonDays?: number) {
  const spied = spiedStorage(createMemoryStorage());
  // Tolerances wide enough that the variances go to approval, not to a recount round.
  const tolerance = { byClass: { A: { qty: '100' }, B: { qty: '100' } } };
  const world = await smallWarehouse({ storage: spied.storage, policies: { tolerance }, ...(horizonDays === undefined ? {} : { attributionHorizonDays: horizonDays }) });
  const { st, clock } = world;
  const post = async (id: string, kind: 'receipt' | 'issue', sku: string, location: string, qty: string, occurredAt: string, actor: string) => {
    const line = kind === 'receipt' ? { sku, to: location, qty } : { sku, from: location, qty };
    expect((await st.ledger.post({ id, kind, occurredAt, actor, lines: [line] })).result).toBe('created');
  };
  await post('rcv-b-old', 'receipt', 'B-200', 'WH1/A/02', '40', '2026-02-20T10:00:00.000Z', 'sun');
  await post('rcv-old', 'receipt', 'A-100', 'WH1/A/01', '100', at('06:00'), 'li');
  await post('pick-old', 'issue', 'A-100', 'WH1/A/01', '5', at('06:30'), 'sun');
  await post('rcv-b', 'receipt', 'B-200', 'WH1/A/02', '10', at('07:00'), 'chen');
  clock.set(at('07:15'));
  const first = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li', 'wang'] });
  clock.set(at('07:20'));
  await st.counts.record(first.id, { entryId: 'f1', sku: 'A-100', location: 'WH1/A/01', qty: '95', countedAt: at('07:20'), counter: 'li' });
  await st.counts.completeLocation(first.id, 'WH1/A/01', { actor: 'li', at: at('07:20') });
  await st.counts.review(first.id, { actor: 'zhao' });
  await st.counts.approve(first.id, { actor: 'zhao' });
  await st.counts.post(first.id, { actor: 'zhao' });
  clock.set(at('07:45'));
  await post('pick-1', 'issue', 'A-100', 'WH1/A/01', '10', at('07:40'), 'wang');
  clock.set(at('08:20'));
  const second = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
  clock.set(at('12:00'));
  await st.counts.record(second.id, { entryId: 's1', sku: 'A-100', location: 'WH1/A/01', qty: '80', countedAt: at('12:00'), counter: 'li' });
  await st.counts.record(second.id, { entryId: 's2', sku: 'B-200', location: 'WH1/A/02', qty: '45', countedAt: at('12:00'), counter: 'li' });
  await st.counts.completeLocation(second.id, 'WH1/A/01', { actor: 'li', at: at('12:00') });
  await st.counts.completeLocation(second.id, 'WH1/A/02', { actor: 'li', at: at('12:00') });
  spied.reads.bounded.length = 0;
  const review = await st.counts.review(second.id, { actor: 'zhao' });
  return { st, review, session: second, reads: spied.reads };
}

describe('attribution reads each key back to its last good count, outside the writer lock', () => {
  it('reads A-100 from its last posted count and B-200 (never counted) whole, in a read-only transaction, and explains both as the whole history does', async () => {
    const { st, review, session, reads } = await scenario();
    const a = lineOf(review.lines, 'A-100', 'WH1/A/01');
    const b = lineOf(review.lines, 'B-200', 'WH1/A/02');
    expect([a.variance, b.variance]).toEqual(['-5', '-5']);
    // One bounded read, in the read-only phase: the write transaction that closed the round found the review in the cache.
    expect(reads.bounded).toHaveLength(1);
    expect(reads.bounded[0]!.readOnly).toBe(true);
    const bounds = new Map(reads.bounded[0]!.bounds.map((bound) => [stockKeyId(bound.key), bound.occurredFrom]));
    expect(bounds.get(stockKeyId(a.key))).toBe(at('07:20'));
    expect(bounds.has(stockKeyId(b.key)) && bounds.get(stockKeyId(b.key))).toBeUndefined();
    expect(reads.wholeKeyHistories).toBe(0);
    expect(a.attribution!.period).toEqual({ from: at('07:20'), to: at('12:00'), lastGoodCount: expect.objectContaining({ countedAt: at('07:20') }) });
    expect(b.attribution!.period.from).toBe('2026-02-20T10:00:00.000Z');

    // The whole history, given to the pure function, explains the lines the same way.
    const postings = await st.storage.transaction((tx) => tx.listPostings({}), { readOnly: true });
    const whole = attributeVariances({
      sessionId: session.id,
      purpose: 'regular',
      lines: review.lines,
      entries: await st.counts.entries(session.id),
      postings,
      items: await st.catalog.listItems(),
      custodians: await st.catalog.listCustodianAssignments(),
      countRecords: await st.counts.countRecords(),
    });
    for (const line of whole) expect(lineOf(review.lines, line.key.sku, line.key.location).attribution).toEqual(line.attribution);
  });

  it('approving and posting read the history before their write transaction too', async () => {
    const { st, session, reads } = await scenario();
    // A movement elsewhere changes the store: the review is computed again, before the write transaction.
    expect((await st.ledger.post({ id: 'rcv-elsewhere', kind: 'receipt', actor: 'li', lines: [{ sku: 'B-200', to: 'WH1/B/01', qty: '1' }] })).result).toBe('created');
    reads.bounded.length = 0;
    await st.counts.approve(session.id, { actor: 'zhao' });
    expect(reads.bounded.map((read) => read.readOnly)).toEqual([true]);
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements).toHaveLength(2);
    // The approval carried the review to its own store version: posting reads nothing again.
    expect(reads.bounded.map((read) => read.readOnly)).toEqual([true]);
  });

  it('with a horizon of one day, B-200 (never counted) is read from a day before its count: its period starts at its first movement since', async () => {
    const { review, reads } = await scenario(1);
    const bounds = new Map(reads.bounded[0]!.bounds.map((bound) => [stockKeyId(bound.key), bound.occurredFrom]));
    const a = lineOf(review.lines, 'A-100', 'WH1/A/01');
    const b = lineOf(review.lines, 'B-200', 'WH1/A/02');
    expect(bounds.get(stockKeyId(b.key))).toBe('2026-03-01T12:00:00.000Z');
    expect(b.attribution!.period.from).toBe(at('07:00'));
    // The last good count lies within the horizon: A-100 is read and explained as without one.
    expect(bounds.get(stockKeyId(a.key))).toBe(at('07:20'));
    expect(a.attribution!.period.from).toBe(at('07:20'));
    // Figures never depend on the horizon.
    expect([a.variance, b.variance, a.expected, b.expected]).toEqual(['-5', '-5', '85', '50']);
  });

  it('refuses a horizon that is not a whole number of days from 1 to 36 500, at its path', () => {
    for (const attributionHorizonDays of [0, 1.5, 36_501]) {
      let error: unknown;
      try {
        createStocktake({ attributionHorizonDays });
      } catch (caught) {
        error = caught;
      }
      expect(isStocktakeError(error) && error.code === 'invalid_input' && error.path).toEqual(['options', 'attributionHorizonDays']);
    }
  });
});
