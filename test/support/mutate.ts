import fc from 'fast-check';

/**
 * Bad input for validation properties: a valid input with the value at one random path (or the
 * whole input) replaced by arbitrary JSON. Most results are invalid somewhere specific, which
 * exercises the error path more sharply than arbitrary JSON alone.
 */
export function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>): void => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(valid, []);
  return fc.tuple(fc.constantFrom(...paths), fc.jsonValue()).map(([path, replacement]) => {
    if (path.length === 0) return replacement;
    const copy = structuredClone(valid) as Record<string | number, unknown>;
    let node = copy;
    for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    node[path[path.length - 1]!] = replacement;
    return copy;
  });
}
