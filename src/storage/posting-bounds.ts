import { stockKeyId } from '../ledger/key.js';
import type { PostingBound } from './adapter.js';

/**
 * One bound per key, the widest one given: a key asked for twice is read from the earlier of its
 * bounds, and from the beginning when one of them has none. Adapters read each key once, so the
 * answer of `listPostingsFrom` has no duplicate posting.
 *
 * @param bounds - keys with how far back their postings are wanted
 * @returns the bounds by key id, in the order the keys first appear
 * @internal
 */
export function widestBounds(bounds: readonly PostingBound[]): Map<string, PostingBound> {
  const byKey = new Map<string, PostingBound>();
  for (const bound of bounds) {
    const id = stockKeyId(bound.key);
    const known = byKey.get(id);
    if (known === undefined) byKey.set(id, bound);
    else if (known.occurredFrom !== undefined && (bound.occurredFrom === undefined || bound.occurredFrom < known.occurredFrom)) {
      byKey.set(id, { key: known.key, occurredFrom: bound.occurredFrom });
    }
  }
  return byKey;
}
