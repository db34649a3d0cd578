import { defaultTolerances, type TolerancePolicy } from '../policy/tolerance.js';
import type { ApprovalLimits } from './approval-limits.js';
import { defaultReasonCodes, type ReasonCode } from './reason-codes.js';
import type { CountSession } from './types.js';

/** Commands the `authorize` hook is asked about. */
export type CountAction =
  | 'count.open'
  | 'count.record'
  | 'count.complete'
  | 'count.exclude'
  | 'count.reopen'
  | 'count.resolve'
  | 'count.decide'
  | 'count.recount'
  | 'count.approve'
  | 'count.post'
  | 'count.cancel';

/** What the `authorize` hook decides on. */
export interface AuthorizeRequest {
  /** Who asks. */
  readonly actor: string;
  /** The command. */
  readonly action: CountAction;
  /** The session id. */
  readonly subject: string;
  /** The session as stored (for `count.open`, the session about to be stored). */
  readonly session: CountSession;
  /**
   * Who asserted a quantity of the lines the command decides on. Approve and post: everyone who
   * asserted any line (the entries' counters, whoever completed a location for the keys it counted
   * as zero, and the supervisors who decided lines). Decide: that line's counters (a supervisor may
   * correct their own decision). Resolve: the flagged entry's counter. Reopen: whoever completed
   * or excluded the location.
   */
  readonly counters: readonly string[];
}

/** Decides whether an actor may run a command; `false` refuses it with `not_authorized`. */
export type AuthorizeHook = (request: AuthorizeRequest) => boolean | Promise<boolean>;

/**
 * The default hook: segregation of duties for every way a quantity is asserted. Nobody approves
 * or posts a line whose quantity they asserted (an entry, a zero count by completing a location,
 * or a decision), nobody decides a line they counted, and nobody reopens a location they completed
 * or excluded themselves. That a recount goes to someone who has not asserted the key, and that
 * a confirmation needs two people, the engine enforces itself. Call it from your own hook to keep
 * these rules and add your roles.
 *
 * @param request - the command
 * @returns whether it may run
 * @example
 * ```ts
 * createStocktake({ policies: { authorize: (r) => roles.can(r.actor, r.action) && segregationOfDuties(r) } });
 * ```
 */
export function segregationOfDuties(request: AuthorizeRequest): boolean {
  if (request.action === 'count.approve' || request.action === 'count.decide' || request.action === 'count.post' || request.action === 'count.reopen') {
    return !request.counters.includes(request.actor);
  }
  return true;
}

/** The count policies of an engine. */
export interface CountPolicies {
  /** Tolerances, by ABC class or as a function; {@link defaultTolerances} when omitted. */
  readonly tolerance: TolerancePolicy;
  /**
   * What happens to a movement dated at or before a posted count of a key it touches: `reject`
   * (the default) returns `backdated` and writes nothing; `flag` accepts it and raises a
   * post-count exception that needs review.
   */
  readonly backdated: 'reject' | 'flag';
  /** Who may do what; {@link segregationOfDuties} when omitted. */
  readonly authorize: AuthorizeHook;
  /**
   * The reason codes an approver may give count adjustments, each with a sign rule;
   * {@link defaultReasonCodes} when omitted.
   */
  readonly reasonCodes: readonly ReasonCode[];
  /**
   * Approval limits by value: a default and per-actor limits on one line's absolute variance
   * value and on the session's total; approving beyond them is `approval_limit_exceeded`. No
   * limits when omitted.
   */
  readonly approvalLimits: ApprovalLimits;
}

/** The defaults of {@link CountPolicies}. */
export const defaultCountPolicies: CountPolicies = {
  tolerance: defaultTolerances,
  backdated: 'reject',
  authorize: segregationOfDuties,
  reasonCodes: defaultReasonCodes,
  approvalLimits: {},
};
