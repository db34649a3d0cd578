/**
 * Plans the planner made are frozen and remembered, so a plan evaluated right after it was made
 * (as in simulations, or a caller that keeps the plan object) is not validated again. A plan that
 * comes back from storage as JSON is a new object and is validated.
 *
 * @module
 */
import { deepFreeze } from '../../freeze.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { inventorySamplePlanSchema } from './schemas.js';
import type { InventorySamplePlan } from './types.js';

const made = new WeakSet<object>();

/** Freezes a plan the planner made and remembers it as valid. @internal */
export function trustPlan<P extends InventorySamplePlan>(plan: P): P {
  made.add(deepFreeze(plan));
  return plan;
}

/**
 * A plan as input: the planner's own frozen plan as it is, anything else validated.
 *
 * @internal
 */
export function readPlan(plan: DeepReadonly<InventorySamplePlan>): InventorySamplePlan {
  if (typeof plan === 'object' && plan !== null && made.has(plan)) return plan as InventorySamplePlan;
  return parseInput(inventorySamplePlanSchema, plan, ['plan']) as InventorySamplePlan;
}
