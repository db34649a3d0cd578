/**
 * Race tests: fast-check's scheduler decides the order in which concurrent commands start and
 * resolve, so every interleaving of movements, entries, completion, review and posting is tried.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStocktake, isStocktakeError, type Stocktake } from '../../src/index.js';
import { D } from '../../src/quantity/decimal.js';
import { createManualClock, createSequentialIds } from '../../src/testing/index.js';
import { propertyRuns } from '../support/property.js';
import { auditedStorage } from '../support/audited-storage.js';

const at = (minute: number) => new Date(Date.parse('2026-03-02T06:00:00.000Z') + minute * 60_000).toISOString();
const KEY = { sku: 'A', location: 'WH1/A/01' };

async function engine(stock: number, clock = createManualClock(at(0))): Promise<Stocktake> {
  const st = createStocktake({ clock, ids: createSequentialIds(), storage: auditedStorage() });
  await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
  for (const id of ['WH1/A/01', 'WH1/A/02', 'WH1/B/01']) await st.catalog.defineLocation({ id });
  await st.ledger.post({ id: 'opening', kind: 'receipt', occurredAt: at(0), actor: 'dock', lines: [{ sku: 'A', to: 'WH1/A/01', qty: String(stock) }] });
  return st;
}

async function settle<T>(promise: Promise<T>): Promise<T | { error: string }> {
  try {
    return await promise;
  } catch (error) {
    if (isStocktakeError(error)) return { error: error.code };
    throw error;
  }
}

describe('races (fc.scheduler)', () => {
  it('N concurrent issues never overdraw, and concurrent retries of one id make one movement', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 8 }),
        fc.integer({ min: 2, max: 4 }),
        async (s, stock, quantities, copies) => {
          const st = await engine(stock, createManualClock(at(5)));
          const issue = (i: number) => ({ id: `pick-${i}`, kind: 'issue' as const, occurredAt: at(5), actor: 'picker', lines: [{ ...KEY, from: KEY.location, location: undefined, qty: String(quantities[i]!) }].map(({ location: _, ...line }) => line) });
          const calls = quantities.flatMap((_, i) => Array.from({ length: copies }, () => s.schedule(Promise.resolve()).then(() => st.ledger.post(issue(i)))));
          await s.waitAll();
          const results = await Promise.all(calls);
          const created = results.filter((r) => r.result === 'created');
          // One effect per id, whatever the number of concurrent submissions.
          expect(new Set(created.map((r) => r.id)).size).toBe(created.length);
          for (const r of results) expect(['created', 'exists', 'insufficient_stock']).toContain(r.result);
          const issued = created.reduce((sum, r) => sum + quantities[Number(r.id.slice(5))]!, 0);
          expect(issued).toBeLessThanOrEqual(stock);
          expect(await st.ledger.onHand(KEY)).toBe(String(stock - issued));
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });

  it('movements, entries, completion, review and posting interleaved: the count stays exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ minute: fc.integer({ min: 1, max: 40 }), qty: fc.integer({ min: 1, max: 3 }), into: fc.boolean() }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 5 }),
        async (s, moves, shrink) => {
          const clock = createManualClock(at(0));
          const st = await engine(20, clock);
          const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
          clock.set(at(60));
          // The counter saw the shelf at minute 20: 20 − shrinkage ± the moves dated at or before it.
          const seen = moves.reduce((sum, m) => (m.minute <= 20 ? sum + (m.into ? m.qty : -m.qty) : sum), 20 - shrink);
          const record = () =>
            st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: String(Math.max(0, seen)), countedAt: at(20), counter: 'li' });
          const movement = (i: number) => {
            const m = moves[i]!;
            const line = m.into ? { sku: 'A', from: 'WH1/B/01', to: 'WH1/A/01', qty: String(m.qty) } : { sku: 'A', from: 'WH1/A/01', to: 'WH1/A/02', qty: String(m.qty) };
            return { id: `mv-${i}`, kind: 'transfer' as const, occurredAt: at(m.minute), actor: 'picker', lines: [line] };
          };
          await st.ledger.post({ id: 'stock-b', kind: 'receipt', occurredAt: at(0), actor: 'dock', lines: [{ sku: 'A', to: 'WH1/B/01', qty: '100' }] });
          fc.pre(seen >= 0); // at most 6 moves of 3 each: the book (20) never runs short, whatever the order
          const tasks = [
            ...moves.map((_, i) => s.schedule(Promise.resolve(`move ${i}`)).then(() => st.ledger.post(movement(i)))),
            s.schedule(Promise.resolve('record')).then(() => settle(record())),
            s.schedule(Promise.resolve('record again')).then(() => settle(record())),
            s.schedule(Promise.resolve('complete 01')).then(() => st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at(20) })),
            s.schedule(Promise.resolve('complete 02')).then(() => st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at(20) })),
          ];
          await s.waitAll();
          const outcomes = await Promise.all(tasks);
          // A retried entry is stored once; an entry arriving after its location was completed is refused.
          const recorded = outcomes.slice(moves.length, moves.length + 2) as Array<{ result?: string; error?: string }>;
          for (const outcome of recorded) expect(['created', 'exists', 'invalid_state']).toContain(outcome.result ?? outcome.error);
          const created = recorded.filter((outcome) => outcome.result === 'created').length;
          expect(created).toBeLessThanOrEqual(1);
          expect(await st.counts.entries(session.id)).toHaveLength(created);
          // Resolve what needs it, then race posting against one more late movement dated before the count.
          let review = await st.counts.review(session.id);
          for (let round = 0; review.state === 'counting' && round < 3; round++) {
            for (const task of review.recountTasks) {
              const line = review.lines.find((l) => l.location === task.locations[0])!;
              const counter = task.assignee ?? 'chen';
              await st.counts.record(session.id, { entryId: `r-${round}-${line.location}`, ...line.key, qty: String(new D(line.expected).plus(-shrink * Number(line.location === KEY.location)).toFixed()), countedAt: at(50 + round), counter });
              for (const location of task.locations) await st.counts.completeLocation(session.id, location, { actor: counter, at: at(50 + round) });
            }
            review = await st.counts.review(session.id);
          }
          for (const line of review.lines.filter((l) => l.status === 'needs_decision' || l.status === 'ambiguous')) {
            await st.counts.decide(session.id, { key: line.key, qty: line.counted, actor: 'boss' });
          }
          await st.counts.review(session.id);
          await st.counts.approve(session.id, { actor: 'zhao' });
          const late = { id: 'late', kind: 'issue' as const, occurredAt: at(10), actor: 'picker', lines: [{ sku: 'A', from: 'WH1/A/01', qty: '1' }] };
          const posting = s.schedule(Promise.resolve('post')).then(() => settle(st.counts.post(session.id, { actor: 'zhao' })));
          const lateResult = s.schedule(Promise.resolve('late movement')).then(() => st.ledger.post(late));
          await s.waitAll();
          const [posted, lateOutcome] = await Promise.all([posting, lateResult]);
          // Either the count posted first and the late movement is refused as back-dated, or the
          // movement came first and the count refuses to post a stale review. Never both.
          if ('error' in posted) {
            expect(posted.error).toBe('stale_review');
            expect(lateOutcome.result).toBe('created');
          } else {
            expect(lateOutcome.result === 'backdated' || lateOutcome.result === 'insufficient_stock').toBe(true);
            // After posting, the book as of each key's count time is what was counted.
            for (const record of await st.counts.countRecords()) {
              expect(await st.ledger.onHand(record.key, { asOf: record.countedAt })).toBe(record.qty);
            }
          }
          // Every balance equals the replay of the log.
          const replay = new Map<string, InstanceType<typeof D>>();
          for (const m of await st.ledger.movements()) {
            for (const line of m.lines) {
              if (line.from) replay.set(line.from, (replay.get(line.from) ?? new D(0)).minus(line.qty));
              if (line.to) replay.set(line.to, (replay.get(line.to) ?? new D(0)).plus(line.qty));
            }
          }
          for (const balance of await st.ledger.balances({ includeZero: true })) {
            expect(balance.qty).toBe((replay.get(balance.key.location) ?? new D(0)).toFixed());
            expect(new D(balance.qty).isNegative()).toBe(false);
          }
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
