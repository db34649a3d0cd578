import { describe, expect, it } from 'vitest';
import { isStocktakeError, type ReviewLine, type Stocktake } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

type World = Awaited<ReturnType<typeof smallWarehouse>>;

async function receive(st: Stocktake, id: string, sku: string, location: string, qty: string, occurredAt: string, actor = 'li') {
  const result = await st.ledger.post({ id, kind: 'receipt', occurredAt, actor, lines: [{ sku, to: location, qty }] });
  expect(result.result).toBe('created');
}

/** Opens a count of zone A, records the entries at 09:00 by `counter`, completes both bins and reviews. */
async function countZoneA(
  world: World,
  entries: ReadonlyArray<{ sku: string; location: string; qty: string; uom?: string }>,
  options: { counter?: string; purpose?: 'regular' | 'baseline'; countedAt?: string } = {},
) {
  const { st, clock } = world;
  const counter = options.counter ?? 'li';
  const countedAt = options.countedAt ?? at('09:00');
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: [counter, counter === 'li' ? 'wang' : 'li'], purpose: options.purpose ?? 'regular' });
  clock.set(countedAt);
  for (const [index, entry] of entries.entries()) {
    await st.counts.record(session.id, { entryId: `e${index}`, ...entry, countedAt, counter });
  }
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: counter, at: countedAt });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: counter, at: countedAt });
  const review = await st.counts.review(session.id, { actor: 'zhao' });
  return { session, review };
}

function lineOf(lines: readonly ReviewLine[], sku: string, location: string): ReviewLine {
  const line = lines.find((candidate) => candidate.sku === sku && candidate.location === location);
  if (!line) throw new Error(`no line for ${sku} at ${location}`);
  return line;
}

describe('attribution scenarios: the right explanation for each category', () => {
  it('+5 in bin 1 and −5 in bin 2 of the same item is a misplacement with both lines as evidence', async () => {
    const world = await smallWarehouse();
    await receive(world.st, 'rcv-1', 'A-100', 'WH1/A/01', '20', at('07:00'), 'wang');
    await receive(world.st, 'rcv-2', 'A-100', 'WH1/A/02', '20', at('07:10'), 'chen');
    const { review } = await countZoneA(world, [
      { sku: 'A-100', location: 'WH1/A/01', qty: '25' },
      { sku: 'A-100', location: 'WH1/A/02', qty: '15' },
    ]);
    const gain = lineOf(review.lines, 'A-100', 'WH1/A/01');
    const loss = lineOf(review.lines, 'A-100', 'WH1/A/02');
    expect(gain.variance).toBe('5');
    expect(loss.variance).toBe('-5');
    const top = gain.attribution!.candidates[0]!;
    expect(top).toMatchObject({ category: 'misplacement', explainedQty: '5', evidence: { lines: [{ sku: 'A-100', location: 'WH1/A/02' }] } });
    expect([...top.evidence.entryIds].sort()).toEqual(['e0', 'e1']);
    expect([...top.evidence.movementIds].sort()).toEqual(['rcv-1', 'rcv-2']);
    expect([...top.responsible].sort()).toEqual(['chen', 'wang']);
    expect(top.suggestion).toMatchObject({ kind: 'transfer', sku: 'A-100', from: 'WH1/A/02', to: 'WH1/A/01', qty: '5' });
    expect(top.confidence).toBe(0.85);
    expect(loss.attribution!.candidates).toEqual([
      expect.objectContaining({ category: 'misplacement', explainedQty: '5', evidence: expect.objectContaining({ lines: [{ sku: 'A-100', location: 'WH1/A/01' }] }) }),
    ]);
    expect(gain.proposedReason).toBe('misplaced');
    expect(loss.proposedReason).toBe('misplaced');
  });

  it('a partial offset explains the smaller quantity; the rest is shrinkage', async () => {
    const world = await smallWarehouse();
    await receive(world.st, 'rcv-1', 'A-100', 'WH1/A/01', '20', at('07:00'), 'wang');
    await receive(world.st, 'rcv-2', 'A-100', 'WH1/A/02', '20', at('07:10'), 'chen');
    await world.st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['sun'], from: at('06:00'), actor: 'zhao' });
    const { review } = await countZoneA(world, [
      { sku: 'A-100', location: 'WH1/A/01', qty: '23' },
      { sku: 'A-100', location: 'WH1/A/02', qty: '12' },
    ]);
    const loss = lineOf(review.lines, 'A-100', 'WH1/A/02');
    expect(loss.attribution!.explainedQty).toBe('8');
    expect(loss.attribution!.candidates.map((c) => [c.category, c.explainedQty, c.confidence])).toEqual([
      ['misplacement', '3', 0.32],
      ['shrinkage', '5', 0.31],
    ]);
    expect(loss.attribution!.candidates[1]!.responsible).toEqual(['sun']);
    const gain = lineOf(review.lines, 'A-100', 'WH1/A/01');
    expect(gain.attribution!.candidates.map((c) => [c.category, c.explainedQty])).toEqual([['misplacement', '3']]);
  });

  it('counted 1 where 12 are expected for an item packed by 12 is a unit-of-measure error of the counter', async () => {
    const world = await smallWarehouse();
    await receive(world.st, 'rcv-1', 'A-100', 'WH1/A/01', '12', at('07:00'));
    const { review } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '1' }], { counter: 'wang' });
    const line = lineOf(review.lines, 'A-100', 'WH1/A/01');
    expect(line.variance).toBe('-11');
    expect(line.attribution!.candidates[0]).toMatchObject({
      category: 'uom_error',
      explainedQty: '11',
      confidence: 0.85,
      responsible: ['wang'],
      evidence: { entryIds: ['e0'] },
      suggestion: { kind: 'correct_unit' },
    });
    expect(line.proposedReason).toBe('uom_error');
  });

  it('a case entered where eaches stood is a unit error the other way', async () => {
    const world = await smallWarehouse();
    await receive(world.st, 'rcv-1', 'A-100', 'WH1/A/01', '2', at('07:00'));
    const { review } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '2', uom: 'case' }]);
    const line = lineOf(review.lines, 'A-100', 'WH1/A/01');
    expect(line.variance).toBe('22');
    expect(line.attribution!.candidates[0]).toMatchObject({ category: 'uom_error', explainedQty: '22', responsible: ['li'] });
  });

  it('a recount that overrules the first count is a count error of the first counter', async () => {
    const world = await smallWarehouse();
    const { st, clock } = world;
    await receive(st, 'rcv-1', 'A-100', 'WH1/A/01', '100', at('07:00'));
    const { session, review } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '90' }]);
    expect(lineOf(review.lines, 'A-100', 'WH1/A/01').status).toBe('recount');
    clock.set(at('10:00'));
    await st.counts.record(session.id, { entryId: 'r1', sku: 'A-100', location: 'WH1/A/01', qty: '100', countedAt: at('10:00'), counter: 'wang' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'wang', at: at('10:00') });
    const second = await st.counts.review(session.id);
    const line = lineOf(second.lines, 'A-100', 'WH1/A/01');
    expect(line.status).toBe('match');
    expect(line.attribution!.candidates).toEqual([
      {
        category: 'count_error',
        confidence: 0.9,
        explainedQty: '10',
        evidence: { entryIds: ['e0', 'r1'], movementIds: [], lines: [] },
        responsible: ['li'],
      },
    ]);
    expect(line.attribution!.explainedQty).toBe('0');
    expect(line.proposedReason).toBeUndefined();
  });

  it('a look-alike item with an equal and opposite variance at the same bin is an item mix-up', async () => {
    const world = await smallWarehouse();
    const { st } = world;
    await st.catalog.defineItem({ sku: 'W-10', name: 'Washer M10', baseUom: 'ea', abcClass: 'A', lookAlikes: ['W-12'] });
    await st.catalog.defineItem({ sku: 'W-12', name: 'Washer M12', baseUom: 'ea', abcClass: 'A' });
    await receive(st, 'rcv-1', 'W-10', 'WH1/A/01', '50', at('07:00'), 'wang');
    await receive(st, 'rcv-2', 'W-12', 'WH1/A/01', '50', at('07:00'), 'wang');
    const { review } = await countZoneA(world, [
      { sku: 'W-10', location: 'WH1/A/01', qty: '44' },
      { sku: 'W-12', location: 'WH1/A/01', qty: '56' },
    ]);
    for (const [sku, other] of [['W-10', 'W-12'], ['W-12', 'W-10']] as const) {
      const line = lineOf(review.lines, sku, 'WH1/A/01');
      expect(line.attribution!.candidates[0]).toMatchObject({
        category: 'item_mixup',
        explainedQty: '6',
        confidence: 0.8,
        responsible: ['wang'],
        evidence: { lines: [{ sku: other, location: 'WH1/A/01' }] },
        suggestion: { kind: 'relabel' },
      });
      expect(line.proposedReason).toBe('item_mixup');
    }
  });

  it('a receipt dated just after the count with the variance’s quantity is a cut-off of its poster', async () => {
    const world = await smallWarehouse();
    const { st, clock } = world;
    await receive(st, 'rcv-1', 'A-100', 'WH1/A/01', '100', at('07:00'));
    const { session } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '105' }]);
    clock.set(at('09:20'));
    await receive(st, 'rcv-late', 'A-100', 'WH1/A/01', '5', at('09:10'), 'chen');
    const review = await st.counts.review(session.id);
    const line = lineOf(review.lines, 'A-100', 'WH1/A/01');
    expect(line.variance).toBe('5');
    expect(line.attribution!.candidates[0]).toMatchObject({
      category: 'cutoff',
      explainedQty: '5',
      responsible: ['chen'],
      evidence: { movementIds: ['rcv-late'] },
      suggestion: { kind: 'redate_movement' },
    });
    // 10 minutes after the window of a 120-minute horizon: 0.8 × (1 − 0.5 × 10/120).
    expect(line.attribution!.candidates[0]!.confidence).toBe(0.77);
    expect(line.proposedReason).toBe('cutoff');
  });

  it('a baseline count attributes what nothing else explains to the previous custodian', async () => {
    const world = await smallWarehouse();
    const { st } = world;
    await st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['wang'], from: '2026-03-01T00:00:00.000Z', actor: 'zhao' });
    await receive(st, 'rcv-1', 'A-100', 'WH1/A/01', '100', at('07:00'));
    await st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['sun'], from: at('07:30'), actor: 'zhao' });
    const { review } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '93' }], { purpose: 'baseline' });
    const line = lineOf(review.lines, 'A-100', 'WH1/A/01');
    expect(line.attribution!.candidates).toEqual([
      expect.objectContaining({ category: 'inherited', explainedQty: '7', confidence: 0.6, responsible: ['wang'], evidence: expect.objectContaining({ movementIds: ['rcv-1'] }) }),
    ]);
    expect(line.proposedReason).toBe('inherited');
  });

  it('nothing else: shrinkage, with the custodians since the last good count and that period’s movements', async () => {
    const world = await smallWarehouse({ policies: { tolerance: { byClass: { A: { qty: '100' } } } } });
    const { st, clock } = world;
    await st.catalog.assignCustodians({ location: 'WH1', custodians: ['old'], from: '2026-02-01T00:00:00.000Z', actor: 'zhao' });
    await receive(st, 'rcv-1', 'A-100', 'WH1/A/01', '100', at('06:00'));
    await st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['wang'], from: at('07:10'), actor: 'zhao' });
    clock.set(at('07:15'));
    const first = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '100' }], { countedAt: at('07:20') });
    await st.counts.approve(first.session.id, { actor: 'zhao' });
    await st.counts.post(first.session.id, { actor: 'zhao' });
    clock.set(at('07:40'));
    await st.ledger.post({ id: 'pick-1', kind: 'issue', occurredAt: at('07:40'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '10' }] });
    await st.catalog.assignCustodians({ location: 'WH1/A/01', custodians: ['chen'], from: at('08:10'), actor: 'zhao' });
    clock.set(at('08:20'));
    const { review } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '86' }], { countedAt: at('12:00') });
    const line = lineOf(review.lines, 'A-100', 'WH1/A/01');
    expect(line.variance).toBe('-4');
    expect(line.attribution!.period).toEqual({ from: at('07:20'), to: at('12:00'), lastGoodCount: { sessionId: first.session.id, countedAt: at('07:20') } });
    expect(line.attribution!.candidates).toEqual([
      {
        category: 'shrinkage',
        confidence: 0.5,
        explainedQty: '4',
        evidence: { entryIds: ['e0'], movementIds: ['pick-1'], lines: [] },
        responsible: ['wang', 'chen'],
      },
    ]);
    expect(line.proposedReason).toBe('shrinkage');
  });
});

/** Opens a count of the given locations, records the entries at 09:00 by li, completes every location and reviews. */
async function countLocations(world: World, locations: readonly string[], entries: ReadonlyArray<{ sku: string; location: string; qty: string }>) {
  const { st, clock } = world;
  const session = await st.counts.open({ scope: { locations: [...locations] }, actor: 'zhao', counters: ['li'] });
  clock.set(at('09:00'));
  for (const [index, entry] of entries.entries()) await st.counts.record(session.id, { entryId: `e${index}`, ...entry, countedAt: at('09:00'), counter: 'li' });
  for (const location of locations) await st.counts.completeLocation(session.id, location, { actor: 'li', at: at('09:00') });
  return (await st.counts.review(session.id, { actor: 'zhao' })).lines;
}

describe('attribution: the most confident explanation of each line comes first', () => {
  it('a misplacement at the sibling bin (0.85) is not hidden by a receipt dated 119 minutes before the count (0.4)', async () => {
    const world = await smallWarehouse();
    await receive(world.st, 'rcv-1', 'A-100', 'WH1/A/01', '20', at('06:00'), 'wang');
    await receive(world.st, 'rcv-2', 'A-100', 'WH1/A/02', '20', at('06:00'), 'chen');
    // Dated 119 minutes before the count: it would explain bin 02's −5 had it arrived after the count.
    await receive(world.st, 'rcv-far', 'A-100', 'WH1/A/02', '5', at('07:01'), 'sun');
    const lines = await countLocations(world, ['WH1/A/01', 'WH1/A/02'], [
      { sku: 'A-100', location: 'WH1/A/01', qty: '25' },
      { sku: 'A-100', location: 'WH1/A/02', qty: '20' },
    ]);
    const loss = lineOf(lines, 'A-100', 'WH1/A/02');
    const gain = lineOf(lines, 'A-100', 'WH1/A/01');
    expect(loss.attribution!.candidates.map((c) => [c.category, c.explainedQty, c.confidence])).toEqual([['misplacement', '5', 0.85]]);
    expect(gain.attribution!.candidates.map((c) => [c.category, c.explainedQty, c.confidence])).toEqual([['misplacement', '5', 0.85]]);
    expect(loss.attribution!.candidates[0]!.evidence.lines).toEqual([{ sku: 'A-100', location: 'WH1/A/01' }]);
  });

  it('a mix-up of look-alikes in the same bin (0.8) is not hidden by a pairing with another warehouse (0.75)', async () => {
    const world = await smallWarehouse();
    const { st } = world;
    await st.catalog.defineItem({ sku: 'W-10', baseUom: 'ea', abcClass: 'A', lookAlikes: ['W-12'] });
    await st.catalog.defineItem({ sku: 'W-12', baseUom: 'ea', abcClass: 'A' });
    await st.catalog.defineLocation({ id: 'WH2/A/01' });
    for (const [id, sku, location] of [['r1', 'W-10', 'WH1/A/01'], ['r2', 'W-12', 'WH1/A/01'], ['r3', 'W-10', 'WH2/A/01']] as const) {
      await receive(st, id, sku, location, '50', at('06:00'), 'wang');
    }
    const lines = await countLocations(world, ['WH1/A/01', 'WH2/A/01'], [
      { sku: 'W-10', location: 'WH1/A/01', qty: '44' },
      { sku: 'W-12', location: 'WH1/A/01', qty: '56' },
      { sku: 'W-10', location: 'WH2/A/01', qty: '56' },
    ]);
    const short = lineOf(lines, 'W-10', 'WH1/A/01');
    expect(short.attribution!.candidates.map((c) => [c.category, c.explainedQty, c.confidence, c.evidence.lines])).toEqual([
      ['item_mixup', '6', 0.8, [{ sku: 'W-12', location: 'WH1/A/01' }]],
    ]);
    expect(lineOf(lines, 'W-12', 'WH1/A/01').attribution!.candidates.map((c) => c.category)).toEqual(['item_mixup']);
    // The other warehouse's gain has nothing left to pair with.
    expect(lineOf(lines, 'W-10', 'WH2/A/01').attribution!.candidates.map((c) => [c.category, c.explainedQty])).toEqual([['unexplained', '6']]);
  });

  it('root-level locations (two plants) are not near: a misplacement between them is 0.75, and look-alikes there are no mix-up', async () => {
    const world = await smallWarehouse();
    const { st } = world;
    await st.catalog.defineItem({ sku: 'W-10', baseUom: 'ea', abcClass: 'A', lookAlikes: ['W-12'] });
    await st.catalog.defineItem({ sku: 'W-12', baseUom: 'ea', abcClass: 'A' });
    for (const id of ['PLANT1', 'PLANT2']) await st.catalog.defineLocation({ id });
    for (const [id, sku, location] of [['r1', 'A-100', 'PLANT1'], ['r2', 'A-100', 'PLANT2'], ['r3', 'W-10', 'PLANT1'], ['r4', 'W-12', 'PLANT2']] as const) {
      await receive(st, id, sku, location, '20', at('06:00'), 'wang');
    }
    const lines = await countLocations(world, ['PLANT1', 'PLANT2'], [
      { sku: 'A-100', location: 'PLANT1', qty: '23' },
      { sku: 'A-100', location: 'PLANT2', qty: '17' },
      { sku: 'W-10', location: 'PLANT1', qty: '16' },
      { sku: 'W-12', location: 'PLANT2', qty: '24' },
    ]);
    expect(lineOf(lines, 'A-100', 'PLANT1').attribution!.candidates.map((c) => [c.category, c.confidence])).toEqual([['misplacement', 0.75]]);
    expect(lineOf(lines, 'W-10', 'PLANT1').attribution!.candidates.map((c) => c.category)).toEqual(['shrinkage']);
    expect(lineOf(lines, 'W-12', 'PLANT2').attribution!.candidates.map((c) => c.category)).toEqual(['unexplained']);
  });
});

describe('reason codes', () => {
  async function approvable(options: Parameters<typeof smallWarehouse>[0] = {}) {
    const world = await smallWarehouse({ policies: { tolerance: { byClass: { A: { qty: '100' } } } }, ...options });
    await receive(world.st, 'rcv-1', 'A-100', 'WH1/A/01', '20', at('07:00'));
    const { session, review } = await countZoneA(world, [{ sku: 'A-100', location: 'WH1/A/01', qty: '17' }]);
    return { ...world, session, review };
  }

  async function caught(promise: Promise<unknown>) {
    try {
      await promise;
    } catch (error) {
      if (isStocktakeError(error)) return { code: error.code, type: error.type, path: error.path };
      throw error;
    }
    throw new Error('expected a StocktakeError');
  }

  it('approval confirms the proposal and posting stores it on the adjustment', async () => {
    const { st, session, review } = await approvable();
    expect(review.lines[0]!.proposedReason).toBe('shrinkage');
    const approved = await st.counts.approve(session.id, { actor: 'zhao' });
    expect(Object.values(approved.approval!.reasons)).toEqual(['shrinkage']);
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements[0]!.reasonCode).toBe('shrinkage');
  });

  it('the approver overrides the proposal with a code that fits the sign', async () => {
    const { st, session } = await approvable();
    await st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key: { sku: 'A-100', location: 'WH1/A/01' }, code: 'damage' }] });
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements[0]!.reasonCode).toBe('damage');
  });

  it('an unknown code or one whose sign rule does not fit is invalid input at reasons.N.code', async () => {
    const { st, session } = await approvable();
    const key = { sku: 'A-100', location: 'WH1/A/01' };
    expect(await caught(st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key, code: 'stolen-by-elves' }] }))).toEqual({
      code: 'invalid_input',
      type: 'invalid_input',
      path: ['reasons', 0, 'code'],
    });
    expect(await caught(st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key, code: 'found' }] }))).toMatchObject({
      code: 'invalid_input',
      path: ['reasons', 0, 'code'],
    });
    expect((await st.counts.get(session.id)).state).toBe('reviewing');
  });

  it('a configured list replaces the defaults; a proposal missing from it is not made', async () => {
    const { st, session, review } = await approvable({ policies: { tolerance: { byClass: { A: { qty: '100' } } }, reasonCodes: [{ code: 'loss', label: 'Loss', sign: 'loss' }] } });
    expect(review.lines[0]!.proposedReason).toBeUndefined();
    expect(await caught(st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key: { sku: 'A-100', location: 'WH1/A/01' }, code: 'shrinkage' }] }))).toMatchObject({ path: ['reasons', 0, 'code'] });
    await st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key: { sku: 'A-100', location: 'WH1/A/01' }, code: 'loss' }] });
    expect((await st.counts.post(session.id, { actor: 'zhao' })).movements[0]!.reasonCode).toBe('loss');
  });

  it('a bad reason code list is refused when the engine is created', async () => {
    const { createStocktake } = await import('../../src/index.js');
    for (const reasonCodes of [[], [{ code: 'a', label: 'A', sign: 'up' }], [{ code: 'a', label: 'A', sign: 'gain' }, { code: 'a', label: 'B', sign: 'loss' }]]) {
      expect(() => createStocktake({ policies: { reasonCodes } as never })).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });

  it('attribution is not in the fingerprint: a movement after the window changes the explanation, not the approval', async () => {
    const { st, clock, session, review } = await approvable();
    await st.counts.approve(session.id, { actor: 'zhao' });
    clock.set(at('09:30'));
    await st.ledger.post({ id: 'ship-1', kind: 'issue', occurredAt: at('09:05'), actor: 'chen', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '3' }] });
    const after = await st.counts.review(session.id);
    expect(after.fingerprint).toBe(review.fingerprint);
    expect(after.lines[0]!.attribution!.candidates[0]).toMatchObject({ category: 'cutoff', responsible: ['chen'] });
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements[0]!.reasonCode).toBe('shrinkage');
  });

  it('a posted session’s attribution stays what was posted: a pick after posting does not turn its shrinkage into a cut-off', async () => {
    const { st, clock, session } = await approvable();
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    const filed = await st.counts.report(session.id, { format: 'json' });
    const posted = (await st.counts.review(session.id)).lines[0]!.attribution!.candidates[0];
    expect(posted).toMatchObject({ category: 'shrinkage' });
    // Dated just after the count, with the variance's quantity: before posting it would read as a cut-off.
    clock.set(at('09:30'));
    await st.ledger.post({ id: 'ship-2', kind: 'issue', occurredAt: at('09:05'), actor: 'chen', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '3' }] });
    expect((await st.counts.review(session.id)).lines[0]!.attribution!.candidates[0]).toEqual(posted);
    expect(await st.counts.report(session.id, { format: 'json' })).toBe(filed.replace(/"generatedAt": "[^"]+"/, `"generatedAt": "${at('09:30')}"`));
  });
});
