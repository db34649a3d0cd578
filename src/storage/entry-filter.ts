/**
 * What an {@link EntryFilter} selects, decided once for every adapter and for the engine's own
 * views of a batch: an adapter may narrow its reads with a filter's fields however it likes, then
 * keep exactly the entries this predicate accepts.
 *
 * @internal
 * @module
 */
import type { CountEntry } from '../count/types.js';
import { serialId } from '../ledger/history.js';
import type { EntryFilter } from './adapter.js';

/**
 * The predicate of a filter: an entry passes when it meets every field given (an absent field
 * selects everything). Lists become sets once, so a filter of many locations or serials costs
 * one lookup per entry.
 *
 * @internal
 */
export function entryPredicate(filter: EntryFilter): (entry: CountEntry) => boolean {
  const locations = filter.locations === undefined ? undefined : new Set(filter.locations);
  const serials = filter.serials === undefined ? undefined : new Set(filter.serials.map(serialId));
  return (entry) => {
    const key = entry.key;
    if (filter.round !== undefined && entry.round !== filter.round) return false;
    if (filter.location !== undefined && key?.location !== filter.location) return false;
    if (filter.serial !== undefined && (key?.sku !== filter.serial.sku || key.serial !== filter.serial.serial)) return false;
    if (locations !== undefined && (key === undefined || !locations.has(key.location))) return false;
    if (serials !== undefined && (key?.serial === undefined || !serials.has(serialId(key)))) return false;
    return true;
  };
}
