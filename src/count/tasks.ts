import type { IdSource } from '../clock.js';
import { compareLocationPaths } from '../catalog/location-path.js';
import { stockKeyId, type StockKey } from '../ledger/key.js';
import type { CountSession, CountTask } from './types.js';

/**
 * Cuts round one into tasks: one per zone (the first `depth` path segments), or `count` groups of
 * neighbouring locations with about the same number of keys. Every location is in exactly one
 * task; assignees rotate through `counters`.
 *
 * @internal
 */
export function splitTasks(
  locations: readonly string[],
  keysPerLocation: ReadonlyMap<string, number>,
  split: CountSession['split'],
  counters: readonly string[],
  ids: IdSource,
): CountTask[] {
  const groups: string[][] = [];
  if (split.by === 'zone') {
    const byZone = new Map<string, string[]>();
    for (const location of locations) {
      const zone = location.split('/').slice(0, split.depth).join('/');
      byZone.set(zone, [...(byZone.get(zone) ?? []), location]);
    }
    groups.push(...byZone.values());
  } else {
    const weight = (location: string) => Math.max(1, keysPerLocation.get(location) ?? 0);
    const total = locations.reduce((sum, location) => sum + weight(location), 0);
    const target = total / Math.min(split.count, Math.max(1, locations.length));
    let current: string[] = [];
    let load = 0;
    for (const location of locations) {
      current.push(location);
      load += weight(location);
      if (load >= target * (groups.length + 1) - 1e-9 && groups.length < split.count - 1) {
        groups.push(current);
        current = [];
      }
    }
    if (current.length > 0) groups.push(current);
  }
  return groups.map((group, index) => ({
    id: ids.next('task'),
    round: 1,
    locations: [...group].sort(compareLocationPaths),
    ...(counters.length > 0 ? { assignee: counters[index % counters.length]! } : {}),
    excludedCounters: [],
  }));
}

/**
 * Opens the tasks of a recount round: the keys grouped by zone, each task blind and assigned to a
 * counter who counted none of its keys before, when the session has one.
 *
 * @internal
 */
export function recountTasks(
  session: CountSession,
  keys: ReadonlyArray<{ readonly key: StockKey; readonly counters: readonly string[] }>,
  ids: IdSource,
  assignee?: string,
): CountTask[] {
  const round = session.round + 1;
  const byZone = new Map<string, Array<{ key: StockKey; counters: readonly string[] }>>();
  for (const entry of keys) {
    const zone = entry.key.location.split('/').slice(0, session.split.by === 'zone' ? session.split.depth : 2).join('/');
    byZone.set(zone, [...(byZone.get(zone) ?? []), entry]);
  }
  const tasks: CountTask[] = [];
  let rotation = 0;
  for (const group of byZone.values()) {
    const excluded = [...new Set(group.flatMap((entry) => entry.counters))];
    // A team can recount only if none of its members counted these keys before.
    const members = (assignee: string) => session.teams?.[assignee] ?? [assignee];
    const candidates = session.counters.filter((counter) => !members(counter).some((member) => excluded.includes(member)));
    const chosen = assignee ?? candidates[rotation++ % Math.max(1, candidates.length)];
    tasks.push({
      id: ids.next('task'),
      round,
      locations: [...new Set(group.map((entry) => entry.key.location))].sort(compareLocationPaths),
      keys: group.map((entry) => entry.key).sort((a, b) => (stockKeyId(a) < stockKeyId(b) ? -1 : 1)),
      ...(chosen === undefined ? {} : { assignee: chosen }),
      excludedCounters: excluded,
    });
  }
  return tasks;
}
