/**
 * Tells whether a location lies in a subtree: the subtree root itself or any path below it.
 * `WH1/A` contains `WH1/A/01` but not `WH1/AB`.
 *
 * @param location - a location path
 * @param subtree - the subtree's root path
 * @returns true when `location` is `subtree` or below it
 * @example
 * ```ts
 * isWithin('WH1/A/01/3', 'WH1/A'); // true
 * isWithin('WH1/AB', 'WH1/A');     // false
 * ```
 */
export function isWithin(location: string, subtree: string): boolean {
  return location === subtree || location.startsWith(`${subtree}/`);
}

/**
 * Lists a path and its ancestors, nearest first.
 *
 * @param location - a location path
 * @returns `['WH1/A/01', 'WH1/A', 'WH1']` for `WH1/A/01`
 * @example
 * ```ts
 * ancestorsOf('WH1/A/01'); // ['WH1/A/01', 'WH1/A', 'WH1']
 * ```
 */
export function ancestorsOf(location: string): string[] {
  const segments = location.split('/');
  return segments.map((_, index) => segments.slice(0, segments.length - index).join('/'));
}

/**
 * Orders location paths for walking: segment by segment, numbers by value (`2` before `10`).
 *
 * @param a - a location path
 * @param b - another location path
 * @returns negative, zero or positive as for `Array.prototype.sort`
 * @example
 * ```ts
 * ['WH1/A/10', 'WH1/A/2'].sort(compareLocationPaths); // ['WH1/A/2', 'WH1/A/10']
 * ```
 */
export function compareLocationPaths(a: string, b: string): number {
  return pathCollator.compare(a.replaceAll('/', '\u0000'), b.replaceAll('/', '\u0000'));
}

const pathCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
