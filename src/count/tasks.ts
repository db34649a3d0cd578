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

/** A key to recount and everyone who asserted its quantity so far. */
export interface RecountKey {
  readonly key: StockKey;
  readonly asserters: readonly string[];
}

/**
 * Opens the tasks of a recount round: the keys grouped by zone, each task blind and assigned to
 * a counter (or team) none of whose members asserted any of its keys, in rotation. A zone whose
 * keys no single counter may take is split by key. With no named counters, tasks are left
 * unassigned: anyone who asserted none of their keys may take them. A key nobody eligible can
 * recount gets no task; the caller refuses it (see {@link hasIndependentCounter}).
 *
 * @internal
 */
export function recountTasks(
  session: CountSession,
  keys: readonly RecountKey[],
  ids: IdSource,
  assignee?: string,
): CountTask[] {
  const round = session.round + 1;
  const depth = session.split.by === 'zone' ? session.split.depth : 2;
  const byZone = new Map<string, RecountKey[]>();
  for (const entry of keys) {
    const zone = entry.key.location.split('/').slice(0, depth).join('/');
    byZone.set(zone, [...(byZone.get(zone) ?? []), entry]);
  }
  const members = (counter: string) => session.teams[counter] ?? [counter];
  const eligible = (group: readonly RecountKey[]) => {
    const excluded = new Set(group.flatMap((entry) => entry.asserters));
    return session.counters.filter((counter) => !members(counter).some((member) => excluded.has(member)));
  };
  const groups: RecountKey[][] = [];
  for (const group of byZone.values()) {
    if (assignee !== undefined || session.counters.length === 0 || eligible(group).length > 0) groups.push(group);
    else groups.push(...group.map((entry) => [entry]));
  }
  const tasks: CountTask[] = [];
  let rotation = 0;
  for (const group of groups) {
    const candidates = eligible(group);
    if (assignee === undefined && session.counters.length > 0 && candidates.length === 0) continue;
    const chosen = assignee ?? candidates[rotation++ % Math.max(1, candidates.length)];
    tasks.push({
      id: ids.next('task'),
      round,
      locations: [...new Set(group.map((entry) => entry.key.location))].sort(compareLocationPaths),
      keys: group.map((entry) => entry.key).sort((a, b) => (stockKeyId(a) < stockKeyId(b) ? -1 : 1)),
      ...(chosen === undefined ? {} : { assignee: chosen }),
      excludedCounters: [...new Set(group.flatMap((entry) => entry.asserters))],
    });
  }
  return tasks;
}
