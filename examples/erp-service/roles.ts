/**
 * Roles mapped to the library's `authorize` hook. The service runs each request as its
 * principal (an `AsyncLocalStorage`), and the hook the engine calls for every count command
 * checks that principal's roles, then stocktake's own segregation of duties: a counter cannot
 * approve, and nobody approves or posts a line they asserted, whatever their roles.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { segregationOfDuties, type AuthorizeHook, type CountAction } from 'stocktake';
import type { Principal, Role } from './auth.js';

/** The count commands each role may run. A user may hold several roles. */
export const roleActions: Readonly<Record<Role, readonly CountAction[]>> = {
  // Completing a location counts every key nobody recorded there as zero: it is counting.
  counter: ['count.record', 'count.complete'],
  supervisor: ['count.open', 'count.exclude', 'count.reopen', 'count.resolve', 'count.decide', 'count.recount', 'count.cancel'],
  approver: ['count.approve', 'count.post'],
};

const current = new AsyncLocalStorage<Principal>();

/**
 * Runs `work` (a request's handling) as `principal`: every engine command it makes is authorized
 * against that principal's roles.
 *
 * @param principal - the authenticated caller
 * @param work - the rest of the request
 * @returns what `work` returns
 */
export function actingAs<T>(principal: Principal, work: () => T): T {
  return current.run(principal, work);
}

/** Whether a principal holds a role. */
export function hasRole(principal: Principal, role: Role): boolean {
  return principal.roles.includes(role);
}

/**
 * The engine's `authorize` policy: the command's actor must be the principal of the request that
 * runs it, one of the principal's roles must allow the action, and segregation of duties must
 * hold. Outside a request (no principal) every count command is refused: fail closed.
 *
 * @example
 * ```ts
 * const st = createStocktake({ storage, policies: { authorize: authorizeByRole } });
 * ```
 */
export const authorizeByRole: AuthorizeHook = (request) => {
  const principal = current.getStore();
  if (principal === undefined || principal.actor !== request.actor) return false;
  return principal.roles.some((role) => roleActions[role].includes(request.action)) && segregationOfDuties(request);
};
