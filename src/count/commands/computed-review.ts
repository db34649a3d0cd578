/**
 * Loads what a session's review is computed from, computes it (pure, in ../review.ts) and keeps
 * it in the engine's review cache while neither the store nor the session changes.
 *
 * @internal
 * @module
 */
import { idSchema } from '../../catalog/schemas.js';
import { costHistories, unitCostIn } from '../../catalog/unit-costs.js';
import { canonicalJson } from '../../canonical.js';
import { deepFreeze } from '../../freeze.js';
import { hashText } from '../../audit/hash.js';
import { stockKeyId } from '../../ledger/key.js';
import { applyTolerance } from '../../policy/tolerance.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import { explainLines } from '../explain.js';
import { loadLedgerSlice } from '../ledger-slice.js';
import { storeVersion, type ReviewCache } from '../review-cache.js';
import type { ReviewLine } from '../review-types.js';
import { computeReviewLines, type ReviewData } from '../review.js';
import { scopeFilterOf } from '../scope.js';
import type { CountEntry, CountSession, LocationMark } from '../types.js';
import { inReadOnly, type CountContext } from './context.js';

/** A review as the commands use it: the lines, and what they were computed from. @internal */
export interface ComputedReview {
  readonly lines: readonly ReviewLine[];
  readonly openLocations: string[];
  readonly entries: CountEntry[];
  readonly marks: LocationMark[];
  /** The hash of every line's figures and status, which approval records and posting checks. */
  readonly fingerprint: string;
}

/**
 * The review of a session as the store stands, from the cache when nothing changed since.
 *
 * @internal
 */
export async function computeReview(
  ctx: CountContext,
  tx: StorageTransaction,
  session: CountSession,
  options: { explain?: boolean } = {},
): Promise<ComputedReview> {
  const explain = options.explain === true;
  const at = await storeVersion(tx);
  const cached = ctx.reviews.get(session.id, session.version, at, explain);
  if (cached) return cached;
  const computed = await computeFreshReview(ctx, tx, session, explain);
  ctx.reviews.set(session.id, session.version, at, explain, computed);
  return computed;
}

/**
 * Computes a session's review in a read-only transaction before a command's write transaction,
 * so that the reads of the review (the ledger slice, the attributed keys' postings) happen
 * without the writer lock: the write transaction then finds the review in the cache, as long as
 * neither the store nor the session changed in between (see {@link ReviewCache}). When something
 * was written in between, the write transaction computes the review again as the store then
 * stands, as it would without this phase: the answer is the same either way. A session that is
 * missing, posted or cancelled is left to the command to refuse or answer.
 *
 * @internal
 */
export async function prepareReview(ctx: CountContext, sessionId: string, options: { explain?: boolean } = {}): Promise<void> {
  const id = idSchema.safeParse(sessionId);
  if (!id.success) return;
  await inReadOnly(ctx, async (tx) => {
    const session = await tx.getSession(id.data);
    if (session === undefined || !['counting', 'reviewing', 'approved'].includes(session.state)) return;
    await computeReview(ctx, tx, session, options);
  });
}

async function computeFreshReview(ctx: CountContext, tx: StorageTransaction, session: CountSession, explain: boolean): Promise<ComputedReview> {
  // One statement at a time: a transaction is one connection.
  const entries = await tx.listEntries(session.id);
  const marks = await tx.listLocationMarks(session.id);
  if (session.state === 'posted') {
    // A posted session is a document: its lines are the figures it posted, whatever moved since.
    const lines = await tx.listPostedLines(session.id);
    return { lines: deepFreeze(lines), openLocations: [], entries, marks, fingerprint: session.approval!.fingerprint };
  }
  const snapshot = await tx.listSnapshot(session.id);
  const { balances, postings } = await loadLedgerSlice(tx, session.scope.locations, session.openedAt, session.openedAt);
  const skus = new Set<string>([...balances.map((b) => b.key.sku), ...snapshot.map((l) => l.key.sku)]);
  for (const entry of entries) if (entry.key) skus.add(entry.key.sku);
  const items = await tx.getItems([...skus]);
  const histories = costHistories(await tx.listUnitCosts({ skus: [...skus] }));
  const locationInfo = await tx.getLocations(session.scope.locations);
  const data: ReviewData = {
    session,
    snapshot,
    entries,
    marks,
    locations: session.scope.locations,
    items,
    locationInfo,
    balances,
    postings,
    inScope: scopeFilterOf(session),
    unitCostAt: (item, at) => {
      const history = histories.get(item.sku);
      return history === undefined ? undefined : unitCostIn(history, item, at);
    },
    withinTolerance: (line, item, location) => applyTolerance(ctx.policies.tolerance, line, item, location, session.tolerance),
  };
  const { lines, openLocations } = computeReviewLines(data);
  const fingerprint = await hashText(
    canonicalJson(lines.map((line) => [stockKeyId(line.key), line.expected, line.counted, line.status, line.window, line.round])),
  );
  // Attribution is added after the fingerprint: a new explanation never makes a review stale.
  const explained = explain
    ? await explainLines(tx, session, lines, entries, items, { reasonCodes: ctx.policies.reasonCodes, horizonMs: ctx.attributionHorizonMs })
    : lines;
  // Frozen: the same lines may be handed to the next command and to callers.
  return { lines: deepFreeze(explained), openLocations, entries, marks, fingerprint };
}
