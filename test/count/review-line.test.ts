/**
 * A review line and the review's summary in full: every figure, the window, the round behind it,
 * who asserted it, the movements that moved its expected quantity (and which arrived late), and
 * the values the summary adds up.
 */
import { describe, expect, it } from 'vitest';
import { at, smallWarehouse } from '../support/world.js';

describe('count review lines', () => {
  it('gives each line its figures, window, round, asserters and the movements that moved its expectation', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('07:00'));
    await st.ledger.post({
      id: 'rcv-0',
      kind: 'receipt',
      occurredAt: at('07:00'),
      actor: 'dock',
      lines: [
        { sku: 'A-100', to: 'WH1/A/01', qty: '100' },
        { sku: 'A-100', to: 'WH1/A/02', qty: '5' },
        { sku: 'B-200', to: 'WH1/A/02', qty: '12.5' },
      ],
    });
    clock.set(at('08:00'));
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
    // Recorded before the count: it moves the expectation but is not late.
    clock.set(at('08:20'));
    await st.ledger.post({ id: 'rcv-early', kind: 'receipt', occurredAt: at('08:15'), actor: 'dock', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '2' }] });
    clock.set(at('09:10'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '60', countedAt: at('09:00'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/01', qty: '35', countedAt: at('09:10'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e3', sku: 'B-200', location: 'WH1/A/02', qty: '10', countedAt: at('09:05'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e4', sku: 'S-400', serial: 'SN1', location: 'WH1/A/02', qty: '1', countedAt: at('09:06'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:10') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'wang', at: at('09:10') });
    // Paperwork dated before the count, recorded after it: late.
    clock.set(at('09:30'));
    await st.ledger.post({ id: 'ship-1', kind: 'issue', occurredAt: at('08:30'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '3' }] });

    const review = await st.counts.review(session.id);
    // Attribution and the proposed reason are decided elsewhere (src/attribution); the rest is the line.
    const lines = review.lines.map(({ attribution: _attribution, proposedReason: _reason, ...line }) => line);
    const window = (from: string, to: string) => ({ from: at(from), to: at(to) });
    const round = (counted: string, expected: string, variance: string, from: string, to: string, counters: string[], entryIds: string[]) => ({
      round: 1,
      counted,
      expected,
      variance,
      window: window(from, to),
      counters,
      entryIds,
      movementsInWindow: [],
      complete: true,
    });
    const asserted = (who: string) => ({ status: 'recount', round: 1, counters: [who], asserters: [who] });
    expect(lines).toEqual([
      {
        key: { sku: 'A-100', location: 'WH1/A/01' },
        sku: 'A-100',
        location: 'WH1/A/01',
        uom: 'ea',
        bookAtOpen: '100',
        // The book just before 09:00: 100, 2 received at 08:15, 3 shipped at 08:30.
        expected: '99',
        counted: '95',
        variance: '-4',
        variancePercent: '-4.0404',
        varianceValue: '-10',
        unitCost: '2.5',
        window: window('09:00', '09:10'),
        rounds: [round('95', '99', '-4', '09:00', '09:10', ['li'], ['e1', 'e2'])],
        found: false,
        expectedChanges: [
          { movementId: 'rcv-early', delta: '2', occurredAt: at('08:15'), recordedAt: at('08:20'), actor: 'dock', late: false },
          { movementId: 'ship-1', delta: '-3', occurredAt: at('08:30'), recordedAt: at('09:30'), actor: 'wang', late: true },
        ],
        lateMovements: ['ship-1'],
        ...asserted('li'),
      },
      {
        // Nobody counted it: zero, asserted by wang who completed the bin, over the bin's window.
        key: { sku: 'A-100', location: 'WH1/A/02' },
        sku: 'A-100',
        location: 'WH1/A/02',
        uom: 'ea',
        bookAtOpen: '5',
        expected: '5',
        counted: '0',
        variance: '-5',
        variancePercent: '-100',
        varianceValue: '-12.5',
        unitCost: '2.5',
        window: window('09:05', '09:10'),
        rounds: [round('0', '5', '-5', '09:05', '09:10', ['wang'], [])],
        found: false,
        expectedChanges: [],
        lateMovements: [],
        ...asserted('wang'),
      },
      {
        key: { sku: 'B-200', location: 'WH1/A/02' },
        sku: 'B-200',
        location: 'WH1/A/02',
        uom: 'm',
        bookAtOpen: '12.5',
        expected: '12.5',
        counted: '10',
        variance: '-2.5',
        variancePercent: '-20',
        varianceValue: '-2',
        unitCost: '0.8',
        window: window('09:05', '09:05'),
        rounds: [round('10', '12.5', '-2.5', '09:05', '09:05', ['li'], ['e3'])],
        found: false,
        expectedChanges: [],
        lateMovements: [],
        ...asserted('li'),
      },
      {
        // Found where the book holds nothing: no percentage of zero.
        key: { sku: 'S-400', location: 'WH1/A/02', serial: 'SN1' },
        sku: 'S-400',
        location: 'WH1/A/02',
        serial: 'SN1',
        uom: 'ea',
        bookAtOpen: '0',
        expected: '0',
        counted: '1',
        variance: '1',
        variancePercent: null,
        varianceValue: '120',
        unitCost: '120',
        window: window('09:06', '09:06'),
        rounds: [round('1', '0', '1', '09:06', '09:06', ['li'], ['e4'])],
        found: true,
        expectedChanges: [],
        lateMovements: [],
        ...asserted('li'),
      },
    ]);
    expect(review.summary).toEqual({
      byStatus: { pending: 0, match: 0, within_tolerance: 0, recount: 4, ambiguous: 0, needs_approval: 0, needs_decision: 0 },
      lines: 4,
      // −10 − 12.5 − 2 + 120, their absolute values, and 99 × 2.5 + 5 × 2.5 + 12.5 × 0.8.
      netValue: '95.5',
      absoluteValue: '144.5',
      expectedValue: '270',
    });
  });
});
