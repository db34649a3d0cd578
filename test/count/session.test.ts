import { describe, expect, it } from 'vitest';
import { approveSession, cancelSession, closeRound, markPosted, startCounting } from '../../src/count/session.js';
import { isStocktakeError, type CountSession } from '../../src/index.js';

const base = { id: 's', version: 1, state: 'draft', round: 1, tasks: [], overrides: [], decisions: {} } as unknown as CountSession;
const inState = (state: CountSession['state']) => ({ ...base, state }) as CountSession;

function refused(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isStocktakeError(error) ? error.code : 'other';
  }
  return undefined;
}

describe('session lifecycle (pure)', () => {
  it('draft → counting → reviewing → approved → posted', () => {
    const counting = startCounting(base, '2026-03-02T08:00:00.000Z');
    expect(counting.state).toBe('counting');
    const reviewing = closeRound(counting, [], '2026-03-02T09:00:00.000Z');
    expect(reviewing).toMatchObject({ state: 'reviewing', reviewStartedAt: '2026-03-02T09:00:00.000Z' });
    const approved = approveSession(reviewing, { actor: 'zhao', at: 't', fingerprint: 'f', reasons: {} });
    expect(approved.state).toBe('approved');
    expect(markPosted(approved, { actor: 'zhao', at: 't', movementIds: [], confirmations: 0 }).state).toBe('posted');
    expect(base.state).toBe('draft'); // inputs are never mutated
  });

  it('a round with recounts keeps counting in the next round', () => {
    const next = closeRound(inState('counting'), [{ id: 't2', round: 2, locations: ['WH1/A/01'], excludedCounters: ['li'] }], 'now');
    expect(next).toMatchObject({ state: 'counting', round: 2 });
    expect(next.tasks).toHaveLength(1);
  });

  it('commands in the wrong state are refused with invalid_state', () => {
    expect(refused(() => startCounting(inState('counting'), 'now'))).toBe('invalid_state');
    expect(refused(() => approveSession(inState('counting'), { actor: 'a', at: 't', fingerprint: 'f', reasons: {} }))).toBe('invalid_state');
    expect(refused(() => markPosted(inState('reviewing'), { actor: 'a', at: 't', movementIds: [], confirmations: 0 }))).toBe('invalid_state');
    expect(refused(() => cancelSession(inState('posted'), { actor: 'a', at: 't', reason: 'r' }))).toBe('invalid_state');
    expect(refused(() => cancelSession(inState('counting'), { actor: 'a', at: 't', reason: 'r' }))).toBeUndefined();
  });
});
