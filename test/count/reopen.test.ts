import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStocktakeError, reopenLocationInputSchema, type Stocktake } from '../../src/index.js';
import { mutated } from '../support/mutate.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';

const KEY = { sku: 'A-100', location: 'WH1/A/01' };

async function refusal(promise: Promise<unknown>): Promise<{ code: string; path: readonly (string | number)[] }> {
  try {
    await promise;
  } catch (error) {
    if (isStocktakeError(error)) return { code: error.code, path: error.path };
    throw error;
  }
  throw new Error('expected a StocktakeError');
}

/** 100 of A-100 in WH1/A/01; li counts 90 there (within a 20 % tolerance) and completes zone A at 09:00. */
async function completedZone() {
  const world = await smallWarehouse({ policies: { tolerance: { byClass: { A: { percent: '20' } } } } });
  const { st, clock } = world;
  clock.set(at('07:00'));
  await st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
  clock.set(at('08:00'));
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '90', countedAt: at('09:00'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:00') });
  clock.set(at('09:30'));
  return { ...world, session };
}

async function marksOf(st: Stocktake, sessionId: string): Promise<string[]> {
  const review = await st.counts.review(sessionId);
  return review.openLocations.map((location) => `open:${location}`);
}

describe('reopening a completed location', () => {
  it('a supervisor reopens a location completed by mistake: entries stay, the mark goes, the location is counted again in the same round', async () => {
    const { st, clock, session } = await completedZone();
    const result = await st.counts.reopenLocation(session.id, 'WH1/A/01', { actor: 'zhao', reason: 'the top shelf was not counted' });
    expect(result.reopened).toMatchObject({ location: 'WH1/A/01', status: 'complete', actor: 'li', round: 1 });
    expect(result.session.state).toBe('counting');
    expect(result.session.round).toBe(1);
    expect((await st.counts.entries(session.id)).map((entry) => entry.entryId)).toEqual(['e1']);
    expect(await marksOf(st, session.id)).toEqual(['open:WH1/A/01']);
    // Counted again in round 1: the new entry adds to the old one.
    await st.counts.record(session.id, { entryId: 'e2', ...KEY, qty: '10', countedAt: at('09:30'), counter: 'li' });
    clock.set(at('09:40'));
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:40') });
    const review = await st.counts.review(session.id);
    expect(review.round).toBe(1);
    expect(review.lines.find((line) => line.sku === 'A-100')).toMatchObject({ counted: '100', variance: '0', status: 'match' });
    const audit = (await st.audit.list()).filter((event) => event.action === 'count.reopen');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'zhao', subject: session.id, data: { location: 'WH1/A/01', round: 1, reason: 'the top shelf was not counted' } });
    expect((await st.audit.verify()).ok).toBe(true);
  });

  it('a counter cannot reopen their own completion (segregation of duties), and nothing changes', async () => {
    const { st, session } = await completedZone();
    const before = (await st.audit.list()).length;
    expect(await refusal(st.counts.reopenLocation(session.id, 'WH1/A/01', { actor: 'li', reason: 'I missed a shelf' }))).toEqual({ code: 'not_authorized', path: ['actor'] });
    expect((await st.audit.list()).length).toBe(before);
    expect(await marksOf(st, session.id)).toEqual([]);
  });

  it('a custom authorize hook decides who may reopen, with the completer among the counters it is given', async () => {
    const seen: Array<{ actor: string; counters: readonly string[] }> = [];
    const world = await smallWarehouse({
      policies: {
        authorize: (request) => {
          if (request.action === 'count.reopen') seen.push({ actor: request.actor, counters: request.counters });
          return request.action !== 'count.reopen' || request.actor === 'boss';
        },
      },
    });
    const session = await world.st.counts.open({ scope: { locations: ['WH1/A/02'] }, actor: 'zhao', counters: ['li'] });
    await world.st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li' });
    expect((await refusal(world.st.counts.reopenLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'recheck' }))).code).toBe('not_authorized');
    await world.st.counts.reopenLocation(session.id, 'WH1/A/02', { actor: 'boss', reason: 'recheck' });
    expect(seen).toEqual([
      { actor: 'zhao', counters: ['li'] },
      { actor: 'boss', counters: ['li'] },
    ]);
  });

  it('reopening after the round closed sends the session back to counting and drops the approval', async () => {
    const { st, session } = await completedZone();
    expect((await st.counts.review(session.id)).state).toBe('reviewing');
    await st.counts.approve(session.id, { actor: 'zhao' });
    const { session: reopened } = await st.counts.reopenLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'a pallet was hidden' });
    expect(reopened.state).toBe('counting');
    expect(reopened.approval).toBeUndefined();
    expect(reopened.reviewStartedAt).toBeUndefined();
    expect((await refusal(st.counts.approve(session.id, { actor: 'zhao' }))).code).toBe('incomplete_locations');
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'wang' });
    expect((await st.counts.review(session.id)).state).toBe('reviewing');
  });

  it('an excluded location reopens too, and can then be counted', async () => {
    const { st, session } = await completedZone();
    await st.counts.reopenLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'to exclude instead' });
    await st.counts.excludeLocation(session.id, 'WH1/A/02', { actor: 'wang', reason: 'blocked aisle' });
    const { reopened } = await st.counts.reopenLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'aisle cleared' });
    expect(reopened).toMatchObject({ status: 'excluded', actor: 'wang', reason: 'blocked aisle' });
  });

  it('refusals are typed and name the field; nothing is written', async () => {
    const { st, clock, session } = await completedZone();
    const before = (await st.audit.list()).length;
    const reopen = (location: string, input: Record<string, unknown>, id = session.id) =>
      refusal(st.counts.reopenLocation(id, location, input as { actor: string; reason: string }));
    expect(await reopen('WH1/B/01', { actor: 'zhao', reason: 'x' })).toEqual({ code: 'out_of_scope', path: ['location'] });
    expect(await reopen('WH1//A', { actor: 'zhao', reason: 'x' })).toEqual({ code: 'invalid_input', path: ['location'] });
    expect(await reopen('WH1/A/01', { actor: 'zhao', reason: '' })).toEqual({ code: 'invalid_input', path: ['reason'] });
    expect(await reopen('WH1/A/01', { actor: 'zhao' })).toEqual({ code: 'invalid_input', path: ['reason'] });
    expect(await reopen('WH1/A/01', { actor: 'zhao', reason: 'x' }, 'nope')).toEqual({ code: 'session_not_found', path: ['sessionId'] });
    expect(await reopen('WH1/A/01', { actor: 'zhao', reason: 'x', at: at('08:30') })).toEqual({ code: 'invalid_input', path: ['at'] });
    expect(await reopen('WH1/A/01', { actor: 'zhao', reason: 'x', at: at('11:00') })).toEqual({ code: 'invalid_input', path: ['at'] });
    clock.set(at('09:30'));
    await st.counts.reopenLocation(session.id, 'WH1/A/01', { actor: 'zhao', reason: 'recount' });
    // A retry finds nothing left to reopen.
    expect(await reopen('WH1/A/01', { actor: 'zhao', reason: 'recount' })).toEqual({ code: 'invalid_state', path: ['location'] });
    expect((await st.audit.list()).length).toBe(before + 1);
  });

  it('a posted or cancelled session refuses reopening with invalid_state', async () => {
    const { st, session } = await completedZone();
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    const refused = await refusal(st.counts.reopenLocation(session.id, 'WH1/A/01', { actor: 'zhao', reason: 'too late' }));
    expect(refused.code).toBe('invalid_state');
  });

  it('property: input the schema refuses is refused with invalid_input at the schema path, and nothing is written', async () => {
    const { st, session } = await completedZone();
    const before = (await st.audit.list()).length;
    await fc.assert(
      fc.asyncProperty(mutated({ actor: 'zhao', reason: 'recount' }), async (input) => {
        const parsed = reopenLocationInputSchema.safeParse(input);
        fc.pre(!parsed.success);
        const refused = await refusal(st.counts.reopenLocation(session.id, 'WH1/A/01', input as { actor: string; reason: string }));
        expect(refused).toEqual({ code: 'invalid_input', path: parsed.error!.issues[0]!.path });
      }),
      { numRuns: propertyRuns(60) },
    );
    expect((await st.audit.list()).length).toBe(before);
  });
});
