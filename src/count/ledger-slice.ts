import { stockKeyId } from '../ledger/key.js';
import type { Balance, Posting } from '../ledger/types.js';
import type { StorageTransaction } from '../storage/adapter.js';
import type { Instant } from '../time.js';

/**
 * Loads the ledger slice a review needs: current balances at the session's locations and the
 * postings there that happened at or after `occurredFrom` or were recorded after `recordedAfter`.
 * One query each, on the locations' nearest common ancestor (every location when they share
 * none), filtered to the locations afterwards: the cost stays linear in the slice, however many
 * zones the scope spans.
 *
 * @internal
 */
export async function loadLedgerSlice(
  tx: StorageTransaction,
  locations: readonly string[],
  occurredFrom: Instant,
  recordedAfter: Instant,
): Promise<{ balances: Balance[]; postings: Posting[] }> {
  const wanted = new Set(locations);
  const root = commonAncestor(locations);
  const balances = (await tx.listBalances({ location: root, includeZero: true })).filter((b) => wanted.has(b.key.location));
  const occurred = await tx.listPostings({ location: root, occurredFrom });
  const recorded = await tx.listPostings({ location: root, recordedAfter });
  const postings = new Map<string, Posting>();
  for (const posting of [...occurred, ...recorded]) {
    if (!wanted.has(posting.key.location)) continue;
    if (posting.occurredAt < occurredFrom && posting.recordedAt <= recordedAfter) continue;
    postings.set(`${posting.movementId}\u0000${posting.lineIndex}\u0000${stockKeyId(posting.key)}`, posting);
  }
  return { balances, postings: [...postings.values()].sort((a, b) => a.seq - b.seq) };
}

/** The deepest path every location lies in (`WH1/A` for `WH1/A/01` and `WH1/A/02/3`), or none. */
function commonAncestor(locations: readonly string[]): string | undefined {
  const [first, ...rest] = locations.map((location) => location.split('/'));
  if (!first) return undefined;
  let depth = first.length;
  for (const segments of rest) {
    let shared = 0;
    while (shared < depth && shared < segments.length && segments[shared] === first[shared]) shared++;
    depth = shared;
  }
  return depth === 0 ? undefined : first.slice(0, depth).join('/');
}
