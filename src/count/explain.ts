import { attributeLines, isAttributableLine } from '../attribution/attribute.js';
import { proposeReason } from '../attribution/reason.js';
import type { Item } from '../catalog/types.js';
import { stockKeyId } from '../ledger/key.js';
import type { StorageTransaction } from '../storage/adapter.js';
import type { ReasonCode } from './reason-codes.js';
import type { ReviewLine } from './review-types.js';
import type { CountEntry, CountSession } from './types.js';

/**
 * Adds `attribution` and `proposedReason` to the review lines that have a variance to explain.
 * Loads what attribution needs (custodian assignments, the keys' count records and postings) and
 * leaves the lines' figures untouched, so the review's fingerprint is the same with or without it.
 *
 * @internal
 */
export async function explainLines(
  tx: StorageTransaction,
  session: CountSession,
  lines: readonly ReviewLine[],
  entries: readonly CountEntry[],
  items: ReadonlyMap<string, Item>,
  reasonCodes: readonly ReasonCode[],
): Promise<ReviewLine[]> {
  const attributable = lines.filter(isAttributableLine);
  if (attributable.length === 0) return [...lines];
  const keys = attributable.map((line) => line.key);
  // One statement at a time: a transaction is one connection.
  const custodians = await tx.listCustodianAssignments();
  const countRecords = await tx.listCountRecords({ keys });
  const postings = await tx.listPostings({ keys });
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
