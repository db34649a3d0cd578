import { describe, expect, it } from 'vitest';
import { approvalLimitOf, isStocktakeError, type ApprovalLimits } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

const LIMITS: ApprovalLimits = {
  default: { line: '20', session: '50' },
  byActor: { zhao: { line: '1000', session: '5000' }, chen: { session: '40' } },
};

/**
 * 100 A-100 (2.50 each) at WH1/A/01 and 50 m of B-200 (0.80 each) at WH1/A/02; li counts 90 and
 * 40: variance values −25 and −8, total 33. Tolerances let every line through to approval.
 */
async function reviewed(limits: ApprovalLimits = LIMITS) {
  const world = await smallWarehouse({ policies: { tolerance: () => true, approvalLimits: limits } });
  const { st, clock } = world;
  clock.set(at('07:00'));
  await st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }, { sku: 'B-200', to: 'WH1/A/02', qty: '50' }] });
  clock.set(at('08:00'));
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '90', countedAt: at('09:00'), counter: 'li' });
  await st.counts.record(session.id, { entryId: 'e2', sku: 'B-200', location: 'WH1/A/02', qty: '40', countedAt: at('09:00'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li' });
  expect((await st.counts.review(session.id)).state).toBe('reviewing');
  return { ...world, session };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isStocktakeError(error)) return { code: error.code, path: error.path, details: error.details };
    throw error;
  }
  throw new Error('expected a StocktakeError');
}

describe('approval limits by value', () => {
  it('an approver whose line limit is exceeded is refused with the lines over it; one with a higher limit approves', async () => {
    const { st, session } = await reviewed();
    const refused = await refusal(st.counts.approve(session.id, { actor: 'wang' }));
    expect(refused).toEqual({
      code: 'approval_limit_exceeded',
      path: ['actor'],
      details: { actor: 'wang', limit: { line: '20', session: '50' }, lines: [{ key: { sku: 'A-100', location: 'WH1/A/01' }, value: '25' }], sessionTotal: '33' },
    });
    expect((await st.counts.get(session.id)).state).toBe('reviewing');
    expect((await st.audit.list()).some((event) => event.action === 'count.approve')).toBe(false);
    const approved = await st.counts.approve(session.id, { actor: 'zhao' });
    expect(approved).toMatchObject({ state: 'approved', approval: { actor: 'zhao' } });
  });

  it('the session limit is on the total of absolute variance values', async () => {
    const { st, session } = await reviewed({ byActor: { chen: { session: '30' }, sun: { session: '33' } } });
    const refused = await refusal(st.counts.approve(session.id, { actor: 'chen' }));
    expect(refused).toMatchObject({ code: 'approval_limit_exceeded', details: { lines: [], sessionTotal: '33', limit: { session: '30' } } });
    // Exactly at the limit is within it.
    expect((await st.counts.approve(session.id, { actor: 'sun' })).state).toBe('approved');
  });

  it('approvers without limits of their own get the default; no limits at all approves anything', async () => {
    expect(approvalLimitOf(LIMITS, 'chen')).toEqual({ session: '40' });
    expect(approvalLimitOf(LIMITS, 'nobody')).toEqual({ line: '20', session: '50' });
    expect(approvalLimitOf({}, 'nobody')).toEqual({});
    expect(approvalLimitOf({ byActor: {} }, 'constructor')).toEqual({});
    const { st, session } = await reviewed({});
    expect((await st.counts.approve(session.id, { actor: 'wang' })).state).toBe('approved');
  });

  it('segregation of duties comes first: a counter with a high limit still may not approve their own count', async () => {
    const { st, session } = await reviewed({ byActor: { li: { line: '1000000' } }, default: { line: '0' } });
    expect((await refusal(st.counts.approve(session.id, { actor: 'li' }))).code).toBe('not_authorized');
    expect((await refusal(st.counts.approve(session.id, { actor: 'wang' }))).code).toBe('approval_limit_exceeded');
  });

  it('bad limits are refused when the engine is created, with the path', () => {
    const bad = (approvalLimits: unknown) => {
      try {
        return smallWarehouse({ policies: { approvalLimits: approvalLimits as ApprovalLimits } });
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return Promise.all([
      expect(bad({ default: { line: '-1' } })).rejects.toMatchObject({ code: 'invalid_input', path: ['options', 'policies', 'approvalLimits', 'default', 'line'] }),
      expect(bad({ byActor: { zhao: { total: '1' } } })).rejects.toMatchObject({ code: 'invalid_input', path: ['options', 'policies', 'approvalLimits', 'byActor', 'zhao', 'total'] }),
    ]);
  });
});
