/**
 * Approving a reviewed session and posting its count adjustments.
 *
 * @internal
 * @module
 */
import { canonicalJson } from '../../canonical.js';
import { StocktakeError } from '../../errors.js';
import type { StocktakeEvent } from '../../events.js';
import { stockKeyId, toStockKey, type StockKey } from '../../ledger/key.js';
import { serialId } from '../../ledger/history.js';
import { postBatch } from '../../ledger/post-batch.js';
import { omitUndefined } from '../../ledger/prepare.js';
import type { Movement } from '../../ledger/types.js';
import { D, formatDecimal } from '../../quantity/decimal.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import type { Instant } from '../../time.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { assertWithinApprovalLimit } from '../approval-limits.js';
import { openConflicts } from '../entries.js';
import { reasonFitsVariance } from '../reason-codes.js';
import type { ReviewLine } from '../review-types.js';
import { approveInputSchema, postCountInputSchema, type ApproveInput, type PostCountInput } from '../schemas.js';
import { approveSession, assertState, markPosted } from '../session.js';
import { scopeItemsAt } from '../scope.js';
import type { CountRecord, CountSession, LocationCountRecord, LocationMark } from '../types.js';
import { computeReview, prepareReview } from './computed-review.js';
import { authorizeCount, emitAll, inSessionTransaction, loadSession, nowOf, saveSession, type CountContext } from './context.js';
import { movementsById } from './documents.js';

/** The result of `counts.post`. */
export interface PostCountResult {
  /** The session after posting. */
  readonly session: CountSession;
  /** The count adjustments (empty when every line matched). */
  readonly movements: readonly Movement[];
  /** Lines recorded as confirmations (zero variance). */
  readonly confirmations: number;
  /** False when the session was already posted and nothing new was written. */
  readonly created: boolean;
}

/** `counts.approve`. @internal */
export async function approveCount(ctx: CountContext, sessionId: string, input: DeepReadonly<ApproveInput>): Promise<CountSession> {
  const parsed = parseInput(approveInputSchema, input);
  const at = nowOf(ctx);
  await prepareReview(ctx, sessionId, { explain: true });
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    // `approved` too: after `stale_review`, a new review is approved again.
    assertState(session, ['counting', 'reviewing', 'approved'], 'approve');
    const { lines, openLocations, entries, fingerprint } = await computeReview(ctx, tx, session, { explain: true });
    if (openLocations.length > 0) {
      throw new StocktakeError('incomplete_locations', `${openLocations.length} location(s) are neither complete nor excluded`, {
        details: { locations: openLocations },
      });
    }
    // Complete but not reviewed yet: the review closes the round and may open recounts.
    assertState(session, ['reviewing', 'approved'], 'approve (review it first)');
    const unresolved = lines.filter((line) => ['pending', 'recount', 'ambiguous', 'needs_decision'].includes(line.status));
    const conflicts = openConflicts(entries);
    if (unresolved.length > 0 || conflicts.length > 0) {
      throw new StocktakeError('unresolved_lines', `${unresolved.length} line(s) and ${conflicts.length} conflict(s) are unresolved`, {
        details: { keys: unresolved.map((line) => line.key), conflicts: conflicts.map((entry) => entry.entryId) },
      });
    }
    await authorizeCount(ctx, parsed.actor, 'count.approve', session, assertersOf(lines), lines);
    assertWithinApprovalLimit(ctx.policies.approvalLimits, parsed.actor, lines);
    const reasons = approvedReasons(ctx, lines, parsed.reasons ?? []);
    const previous = session.state === 'approved' ? session.approval : undefined;
    // The approver of record sending the same approval again (a retried request) gets it back unchanged.
    if (previous?.fingerprint === fingerprint && previous.actor === parsed.actor && canonicalJson(previous.reasons) === canonicalJson(reasons)) return session;
    const approved = await saveSession(tx, approveSession(session, { actor: parsed.actor, at, fingerprint, reasons }), session);
    // Approving again after a stale review is its own audited act, naming the approval it replaces.
    await ctx.audit(tx, {
      actor: parsed.actor,
      action: previous === undefined ? 'count.approve' : 'count.reapprove',
      subject: session.id,
      data: { fingerprint, reasons, note: parsed.note, ...(previous === undefined ? {} : { supersedes: previous }) },
    });
    await ctx.reviews.carry(tx, session.id, session.version, approved.version);
    return approved;
  });
}

/** `counts.post`. @internal */
export async function postCount(ctx: CountContext, sessionId: string, input: DeepReadonly<PostCountInput>): Promise<PostCountResult> {
  const parsed = parseInput(postCountInputSchema, input);
  const at = nowOf(ctx);
  await prepareReview(ctx, sessionId, { explain: true });
  const { events, ...outcome } = await inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    if (session.state === 'posted' && session.posting) {
      const movements = await movementsById(tx, session.posting.movementIds);
      return { session, movements, confirmations: session.posting.confirmations, created: false, events: [] as StocktakeEvent[] };
    }
    assertState(session, ['approved'], 'post');
    // Explained: the posted lines are kept as the session's document, attribution included.
    const { lines, marks, fingerprint } = await computeReview(ctx, tx, session, { explain: true });
    await authorizeCount(ctx, parsed.actor, 'count.post', session, assertersOf(lines), lines);
    if (fingerprint !== session.approval!.fingerprint) {
      throw new StocktakeError('stale_review', `The ledger changed the review of session ${session.id} since approval: review and approve again`);
    }
    const adjusted = lines.filter((line) => !new D(line.variance).isZero());
    const adjustments = await postAdjustments(ctx, tx, session, adjusted, parsed.actor, at);
    const movements = adjustments.map(({ movement }) => movement);
    const events: StocktakeEvent[] = adjustments.flatMap((adjustment) => adjustment.events);
    const movementIds = new Map(adjusted.map((line, index) => [line, movements[index]!.id]));
    const records: CountRecord[] = lines.map((line) =>
      omitUndefined({
        key: line.key,
        sessionId: session.id,
        countedAt: line.window.to,
        qty: line.counted,
        variance: line.variance,
        movementId: movementIds.get(line),
        postedAt: at,
      }),
    );
    await tx.insertCountRecords(records);
    await tx.insertLocationCountRecords(locationRecords(session, marks, at));
    await tx.insertPostedLines(session.id, lines);
    const confirmations = records.length - movements.length;
    const posted = await saveSession(
      tx,
      markPosted(session, { actor: parsed.actor, at, movementIds: movements.map((m) => m.id), confirmations }),
      session,
    );
    await ctx.audit(tx, {
      actor: parsed.actor,
      action: 'count.post',
      subject: session.id,
      data: { movements: movements.map((m) => m.id), confirmations },
    });
    events.push({ type: 'count.posted', session: posted, movements });
    ctx.reviews.forget(session.id);
    return { session: posted, movements, confirmations, created: true, events: await ctx.publish(tx, events) };
  });
  emitAll(ctx, events);
  return outcome;
}

/**
 * The id of the count adjustment of a key in a session: the same inputs always give the same id,
 * so posting again finds it instead of creating another.
 *
 * @param sessionId - the session
 * @param key - the key
 * @returns the movement id
 * @example
 * ```ts
 * adjustmentId('count-1', { sku: 'A-100', location: 'WH1/A/01' }); // 'count-1:A-100@WH1/A/01'
 * ```
 */
export function adjustmentId(sessionId: string, key: StockKey): string {
  return `${sessionId}:${key.sku}@${key.location}${key.lot === undefined ? '' : `#lot=${key.lot}`}${key.serial === undefined ? '' : `#serial=${key.serial}`}`;
}

/**
 * The locations the session completed in round one, each an assertion that every key of the scope
 * there that the count did not list was zero at its completion.
 */
function locationRecords(session: CountSession, marks: readonly LocationMark[], postedAt: Instant): LocationCountRecord[] {
  const itemsAt = scopeItemsAt(session.scope);
  return marks
    .filter((mark) => mark.round === 1 && mark.status === 'complete')
    .map((mark) => {
      const items = itemsAt(mark.location);
      return omitUndefined({
        location: mark.location,
        sessionId: session.id,
        countedAt: mark.at,
        items: items && [...items].sort(),
        postedAt,
      });
    });
}

/** Everyone who asserted a quantity of some line. */
function assertersOf(lines: readonly ReviewLine[]): string[] {
  return [...new Set(lines.flatMap((line) => line.asserters))];
}

/** The reason code of every line with a variance: the approver's, else the attribution's proposal. */
function approvedReasons(
  ctx: CountContext,
  lines: readonly ReviewLine[],
  given: ReadonlyArray<{ readonly key: Parameters<typeof toStockKey>[0]; readonly code: string }>,
): Record<string, string> {
  const reasons: Record<string, string> = {};
  const lineById = new Map(lines.map((line) => [stockKeyId(line.key), line]));
  for (const [index, reason] of given.entries()) {
    const id = stockKeyId(toStockKey(reason.key));
    const line = lineById.get(id);
    if (!line) {
      throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['reasons', index, 'key'] });
    }
    const code = ctx.policies.reasonCodes.find((candidate) => candidate.code === reason.code);
    if (!code) {
      throw new StocktakeError('invalid_input', `"${reason.code}" is not one of the engine's reason codes`, {
        path: ['reasons', index, 'code'],
        details: { codes: ctx.policies.reasonCodes.map((candidate) => candidate.code) },
      });
    }
    if (!reasonFitsVariance(code, line.variance)) {
      throw new StocktakeError('invalid_input', `Reason "${code.code}" explains only ${code.sign}s; the variance of ${line.sku} at ${line.location} is ${line.variance}`, {
        path: ['reasons', index, 'code'],
      });
    }
    reasons[id] = code.code;
  }
  // Lines the approver gave no reason keep the attribution's proposal: approving confirms it.
  for (const line of lines) {
    const id = stockKeyId(line.key);
    if (reasons[id] === undefined && line.proposedReason !== undefined && !new D(line.variance).isZero()) reasons[id] = line.proposedReason;
  }
  return reasons;
}

/**
 * Posts one `count_adjustment` per line, in one batch; the ledger refusing any fails them all.
 * Each is dated at its line's count time, losses first. One exception keeps a serial in one place
 * at a time: when the count found a serial at one location and missed it at another, the loss is
 * dated no later than the find (the unit had left by then; the book at the loss's own count time
 * is the same).
 */
async function postAdjustments(
  ctx: CountContext,
  tx: StorageTransaction,
  session: CountSession,
  lines: readonly ReviewLine[],
  actor: string,
  at: Instant,
): Promise<Array<{ movement: Movement; events: readonly StocktakeEvent[] }>> {
  const found = new Map<string, Instant>();
  for (const line of lines) {
    if (line.serial === undefined || !new D(line.variance).gt(0)) continue;
    const serial = serialId(line.key);
    const earliest = found.get(serial);
    if (earliest === undefined || line.window.to < earliest) found.set(serial, line.window.to);
  }
  const ordered = [...lines].sort((a, b) => Number(new D(a.variance).gt(0)) - Number(new D(b.variance).gt(0)));
  const requests = ordered.map((line) => {
    const variance = new D(line.variance);
    const qty = formatDecimal(variance.abs());
    const side = variance.isNegative() ? { from: line.location } : { to: line.location };
    const id = adjustmentId(session.id, line.key);
    // The adjustment keeps the unit cost its line was valued at: the journal values it with that.
    const adjustmentLines = [omitUndefined({ sku: line.sku, ...side, qty, lot: line.lot, serial: line.serial, unitCost: line.unitCost })];
    const foundAt = variance.isNegative() && line.serial !== undefined ? found.get(serialId(line.key)) : undefined;
    const occurredAt = foundAt !== undefined && foundAt < line.window.to ? foundAt : line.window.to;
    return {
      header: {
        id,
        kind: 'count_adjustment' as const,
        occurredAt,
        recordedAt: at,
        actor,
        fingerprint: canonicalJson({ id, sessionId: session.id, lines: adjustmentLines, occurredAt }),
        reason: `Count ${session.id}`,
        reasonCode: session.approval?.reasons[stockKeyId(line.key)],
        sessionId: session.id,
      },
      lines: adjustmentLines,
    };
  });
  const outcomes = await postBatch(ctx, tx, requests);
  const posted = new Map<ReviewLine, { movement: Movement; events: readonly StocktakeEvent[] }>();
  outcomes.forEach(({ result, events }, index) => {
    const line = ordered[index]!;
    if ((result.result === 'created' || result.result === 'exists') && result.movement) {
      posted.set(line, { movement: result.movement, events });
      return;
    }
    throw new StocktakeError(
      'posting_refused',
      `The ledger refused the adjustment of ${line.sku} at ${line.location}: ${result.result}. Nothing was posted; decide the line at a later moment or request a recount`,
      { details: { key: line.key, result: result.result, message: result.message, ...result.details } },
    );
  });
  return lines.map((line) => posted.get(line)!);
}
