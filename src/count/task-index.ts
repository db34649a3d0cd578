import { stockKeyId, type StockKey } from '../ledger/key.js';
import type { CountSession, CountTask } from './types.js';

/**
 * The task of the current round a key is counted in: the one named, or the first whose locations
 * (and, for a recount, keys) hold it.
 *
 * @internal
 */
export function findTask(session: CountSession, key: StockKey, taskId: string | undefined): CountTask | undefined {
  const id = stockKeyId(key);
  const candidates = tasksByLocation(session).get(key.location) ?? [];
  const fits = (task: CountTask) => task.keys === undefined || task.keys.some((candidate) => stockKeyId(candidate) === id);
  return candidates.find((task) => (taskId === undefined || task.id === taskId) && fits(task));
}

/**
 * Whether a counter may count a task: it is unassigned, assigned to them, or to a team of theirs.
 *
 * @internal
 */
export function isAssigned(session: CountSession, task: CountTask, counter: string): boolean {
  return task.assignee === undefined || task.assignee === counter || (session.teams[task.assignee]?.includes(counter) ?? false);
}

const taskIndex = new WeakMap<CountSession, Map<string, CountTask[]>>();

/**
 * The current round's tasks by location, built once per stored session object: recording an
 * entry must not scan every location of a large count.
 *
 * @internal
 */
export function tasksByLocation(session: CountSession): Map<string, CountTask[]> {
  let index = taskIndex.get(session);
  if (!index) {
    index = new Map();
    for (const task of session.tasks) {
      if (task.round !== session.round) continue;
      for (const location of task.locations) {
        const here = index.get(location);
        if (here) here.push(task);
        else index.set(location, [task]);
      }
    }
    taskIndex.set(session, index);
  }
  return index;
}

