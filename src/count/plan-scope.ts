import type { PlanDay } from '../policy/cycle-plan.js';

/**
 * Turns a day of a cycle-count plan into the scope of a count session. A plan over items gives
 * their skus (every location holding them is counted); a plan over locations (rolling counts by
 * zone or bin) gives those location subtrees.
 *
 * @param day - a day of `planCycleCounts(...)`, e.g. `plan.day('2027-03-01')`
 * @param planOf - what the plan's key ids are: `items` (skus) or `locations` (paths)
 * @returns a scope for `counts.open`
 * @example
 * ```ts
 * const plan = planCycleCounts({ keys: items.map((i) => ({ id: i.sku, class: i.abcClass })), ... });
 * await st.counts.open({ mode: 'cycle', scope: scopeFromPlanDay(plan.day('2027-03-01')!, 'items'), actor: 'zhao' });
 * ```
 */
export function scopeFromPlanDay(day: Pick<PlanDay, 'keys'>, planOf: 'items' | 'locations'): { skus: string[] } | { locations: string[] } {
  return planOf === 'items' ? { skus: [...day.keys] } : { locations: [...day.keys] };
}
