/**
 * The printed count list of a session: its tasks' sheets, numbered for paper.
 *
 * @internal
 * @module
 */
import type { Item } from '../../catalog/types.js';
import { StocktakeError } from '../../errors.js';
import { omitUndefined } from '../../ledger/prepare.js';
import { parseInput } from '../../validate.js';
import { countListInputSchema, renderCountList, type CountList, type CountListLine, type CountListOptions, type CountListTask } from '../count-list.js';
import { assertState } from '../session.js';
import type { CountSession, CountTask } from '../types.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import { inReadOnly, loadSession, nowOf, type CountContext } from './context.js';
import { buildSheet } from './documents.js';

/** `counts.countList`. @internal */
export async function countList(ctx: CountContext, sessionId: string, options: CountListOptions): Promise<string> {
  const parsed = parseInput(countListInputSchema, options, ['options']);
  const generatedAt = nowOf(ctx);
  const list = await inReadOnly(ctx, async (tx): Promise<CountList> => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved', 'posted'], 'print a count list of');
    const tasks = tasksToPrint(session, parsed.taskId);
    return omitUndefined({
      sessionId: session.id,
      sessionName: session.name,
      blind: session.blind,
      generatedAt,
      tasks: await Promise.all(tasks.map((task) => listTask(tx, session, task))),
    });
  });
  return renderCountList(list, parsed.format);
}

function tasksToPrint(session: CountSession, taskId: string | undefined): CountTask[] {
  if (taskId === undefined) return session.tasks.filter((task) => task.round === session.round);
  const task = session.tasks.find((candidate) => candidate.id === taskId);
  if (!task) throw new StocktakeError('task_not_found', `Session ${session.id} has no task "${taskId}"`, { path: ['options', 'taskId'] });
  return [task];
}

async function listTask(tx: StorageTransaction, session: CountSession, task: CountTask): Promise<CountListTask> {
  const sheet = await buildSheet(tx, session, task);
  const items = await tx.getItems([...new Set(sheet.locations.flatMap((location) => location.keys.map((entry) => entry.key.sku)))]);
  let number = 0;
  const locations = sheet.locations.map(({ location, keys }) => ({
    location,
    lines: keys.map(({ key, name, uom, bookQty }): CountListLine =>
      omitUndefined({ line: ++number, location, sku: key.sku, name, lot: key.lot, serial: key.serial, uom, packs: packsOf(items.get(key.sku)), book: bookQty }),
    ),
  }));
  return omitUndefined({ taskId: task.id, round: task.round, assignee: task.assignee, locations });
}

function packsOf(item: Item | undefined): string {
  return item ? item.packs.map((pack) => `${pack.uom} = ${pack.factor} ${item.baseUom}`).join('; ') : '';
}
