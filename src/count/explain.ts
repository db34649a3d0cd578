import { attributeLines, isAttributableLine } from '../attribution/attribute.js';
import { attributionHistoryFrom } from '../attribution/history-bound.js';
import { proposeReason } from '../attribution/reason.js';
import type { Item } from '../catalog/types.js';
import { stockKeyId } from '../ledger/key.js';
import type { Posting } from '../ledger/types.js';
import type { PostingBound, StorageTransaction } from '../storage/adapter.js';
import { widestBounds } from '../storage/posting-bounds.js';
import type { ReasonCode } from './reason-codes.js';
import type { ReviewLine } from './review-types.js';
import type { CountEntry, CountSession } from './types.js';

/**
 * Adds `attribution` and `proposedReason` to the review lines that have a variance to explain.
 * Loads what attribution needs (custodian assignments, the keys' count records and postings) and
 * leaves the lines' figures untouched, so the review's fingerprint is the same with or without it.
 *
 * Each key's postings are read only as far back as its attribution needs them (see
 * {@link attributionHistoryFrom}): from its last good count, or the whole history of a key never
 * counted, either capped by the engine's attribution horizon when it has one.
 *
 * @internal
 */
export async function explainLines(
  tx: StorageTransaction,
  session: CountSession,
  lines: readonly ReviewLine[],
  entries: readonly CountEntry[],
  items: ReadonlyMap<string, Item>,
  options: { readonly reasonCodes: readonly ReasonCode[]; readonly horizonMs?: number | undefined },
): Promise<ReviewLine[]> {
  const { reasonCodes, horizonMs } = options;
  const attributable = lines.filter(isAttributableLine);
  if (attributable.length === 0) return [...lines];
  const keys = attributable.map((line) => line.key);
  // One statement at a time: a transaction is one connection.
  const custodians = await tx.listCustodianAssignments();
  const countRecords = await tx.listCountRecords({ keys });
  const bounds = attributable.map((line): PostingBound => ({ key: line.key, occurredFrom: attributionHistoryFrom(line, session.id, countRecords, { horizonMs }) }));
  const postings = await postingsFrom(tx, bounds);
  const attributed = attributeLines({
    sessionId: session.id,
    purpose: session.purpose,
    lines,
    entries,
    postings,
    items: [...items.values()],
    custodians,
    countRecords,
  });
  const byKey = new Map(attributed.map((line) => [stockKeyId(line.key), line.attribution]));
  return lines.map((line) => {
    const attribution = byKey.get(stockKeyId(line.key));
    if (!attribution) return line;
    const proposedReason = proposeReason(attribution, reasonCodes);
    return { ...line, attribution, ...(proposedReason === undefined ? {} : { proposedReason }) };
  });
}

/** The keys' postings from their bounds on: one bounded read, or the keys' history filtered when the adapter has none. */
async function postingsFrom(tx: StorageTransaction, bounds: readonly PostingBound[]): Promise<Posting[]> {
  if (tx.listPostingsFrom !== undefined) return tx.listPostingsFrom(bounds);
  const widest = widestBounds(bounds);
  const all = await tx.listPostings({ keys: [...widest.values()].map((bound) => bound.key) });
  return all.filter((posting) => {
    const from = widest.get(stockKeyId(posting.key))?.occurredFrom;
    return from === undefined || posting.occurredAt >= from;
  });
}
