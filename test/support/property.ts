/**
 * Shared settings for property tests: the run count defaults to what `npm test` can afford and
 * `STOCKTAKE_PROPERTY_RUNS` raises it for soak runs. fast-check prints the seed and the path of a
 * failing run, so `fc.assert(prop, { seed, path })` replays it.
 */
export function propertyRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env['STOCKTAKE_PROPERTY_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? Math.max(fromEnv, defaultRuns) : defaultRuns;
}
