/**
 * Freezes a value and everything it holds, stopping at what is frozen already (shared parts
 * such as stock keys are frozen once). For plain data: arrays and objects' own enumerable
 * properties.
 *
 * A loop of its own rather than immer's `freeze(value, true)`, which checks every value for
 * drafts and walks keys through `Reflect.ownKeys`: a review hands out one frozen line per key,
 * and this is about two and a half times faster on them.
 *
 * @internal
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const element of value) deepFreeze(element);
  } else {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
