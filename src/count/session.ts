import { castDraft, produce } from 'immer';
import { StocktakeError } from '../errors.js';
import type { Instant } from '../time.js';
import type { CountDecision, CountSession, CountState, CountTask, FreezeOverride } from './types.js';

/**
 * Session state changes: pure functions over plain data (immer), each refusing a command in the
 * wrong state with `invalid_state` before anything is stored.
 *
 * @module
 */

/**
 * Refuses a command unless the session is in one of the allowed states.
 *
 * @internal
 */
export function assertState(session: CountSession, allowed: readonly CountState[], command: string): void {
  if (!allowed.includes(session.state)) {
    throw new StocktakeError(
      'invalid_state',
      `Cannot ${command} session ${session.id}: it is ${session.state} (allowed: ${allowed.join(', ')})`,
      { details: { sessionId: session.id, state: session.state, allowed } },
    );
  }
}

/** @internal */
export const startCounting = (session: CountSession, at: Instant): CountSession => {
  assertState(session, ['draft'], 'start');
  return produce(session, (draft) => {
    draft.state = 'counting';
    draft.openedAt = at;
  });
};

/** Closes a round: with recount tasks, counting goes on in the next round; without, review starts. @internal */
export const closeRound = (session: CountSession, recounts: readonly CountTask[], at: Instant): CountSession => {
  assertState(session, ['counting'], 'close the round of');
  return produce(session, (draft) => {
    if (recounts.length > 0) {
      draft.round += 1;
      draft.tasks.push(...castDraft(recounts));
    } else {
      draft.state = 'reviewing';
      draft.reviewStartedAt = at;
    }
  });
};

/** A supervisor sends keys to another round; review, if it had started, waits for it. @internal */
export const addRecountRound = (session: CountSession, tasks: readonly CountTask[]): CountSession => {
  assertState(session, ['counting', 'reviewing', 'approved'], 'request a recount in');
  return produce(session, (draft) => {
    draft.round += 1;
    draft.state = 'counting';
    delete draft.reviewStartedAt;
    delete draft.approval;
    draft.tasks.push(...castDraft(tasks));
  });
};

/**
 * Appends a supervisor's decision to a key's history. An approved session goes back to review:
 * the decision changed what was approved.
 *
 * @internal
 */
/**
 * A location of the current round is counted again: a session that had closed the round (in
 * review, or approved) goes back to counting, and any approval lapses.
 */
export const reopenRound = (session: CountSession): CountSession => {
  assertState(session, ['counting', 'reviewing', 'approved'], 'reopen a location of');
  if (session.state === 'counting') return session;
  return produce(session, (draft) => {
    draft.state = 'counting';
    delete draft.reviewStartedAt;
    delete draft.approval;
  });
};

export const recordDecision = (session: CountSession, keyId: string, decision: CountDecision): CountSession => {
  assertState(session, ['counting', 'reviewing', 'approved'], 'decide a line of');
  return produce(session, (draft) => {
    draft.decisions[keyId] = [...(draft.decisions[keyId] ?? []), decision];
    if (draft.state === 'approved') {
      draft.state = 'reviewing';
      delete draft.approval;
    }
  });
};

/** @internal */
export const recordOverride = (session: CountSession, override: FreezeOverride): CountSession =>
  produce(session, (draft) => {
    draft.overrides.push(castDraft(override));
  });

/**
 * Records an approval. A session has one approver of record: while its approval holds (the review
 * it approved is still the review), another approval is refused with `already_approved` naming
 * that approver. Only after the ledger changed the review (posting answered `stale_review`) may
 * the new review be approved, and that approval replaces the old one.
 *
 * @internal
 */
export const approveSession = (session: CountSession, approval: NonNullable<CountSession['approval']>): CountSession => {
  assertState(session, ['reviewing', 'approved'], 'approve');
  const current = session.state === 'approved' ? session.approval : undefined;
  if (current !== undefined && current.fingerprint === approval.fingerprint) {
    throw new StocktakeError('already_approved', `Session ${session.id} was approved by ${current.actor} at ${current.at}, and that approval still holds`, {
      details: { sessionId: session.id, approvedBy: current.actor, approvedAt: current.at },
    });
  }
  return produce(session, (draft) => {
    draft.state = 'approved';
    draft.approval = approval;
  });
};

/** @internal */
export const markPosted = (session: CountSession, posting: NonNullable<CountSession['posting']>): CountSession => {
  assertState(session, ['approved'], 'post');
  return produce(session, (draft) => {
    draft.state = 'posted';
    draft.posting = castDraft(posting);
  });
};

/** @internal */
export const cancelSession = (session: CountSession, cancellation: NonNullable<CountSession['cancellation']>): CountSession => {
  assertState(session, ['draft', 'counting', 'reviewing', 'approved'], 'cancel');
  return produce(session, (draft) => {
    draft.state = 'cancelled';
    draft.cancellation = cancellation;
  });
};
