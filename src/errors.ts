/**
 * Thrown failures: misuse of the API and infrastructure faults.
 *
 * Ledger outcomes that a caller is expected to handle (an id that exists, stock that is short)
 * are returned as result codes, not thrown; see `PostResult`.
 *
 * @module
 */
import type { z } from 'zod';

/** The coarse class of a {@link StocktakeError}, for callers that branch on kind, not detail. */
export type StocktakeErrorType = 'invalid_input' | 'not_found' | 'conflict' | 'not_allowed' | 'storage';

/**
 * Every thrown error code and its coarse type. The code is the stable, documented identifier a
 * caller matches on; the message is for people and may change.
 */
export const errorCodes = {
  /** An input failed validation; `path` names the bad field. */
  invalid_input: 'invalid_input',
  /** A quantity has more decimal places than its unit allows. */
  invalid_quantity: 'invalid_input',
  /** A unit of measure is neither the item's base unit nor one of its packs. */
  unknown_uom: 'invalid_input',
  /** A movement's `occurredAt` lies further ahead of the engine's clock than `futureMovements.allowanceMs` allows. */
  occurred_in_future: 'invalid_input',
  /** A partition name or write scope is not usable (empty, too long, not a string, control characters); `path` names it. */
  invalid_partition: 'invalid_input',
  /** A feed cursor (`after` of `events.read` or `events.follow`) is malformed or was not given by this feed. */
  invalid_cursor: 'invalid_input',
  /** No item has this sku. */
  item_not_found: 'not_found',
  /** No location has this id. */
  location_not_found: 'not_found',
  /** No count session has this id. */
  session_not_found: 'not_found',
  /** No task of the session has this id. */
  task_not_found: 'not_found',
  /** No entry of the session has this id. */
  entry_not_found: 'not_found',
  /** An item redefinition would change how its existing stock is measured (base unit, precision, tracking, a pack factor). */
  incompatible_item_change: 'conflict',
  /** The command does not apply in the session's current state. */
  invalid_state: 'conflict',
  /** The session changed since it was read (optimistic concurrency). */
  version_conflict: 'conflict',
  /** The review is older than the ledger: review again before posting. */
  stale_review: 'conflict',
  /** A location in scope is neither complete nor excluded. */
  incomplete_locations: 'conflict',
  /** An entry is outside the session's scope (another item, or a location not counted). */
  out_of_scope: 'conflict',
  /** Lines still wait for a recount, a decision or a conflict resolution. */
  unresolved_lines: 'conflict',
  /** The ledger refused a count adjustment while posting; nothing was posted. */
  posting_refused: 'conflict',
  /** The scope of a new session shares keys with an open session: a key belongs to at most one. */
  overlapping_session: 'conflict',
  /** The session is approved and its approval still holds: it has one approver of record. */
  already_approved: 'conflict',
  /** A recount nobody independent can do: every eligible counter asserted the key already. */
  no_independent_counter: 'conflict',
  /** A movement is dated exactly at a decision's moment: the supervisor may or may not have seen it. */
  ambiguous_decision: 'conflict',
  /** The actor may not perform the action (authorization or segregation of duties). */
  not_authorized: 'not_allowed',
  /** The approver's limit on a line's or the session's variance value is exceeded (`details.lines` lists the lines over it). */
  approval_limit_exceeded: 'not_allowed',
  /** The storage adapter failed; `cause` holds the original error. */
  storage_failure: 'storage',
  /** A storage transaction conflicted and retries were exhausted. */
  storage_conflict: 'storage',
  /**
   * The database could not be reached or the connection died (refused, terminated, failover).
   * `details.outcome` is `'rolled_back'` (nothing was written) or `'unknown'` (the connection died
   * during COMMIT: post again with the same ids to find out); `details.retryable` is true.
   */
  storage_unavailable: 'storage',
  /**
   * A lock wait or a statement ran past its timeout (`lockTimeoutMs`, `statementTimeoutMs`);
   * nothing was written and `details.retryable` is true.
   */
  storage_timeout: 'storage',
} as const satisfies Record<string, StocktakeErrorType>;

/** A stable error code; see {@link errorCodes} for the list and their types. */
export type StocktakeErrorCode = keyof typeof errorCodes;

/** A path into an input, as zod reports it: property names and array indices. */
export type ErrorPath = ReadonlyArray<string | number>;

/** Options for {@link StocktakeError}. */
export interface StocktakeErrorOptions {
  /** The path of the bad field inside the input, when there is one. */
  path?: ErrorPath;
  /** The original error (a zod error, a driver error). */
  cause?: unknown;
  /** Structured details for programs (ids, quantities); never needed to understand the message. */
  details?: Readonly<Record<string, unknown>>;
}

const BRAND = Symbol.for('stocktake.error');

/**
 * The one error class stocktake throws.
 *
 * @example
 * ```ts
 * try {
 *   await st.ledger.post(input);
 * } catch (error) {
 *   if (isStocktakeError(error) && error.type === 'invalid_input') {
 *     console.log(error.code, error.path.join('.'));
 *   }
 * }
 * ```
 */
export class StocktakeError extends Error {
  /** The stable code; match on this. */
  readonly code: StocktakeErrorCode;
  /** The coarse class of the code. */
  readonly type: StocktakeErrorType;
  /** The path of the bad field inside the input; empty when the error is not about one field. */
  readonly path: ErrorPath;
  /** Structured details for programs. */
  readonly details: Readonly<Record<string, unknown>>;
  /** @internal */
  readonly [BRAND] = true;

  /**
   * Creates an error; stocktake throws these, callers rarely need to.
   *
   * @param code - the stable error code
   * @param message - a sentence for people
   * @param options - path, cause and details
   */
  constructor(code: StocktakeErrorCode, message: string, options: StocktakeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StocktakeError';
    this.code = code;
    this.type = errorCodes[code];
    this.path = options.path ?? [];
    this.details = options.details ?? {};
  }
}

/**
 * Tells whether a value is a {@link StocktakeError}, also across copies of the package
 * (an ESM and a CJS copy, or two versions) where `instanceof` fails.
 *
 * @param value - anything caught
 * @returns true when the value is a stocktake error
 * @example
 * ```ts
 * if (isStocktakeError(error)) console.log(error.code);
 * ```
 */
export function isStocktakeError(value: unknown): value is StocktakeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Turns a zod error into an `invalid_input` error naming the first bad field.
 *
 * @param error - the zod error
 * @param prefix - a path to put before zod's own path (e.g. the argument name)
 * @returns the stocktake error to throw
 * @internal
 */
export function fromZodError(error: z.ZodError, prefix: ErrorPath = []): StocktakeError {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol')];
  // An unknown key is named in the path, so a client can point at it like at any bad field.
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    const where = path.length > 0 ? ` in ${path.join('.')}` : '';
    return new StocktakeError('invalid_input', `Unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}${where}: check the spelling against the input type`, {
      path: [...path, issue.keys[0]],
      cause: error,
      details: { issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })) },
    });
  }
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  return new StocktakeError('invalid_input', `${issue?.message ?? 'Invalid input'}${where}`, {
    path,
    cause: error,
    details: { issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message, code: i.code })) },
  });
}
