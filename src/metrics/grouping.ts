import { isWithin } from '../catalog/location-path.js';
import type { StockKey } from '../ledger/key.js';
import type { MetricsGroupBy } from './types.js';

/** Something that belongs to groups: a key with its class, and who counted it. @internal */
export interface Groupable {
  readonly key: StockKey;
  readonly abcClass?: string;
  /** For counter grouping; stock has none and belongs to every counter group. */
  readonly counters?: readonly string[];
}

/**
 * Whether a record is inside the grouping's scope (location grouping with a `subtree`).
 *
 * @internal
 */
export function inScope(groupBy: MetricsGroupBy, record: Groupable): boolean {
  return groupBy.by !== 'location' || groupBy.subtree === undefined || isWithin(record.key.location, groupBy.subtree);
}

/**
 * The groups a record belongs to: one label, or for counter grouping every counter of the record
 * (`undefined`: stock, which every counter group shares).
 *
 * @internal
 */
export function groupsOf(groupBy: MetricsGroupBy, record: Groupable): readonly string[] | undefined {
  switch (groupBy.by) {
    case 'all':
      return ['all'];
    case 'item':
      return [record.key.sku];
    case 'abcClass':
      return [record.abcClass ?? 'none'];
    case 'counter':
      return record.counters;
    case 'location':
      return [record.key.location.split('/').slice(0, groupBy.depth ?? 2).join('/')];
  }
}
