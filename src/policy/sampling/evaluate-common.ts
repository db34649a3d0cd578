/**
 * What both evaluations share: counted keys by stratum, the list of differences, the warning for
 * stock that moved between planning and counting.
 *
 * @module
 */
import { formatDecimal, type Dec } from '../../quantity/decimal.js';
import type { AuditedKey } from './results.js';
import type { SampleDifference, SampleWarning } from './types.js';

/** Counted keys by stratum id. @internal */
export function groupByStratum(audited: readonly AuditedKey[]): Map<string, AuditedKey[]> {
  const byStratum = new Map<string, AuditedKey[]>();
  for (const a of audited) {
    const members = byStratum.get(a.sampled.stratum);
    if (members === undefined) byStratum.set(a.sampled.stratum, [a]);
    else members.push(a);
  }
  return byStratum;
}

/**
 * The counted keys with a difference, largest absolute error first (then by the plan's order).
 *
 * @param audited - the counted keys
 * @param taintOf - the tainting of a key, when the method projects by taint
 * @internal
 */
export function differencesOf(audited: readonly AuditedKey[], taintOf: ((a: AuditedKey) => Dec | undefined) | undefined): SampleDifference[] {
  return audited
    .map((a, order) => ({ a, order }))
    .filter(({ a }) => !a.error.isZero())
    .sort((x, y) => y.a.error.abs().cmp(x.a.error.abs()) || x.order - y.order)
    .map(({ a }) => {
      const taint = taintOf?.(a);
      return {
        key: a.sampled.key,
        stratum: a.sampled.stratum,
        bookValue: a.sampled.bookValue,
        auditedValue: formatDecimal(a.audited),
        error: formatDecimal(a.error),
        ...(taint === undefined ? {} : { taint: formatDecimal(taint.toDecimalPlaces(6)) }),
      };
    });
}

/** A warning when some keys' book changed between planning and counting. @internal */
export function movedWarning(audited: readonly AuditedKey[]): SampleWarning | undefined {
  const moved = audited.filter((a) => a.moved).length;
  if (moved === 0) return undefined;
  return {
    code: 'book_changed',
    text: `${moved} sampled keys moved between planning and counting: their errors are the count differences against the book at the count, applied to the planned book values.`,
  };
}
