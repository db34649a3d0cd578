import type { CountEntry } from './types.js';

/**
 * The count entries that count: not voided, and either not flagged or accepted by a supervisor.
 *
 * @internal
 */
export function countingEntries(entries: readonly CountEntry[]): CountEntry[] {
  const { voided, accepted } = targets(entries);
  return entries.filter(
    (entry) =>
      entry.kind === 'count' &&
      !voided.has(entry.entryId) &&
      (entry.flags.length === 0 || accepted.has(entry.entryId)),
  );
}

/**
 * The count entries nobody voided, flagged or not.
 *
 * @internal
 */
export function liveEntries(entries: readonly CountEntry[]): CountEntry[] {
  const { voided } = targets(entries);
  return entries.filter((entry) => entry.kind === 'count' && !voided.has(entry.entryId));
}

/**
 * Flagged count entries nobody has accepted or voided yet.
 *
 * @internal
 */
export function openConflicts(entries: readonly CountEntry[]): CountEntry[] {
  const { voided, accepted } = targets(entries);
  return entries.filter(
    (entry) => entry.kind === 'count' && entry.flags.length > 0 && !voided.has(entry.entryId) && !accepted.has(entry.entryId),
  );
}

function targets(entries: readonly CountEntry[]): { voided: Set<string>; accepted: Set<string> } {
  const voided = new Set<string>();
  const accepted = new Set<string>();
  for (const entry of entries) {
    if (entry.target === undefined) continue;
    if (entry.kind === 'void') voided.add(entry.target);
    if (entry.kind === 'accept') accepted.add(entry.target);
  }
  return { voided, accepted };
}
