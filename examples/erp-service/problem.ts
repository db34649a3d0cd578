/**
 * Errors as RFC 9457 problem details (`application/problem+json`).
 *
 * Every problem carries the stocktake error `code` (the stable identifier a client matches on),
 * its coarse `errorType` and the `path` of the bad field, so a client can put the message next
 * to the right input.
 */
import { isStocktakeError, type StocktakeErrorType } from 'stocktake';
import type * as z from 'zod';

/** A problem details document with stocktake's members. */
export interface Problem {
  /** A URI naming the problem type: `urn:stocktake:error:<code>`. */
  readonly type: string;
  /** A short summary of the problem type. */
  readonly title: string;
  /** The HTTP status. */
  readonly status: number;
  /** A sentence for people about this occurrence. */
  readonly detail: string;
  /** The stable error code, e.g. `invalid_input`, `session_not_found`, `insufficient_stock`. */
  readonly code: string;
  /** The coarse class: `invalid_input`, `not_found`, `conflict`, `not_allowed`, `storage` (or `unauthenticated`, `limit`, `internal`). */
  readonly errorType: string;
  /** The path of the bad field inside the request body, e.g. `["lines", 0, "qty"]`; empty when not about one field. */
  readonly path: ReadonlyArray<string | number>;
  /** Every validation issue, for `invalid_input`. */
  readonly errors?: ReadonlyArray<{ readonly path: ReadonlyArray<string | number>; readonly message: string }>;
  /** Structured details for programs. */
  readonly details?: Readonly<Record<string, unknown>>;
}

const titles: Record<string, string> = {
  invalid_input: 'Invalid input',
  not_found: 'Not found',
  conflict: 'Conflict',
  not_allowed: 'Not allowed',
  storage: 'Storage unavailable',
  unauthenticated: 'Authentication required',
  limit: 'Beyond the service limits',
  internal: 'Internal error',
};

/**
 * The HTTP status of a stocktake error: a request that fails the schema is 400, a well-formed one
 * the engine refuses on its content (`invalid_quantity`, `unknown_uom`) is 422; `not_found` 404,
 * `conflict` 409, `not_allowed` 403, `storage` 503.
 *
 * @param type - the error's coarse type
 * @param code - the error's code
 * @returns the status
 */
export function statusOf(type: StocktakeErrorType, code: string): number {
  switch (type) {
    case 'invalid_input':
      return code === 'invalid_input' ? 400 : 422;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'not_allowed':
      return 403;
    case 'storage':
      return 503;
  }
}

/**
 * Builds a problem document.
 *
 * @param status - the HTTP status
 * @param code - the error code
 * @param errorType - the coarse class
 * @param detail - a sentence for people
 * @param extra - path, errors and details
 * @returns the problem
 */
export function problem(
  status: number,
  code: string,
  errorType: string,
  detail: string,
  extra: { path?: ReadonlyArray<string | number>; errors?: Problem['errors']; details?: Record<string, unknown> } = {},
): Problem {
  return {
    type: `urn:stocktake:error:${code}`,
    title: titles[errorType] ?? 'Error',
    status,
    detail,
    code,
    errorType,
    path: extra.path ?? [],
    ...(extra.errors === undefined ? {} : { errors: extra.errors }),
    ...(extra.details === undefined || Object.keys(extra.details).length === 0 ? {} : { details: extra.details }),
  };
}

/**
 * A problem as a response, with `application/problem+json` and any extra headers.
 *
 * @param body - the problem
 * @param headers - more headers, e.g. `retry-after`
 * @returns the response
 */
export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status: body.status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

/**
 * A zod validation failure of a request body as a 400 problem naming the first bad field.
 *
 * @param error - the zod error
 * @param prefix - a path to put before zod's own (e.g. `["entries", 3]`)
 * @returns the problem
 */
export function fromZod(error: z.ZodError, prefix: ReadonlyArray<string | number> = []): Problem {
  const errors = error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')],
    message: issue.message,
  }));
  const first = errors[0];
  const where = first !== undefined && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return problem(400, 'invalid_input', 'invalid_input', `${first?.message ?? 'Invalid input'}${where}`, {
    path: first?.path ?? [],
    errors,
  });
}

/**
 * Any thrown value as a problem: a `StocktakeError` keeps its code, type and path; anything else
 * is a 500 whose message is not shown to the client.
 *
 * @param error - what was thrown
 * @returns the problem
 */
export function fromError(error: unknown): Problem {
  if (isStocktakeError(error)) {
    const details = { ...error.details };
    delete details['issues'];
    return problem(statusOf(error.type, error.code), error.code, error.type, error.message, { path: error.path, details });
  }
  return problem(500, 'internal', 'internal', 'The service failed to handle the request');
}

/** Ledger outcomes of `ledger.post` that are not a success, with their HTTP status. */
const postResultStatus: Record<string, { status: number; errorType: string }> = {
  exists_with_different_payload: { status: 409, errorType: 'conflict' },
  item_not_found: { status: 422, errorType: 'invalid_input' },
  location_not_found: { status: 422, errorType: 'invalid_input' },
  unknown_uom: { status: 422, errorType: 'invalid_input' },
  invalid_quantity: { status: 422, errorType: 'invalid_input' },
  lot_required: { status: 422, errorType: 'invalid_input' },
  serial_required: { status: 422, errorType: 'invalid_input' },
  tracking_not_allowed: { status: 422, errorType: 'invalid_input' },
  serial_quantity: { status: 422, errorType: 'invalid_input' },
  frozen: { status: 409, errorType: 'conflict' },
  backdated: { status: 409, errorType: 'conflict' },
  insufficient_stock: { status: 409, errorType: 'conflict' },
  serial_in_stock: { status: 409, errorType: 'conflict' },
};

/**
 * A refused movement as a problem: the ledger's result code becomes the problem's code, and a
 * line-level outcome points at the line.
 *
 * @param result - the outcome of `ledger.post`
 * @returns the problem
 */
export function fromPostResult(result: {
  readonly result: string;
  readonly message?: string;
  readonly lineIndex?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}): Problem {
  const mapping = postResultStatus[result.result] ?? { status: 409, errorType: 'conflict' };
  return problem(mapping.status, result.result, mapping.errorType, result.message ?? `The ledger refused the movement: ${result.result}`, {
    path: result.lineIndex === undefined ? [] : ['lines', result.lineIndex],
    ...(result.details === undefined ? {} : { details: { ...result.details } }),
  });
}
