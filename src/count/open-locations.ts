import { ancestorsOf } from '../catalog/location-path.js';
import type { CountSession, LocationMark } from './types.js';

/** What {@link openLocations} needs to know about a session. */
export interface OpenLocationsInput {
  readonly session: CountSession;
  /** The resolved locations of round one, in walking order. */
  readonly locations: readonly string[];
  readonly marks: readonly LocationMark[];
  /** Locations excluded in round one: out of the count for good. */
  readonly excluded: ReadonlySet<string>;
  /** Locations that hold book (at opening or now) or entries of keys in scope. */
  readonly occupied: ReadonlySet<string>;
}

/**
 * The locations of the current round that are neither complete nor excluded.
 *
 * A zone node (a location with children in the round) that holds no book and no entries is
 * complete when all of its children in the round are: nobody stands in an aisle to count it, so
 * it is never listed; its open children are.
 *
 * @internal
 */
export function openLocations(input: OpenLocationsInput): string[] {
  const { session } = input;
  const current =
    session.round === 1
      ? input.locations
      : [...new Set(session.tasks.filter((task) => task.round === session.round).flatMap((task) => task.locations))];
  const inRound = new Set(current);
  const marked = new Set(input.marks.filter((mark) => mark.round === session.round).map((mark) => mark.location));
  // A zone node nobody stands in is done when its children are, so only they are listed.
  const zones = new Set<string>();
  for (const location of current) {
    const parent = ancestorsOf(location).slice(1).find((ancestor) => inRound.has(ancestor));
    if (parent !== undefined && !input.occupied.has(parent)) zones.add(parent);
  }
  return current.filter((location) => !marked.has(location) && !input.excluded.has(location) && !zones.has(location));
}
