/**
 * Approving and posting reuse the review the reviewer saw while nothing changed, and never once
 * anything did: a write by any engine sharing the storage, or by this one, makes them compute it
 * again.
 */
import { describe, expect, it } from 'vitest';
import { createStocktake, isStocktakeError, type Stocktake } from '../../src/index.js';
import type { StorageAdapter } from '../../src/storage/adapter.js';
import { createManualClock, createSequentialIds, type ManualClock } from '../../src/testing/index.js';
import { auditedStorage } from '../support/audited-storage.js';
import { at } from '../support/world.js';

const KEY = { sku: 'A-100', location: 'WH1/A/01' };

/** Storage that counts how often the session's entries are read: once per computed review. */
function countingReads(inner: StorageAdapter): { storage: StorageAdapter; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    storage: {
      name: inner.name,
      transaction: (work, options) =>
        inner.transaction(
          (tx) =>
            work(
              new Proxy(tx, {
                get(target, property, receiver) {
                  const value: unknown = Reflect.get(target, property, receiver);
                  if (typeof value !== 'function') return value;
                  return (...args: unknown[]): unknown => {
                    if (property === 'listEntries') reads += 1;
                    return (value as (...a: unknown[]) => unknown).apply(target, args);
                  };
                },
              }),
            ),
          options,
        ),
    },
  };
}

async function counted(storage: StorageAdapter, clock: ManualClock): Promise<{ st: Stocktake; sessionId: string }> {
  const st = createStocktake({ storage, clock, ids: createSequentialIds() });
  await st.catalog.defineItem({ sku: 'A-100', baseUom: 'ea', unitCost: '2' });
  for (const id of ['WH1/A/01', 'WH1/A/02']) await st.catalog.defineLocation({ id });
  clock.set(at('07:00'));
  await st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
  clock.set(at('08:00'));
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', tolerance: { qty: '50' } });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '90', countedAt: at('09:00'), counter: 'li' });
  for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(session.id, location, { actor: 'li', at: at('09:00') });
  return { st, sessionId: session.id };
}

describe('the review kept between review, approve and post', () => {
  it('is reused by approve and post while nothing was written', async () => {
    const clock = createManualClock(at('06:00'));
    const { storage, reads } = countingReads(auditedStorage());
    const { st, sessionId } = await counted(storage, clock);
    await st.counts.review(sessionId, { actor: 'zhao' });
    const afterReview = reads();
    await st.counts.approve(sessionId, { actor: 'zhao' });
    const posted = await st.counts.post(sessionId, { actor: 'zhao' });
    expect(reads()).toBe(afterReview);
    expect(posted.movements).toHaveLength(1);
    expect(await st.ledger.onHand(KEY)).toBe('90');
  });

  it('is computed again after a movement posted by another engine on the same storage', async () => {
    const clock = createManualClock(at('06:00'));
    const { storage, reads } = countingReads(auditedStorage());
    const { st, sessionId } = await counted(storage, clock);
    const other = createStocktake({ storage, clock });
    const reviewed = await st.counts.review(sessionId, { actor: 'zhao' });
    expect(reviewed.lines[0]).toMatchObject({ expected: '100', variance: '-10' });

    // Recorded late, dated before the count: the expected quantity becomes 95.
    clock.set(at('09:30'));
    await other.ledger.post({ id: 'iss-1', kind: 'issue', occurredAt: at('08:30'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] });
    const beforeApprove = reads();
    const approved = await st.counts.approve(sessionId, { actor: 'zhao' });
    expect(reads()).toBe(beforeApprove + 1);
    expect(approved.approval?.fingerprint).not.toBe(reviewed.fingerprint);
    expect(approved.approval?.fingerprint).toBe((await other.counts.review(sessionId)).fingerprint);
    const posted = await st.counts.post(sessionId, { actor: 'zhao' });
    expect(posted.movements[0]?.lines[0]).toMatchObject({ from: 'WH1/A/01', qty: '5' });
  });

  it('does not let posting go ahead after a change between approval and post', async () => {
    const clock = createManualClock(at('06:00'));
    const storage = auditedStorage();
    const { st, sessionId } = await counted(storage, clock);
    const other = createStocktake({ storage, clock });
    await st.counts.review(sessionId, { actor: 'zhao' });
    await st.counts.approve(sessionId, { actor: 'zhao' });
    clock.set(at('09:30'));
    await other.ledger.post({ id: 'iss-1', kind: 'issue', occurredAt: at('08:30'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] });
    const error = await st.counts.post(sessionId, { actor: 'zhao' }).catch((caught: unknown) => caught);
    expect(isStocktakeError(error) && error.code).toBe('stale_review');
  });

  it('hands out frozen lines, so a caller cannot change what approval and posting use', async () => {
    const clock = createManualClock(at('06:00'));
    const { st, sessionId } = await counted(auditedStorage(), clock);
    const review = await st.counts.review(sessionId, { actor: 'zhao' });
    expect(Object.isFrozen(review.lines[0])).toBe(true);
    expect(() => {
      (review.lines[0] as { variance: string }).variance = '0';
    }).toThrow(TypeError);
  });
});
