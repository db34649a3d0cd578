/**
 * The memory store's compact postings: a posting derived from its movement's line is rebuilt
 * field for field when read; any posting that differs from what its line gives is kept as given.
 */
import { describe, expect, it } from 'vitest';
import type { StockKey } from '../../../src/ledger/key.js';
import type { Movement, Posting } from '../../../src/ledger/types.js';
import { KeyPostings } from '../../../src/storage/memory/postings.js';
import type { Instant } from '../../../src/time.js';

const AT = '2026-03-02T10:00:00.000Z' as Instant;
const LATER = '2026-03-02T11:00:00.000Z' as Instant;
const from: StockKey = { sku: 'A', location: 'WH1/A/01' };
const to: StockKey = { sku: 'A', location: 'WH1/A/02' };
const movement: Movement = {
  seq: 7,
  id: 'mv-1',
  kind: 'transfer',
  occurredAt: AT,
  recordedAt: LATER,
  actor: 'li',
  fingerprint: '{}',
  lines: [
    { sku: 'B', to: 'WH1/A/01', qty: '1' },
    { sku: 'A', from: 'WH1/A/01', to: 'WH1/A/02', qty: '2.5' },
  ],
};
const posting = (key: StockKey, delta: string, overrides: Partial<Omit<Posting, 'seq'>> = {}): Omit<Posting, 'seq'> => ({
  movementId: 'mv-1',
  lineIndex: 1,
  key,
  delta,
  occurredAt: AT,
  recordedAt: LATER,
  kind: 'transfer',
  actor: 'li',
  ...overrides,
});

describe('KeyPostings', () => {
  it('rebuilds postings derived from their line, both sides, with the shared key and the movement seq', () => {
    const outgoing = new KeyPostings(from);
    outgoing.append(movement, posting({ ...from }, '-2.5'));
    const incoming = new KeyPostings(to);
    incoming.append(movement, posting(to, '2.5'));
    expect(outgoing.at(0)).toStrictEqual({ seq: 7, ...posting(from, '-2.5') });
    expect(outgoing.at(0).key).toBe(from);
    expect(incoming.at(0)).toStrictEqual({ seq: 7, ...posting(to, '2.5') });
    expect(Object.keys(incoming.at(0))).toEqual(['seq', 'movementId', 'lineIndex', 'key', 'delta', 'occurredAt', 'recordedAt', 'kind', 'actor']);
    expect([outgoing.delta(0), outgoing.occurredAt(0), outgoing.kind(0), outgoing.length]).toEqual(['-2.5', AT, 'transfer', 1]);
  });

  it('keeps as given a posting that differs from its line in any field', () => {
    const odd: Array<Omit<Posting, 'seq'>> = [
      posting(to, '2.50'),
      posting(to, '-2.5'),
      posting(from, '2.5'),
      posting(from, '+2.5'),
      posting(from, '-12.5'),
      posting(to, '3'),
      posting(to, '2.5', { lineIndex: 5 }),
      posting(to, '2.5', { movementId: 'mv-2' }),
      posting(to, '2.5', { occurredAt: LATER }),
      posting(to, '2.5', { recordedAt: AT }),
      posting(to, '2.5', { kind: 'receipt' }),
      posting(to, '2.5', { actor: 'mo' }),
      posting({ ...to, lot: 'L1' }, '2.5'),
      posting({ ...to, serial: 'S1' }, '2.5'),
      posting({ sku: 'A', location: 'WH1/A/02', lot: undefined } as unknown as StockKey, '2.5'),
      posting({ ...to, sku: 'B' }, '2.5'),
      posting({ ...to, location: 'WH1/A/03' }, '2.5'),
    ];
    for (const given of odd) {
      const list = new KeyPostings(given === odd[2] || given === odd[3] || given === odd[4] ? from : to);
      list.append(movement, given);
      expect(list.at(0)).toStrictEqual({ seq: 7, ...given });
      expect(list.at(0).key).toBe(given.key);
      expect(list.delta(0)).toBe(given.delta);
      expect(list.occurredAt(0)).toBe(given.occurredAt);
      expect(list.kind(0)).toBe(given.kind);
    }
  });

  it('removes exactly the posting an undo step added, wherever later appends left it', () => {
    const list = new KeyPostings(to);
    const first = list.append(movement, posting(to, '2.5'));
    const second = list.append({ ...movement, seq: 8 }, posting(to, '2.5'));
    const third = list.append(movement, posting(to, '2.5', { actor: 'mo' }));
    first();
    expect([list.length, list.at(0).seq, list.at(1).actor]).toEqual([2, 8, 'mo']);
    third();
    expect([list.length, list.at(0).seq]).toEqual([1, 8]);
    second();
    expect(list.length).toBe(0);
    second();
    expect(list.length).toBe(0);
  });
});
