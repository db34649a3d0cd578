/**
 * Approval limits by value (tolerance groups): how much variance value an approver may approve,
 * on one line and on a whole session.
 *
 * @module
 */
import * as z from 'zod';
import { idSchema } from '../catalog/schemas.js';
import { StocktakeError } from '../errors.js';
import type { StockKey } from '../ledger/key.js';
import { D, formatDecimal, nonNegativeDecimalSchema, type DecimalString } from '../quantity/decimal.js';
import type { ReviewLine } from './review-types.js';

/** One approver's limits; a limit left out is unlimited. */
export const approvalLimitSchema = z
  .object({
    /** The largest absolute variance value (|variance × unit cost|) of one line. */
    line: nonNegativeDecimalSchema.optional(),
    /** The largest sum of the lines' absolute variance values in one session. */
    session: nonNegativeDecimalSchema.optional(),
  })
  .strict();

/** The approval limits of an engine: a default and limits per approver. */
export const approvalLimitsSchema = z
  .object({
    /** The limits of an approver who has none of their own; unlimited when omitted. */
    default: approvalLimitSchema.optional(),
    /** Limits per approver (actor id), replacing the default for them. */
    byActor: z.record(idSchema, approvalLimitSchema).optional(),
  })
  .strict();

/** One approver's limits. */
export type ApprovalLimit = z.output<typeof approvalLimitSchema>;
/** The approval limits of an engine (`policies.approvalLimits`). */
export type ApprovalLimits = z.output<typeof approvalLimitsSchema>;

/** A line whose variance value is over an approver's line limit. */
export interface LineOverLimit {
  readonly key: StockKey;
  /** Its absolute variance value. */
  readonly value: DecimalString;
}

/**
 * The limits that apply to an approver: their own, else the default.
 *
 * @param limits - the engine's approval limits
 * @param actor - the approver
 * @returns the approver's limits (empty: unlimited)
 */
export function approvalLimitOf(limits: ApprovalLimits, actor: string): ApprovalLimit {
  return (Object.hasOwn(limits.byActor ?? {}, actor) ? limits.byActor![actor] : undefined) ?? limits.default ?? {};
}

/**
 * Refuses an approval beyond the approver's limits with `approval_limit_exceeded` (path `actor`),
 * listing the lines over the line limit and the session's total against the session limit.
 *
 * @internal
 */
export function assertWithinApprovalLimit(limits: ApprovalLimits, actor: string, lines: readonly ReviewLine[]): void {
  const limit = approvalLimitOf(limits, actor);
  if (limit.line === undefined && limit.session === undefined) return;
  let total = new D(0);
  const over: LineOverLimit[] = [];
  for (const line of lines) {
    const value = new D(line.varianceValue).abs();
    total = total.plus(value);
    if (limit.line !== undefined && value.gt(limit.line)) over.push({ key: line.key, value: formatDecimal(value) });
  }
  const sessionOver = limit.session !== undefined && total.gt(limit.session);
  if (over.length === 0 && !sessionOver) return;
  const parts = [
    over.length > 0 ? `${over.length} line(s) over the line limit of ${limit.line}` : undefined,
    sessionOver ? `a session total of ${formatDecimal(total)} over the session limit of ${limit.session}` : undefined,
  ].filter(Boolean);
  throw new StocktakeError('approval_limit_exceeded', `${actor} may not approve ${parts.join(' and ')}: an approver with a higher limit approves`, {
    path: ['actor'],
    details: { actor, limit, lines: over, sessionTotal: formatDecimal(total) },
  });
}
