/**
 * `counts.list`: every session, or those in the states asked for; a bad filter is refused with
 * its path and changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStocktakeError } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

describe('counts.list', () => {
  it('lists every session, or only those in the states asked for', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('08:00'));
    const a = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao' });
    const b = await st.counts.open({ scope: { locations: ['WH1/A/02'] }, actor: 'zhao' });
    await st.counts.cancel(b.id, { actor: 'zhao', reason: 'opened twice' });

    expect((await st.counts.list()).map((session) => [session.id, session.state])).toEqual([
      [a.id, 'counting'],
      [b.id, 'cancelled'],
    ]);
    expect((await st.counts.list({ states: ['counting'] })).map((session) => session.id)).toEqual([a.id]);
    expect((await st.counts.list({ states: ['cancelled', 'posted'] })).map((session) => session.id)).toEqual([b.id]);
    expect(await st.counts.list({ states: [] })).toEqual([]);
  });

  it('refuses a filter with an unknown state or field, naming its path', async () => {
    const { st } = await smallWarehouse();
    const bad = fc.oneof(
      fc.record({ states: fc.array(fc.string().filter((state) => !['draft', 'counting', 'reviewing', 'approved', 'posted', 'cancelled'].includes(state)), { minLength: 1, maxLength: 3 }) }),
      fc.record({ state: fc.constant('counting') }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (filter) => {
        const error = await st.counts.list(filter as never).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isStocktakeError(error) && error.code).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path[0]).toBe('filter');
      }),
    );
  });
});

describe('counts.exceptions', () => {
  it('refuses a filter with an unknown status or field, naming its path, as a rejected promise', async () => {
    const { st } = await smallWarehouse();
    expect(await st.counts.exceptions({ status: 'open' })).toEqual([]);
    const bad = fc.oneof(
      fc.record({ status: fc.string().filter((status) => status !== 'open' && status !== 'resolved') }),
      fc.record({ state: fc.constant('open') }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (filter) => {
        const error = await st.counts.exceptions(filter as never).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isStocktakeError(error) && [error.code, error.path[0]]).toEqual(['invalid_input', 'filter']);
      }),
    );
  });
});
