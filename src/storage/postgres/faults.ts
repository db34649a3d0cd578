/**
 * How driver errors become `StocktakeError`s: one place that reads SQLSTATEs and connection
 * failures, so the `pg` and PGlite drivers and {@link migrate} answer alike.
 *
 * - a lock or statement timeout (SQLSTATE `55P03`, `57014`) → `storage_timeout`, retryable;
 * - a connection that is refused, lost or terminated (class `08`, `57P01`–`57P03`, `53300`,
 *   socket errors, a client that emitted `'error'`) → `storage_unavailable`, with
 *   `details.outcome` `'unknown'` when it died during `COMMIT` (the transaction may or may not
 *   have committed) and `'rolled_back'` otherwise;
 * - any other driver error (a missing schema or table, a privilege, a constraint) →
 *   `storage_failure`.
 *
 * Every one has `type: 'storage'`, the driver error as `cause` and its SQLSTATE (when it has one)
 * in `details.sqlState`.
 *
 * @internal
 * @module
 */
import { isStocktakeError, StocktakeError } from '../../errors.js';

/** Where in a transaction a driver error happened. */
export type FaultPhase = 'connect' | 'begin' | 'query' | 'commit' | 'rollback';

const phases = new WeakMap<object, FaultPhase>();
const lostConnections = new WeakSet<object>();

/**
 * Records that an error came from the driver (not from the engine's own work), and where. The
 * first phase recorded wins, so an error rethrown by an outer layer keeps where it began.
 *
 * @param error - what the driver threw
 * @param phase - where it happened
 * @param connectionLost - true when the connection is known to be gone (the client emitted `'error'`)
 * @returns the same error, to rethrow
 */
export function driverFault(error: unknown, phase: FaultPhase, connectionLost = false): unknown {
  if (typeof error !== 'object' || error === null || isStocktakeError(error)) return error;
  if (!phases.has(error)) phases.set(error, phase);
  if (connectionLost) lostConnections.add(error);
  return error;
}

/**
 * Tells whether an error was recorded by {@link driverFault} or carries a SQLSTATE.
 *
 * @param error - anything caught
 * @returns true when the error came from the database driver
 */
export function isDriverError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || isStocktakeError(error)) return false;
  return phases.has(error) || sqlState(error) !== undefined;
}

/**
 * The SQLSTATE of a server error (five characters), if the error has one.
 *
 * @param error - anything caught
 * @returns the SQLSTATE, or undefined
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  'connection terminated',
  'not queryable',
  'client was closed',
  'connection ended',
  'timeout exceeded when trying to connect',
  'cannot use a pool after calling end',
  'pglite is closed',
];

/**
 * Tells whether an error means the connection to the database is refused or gone.
 *
 * @param error - anything caught
 * @returns true for connection failures
 */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (lostConnections.has(error)) return true;
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('08') || CONNECTION_STATES.has(state);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  return CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/**
 * Turns a driver error into the `StocktakeError` a caller sees (see the module comment); a
 * `StocktakeError` passes unchanged.
 *
 * @param error - what the driver threw
 * @param adapter - the adapter's name, for the message
 * @returns the error to throw
 */
export function toStorageError(error: unknown, adapter: string): StocktakeError {
  if (isStocktakeError(error)) return error;
  const state = sqlState(error);
  const phase = typeof error === 'object' && error !== null ? phases.get(error) : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  const base = { ...(state === undefined ? {} : { sqlState: state }), ...(phase === undefined ? {} : { phase }) };
  if (state === '55P03' || state === '57014') {
    const what = state === '55P03' ? 'waiting for a lock' : 'running a statement';
    return new StocktakeError('storage_timeout', `The ${adapter} storage timed out ${what}; nothing was written, try again: ${detail}`, {
      cause: error,
      details: { ...base, retryable: true, outcome: 'rolled_back' },
    });
  }
  if (isConnectionError(error)) {
    const outcome = phase === 'commit' ? 'unknown' : 'rolled_back';
    const consequence =
      outcome === 'unknown'
        ? 'the transaction may or may not have committed; post again with the same ids to find out'
        : 'nothing was written';
    return new StocktakeError('storage_unavailable', `The ${adapter} storage connection failed (${consequence}): ${detail}`, {
      cause: error,
      details: { ...base, retryable: true, outcome },
    });
  }
  const hint = state === '3F000' || state === '42P01' ? ' (has migrate() run on this schema?)' : '';
  return new StocktakeError('storage_failure', `The ${adapter} storage failed${hint}: ${detail}`, {
    cause: error,
    details: { ...base, retryable: false },
  });
}
