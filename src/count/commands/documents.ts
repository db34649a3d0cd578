/**
 * What counts leave behind for people: count sheets, reports, post-count exceptions, counters'
 * flags and the results of posted counts.
 *
 * @internal
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../catalog/schemas.js';
import { isStocktakeError, StocktakeError } from '../../errors.js';
import { evaluateInventorySample } from '../../policy/sampling/evaluate.js';
import { buildSampleReport, type SampleReport } from '../../policy/sampling/report.js';
import { sampleResultsFromCount } from '../../policy/sampling/results.js';
import type { ReviewLine } from '../review-types.js';
import { stockKeyId, toStockKey, type StockKey } from '../../ledger/key.js';
import { omitUndefined } from '../../ledger/prepare.js';
import type { Movement } from '../../ledger/types.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { openConflicts } from '../entries.js';
import { buildCountReport, reportInputSchema, type CountReportOptions } from '../report.js';
import { renderCountReport } from '../report-render.js';
import { flagKeyInputSchema, type FlagKeyInput } from '../schemas.js';
import { assertState } from '../session.js';
import type { CountException, CountRecord, CountSession, CountTask } from '../types.js';
import { computeReview } from './computed-review.js';
import { emitAll, inReadOnly, inTransaction, loadSession, nowOf, type CountContext } from './context.js';

/** A counter's list: locations in walking order and the keys expected there. */
export interface CountSheet {
  /** The session. */
  readonly sessionId: string;
  /** The task. */
  readonly task: CountTask;
  /** Whether book quantities are hidden. */
  readonly blind: boolean;
  /** The locations in walking order. */
  readonly locations: ReadonlyArray<{
    readonly location: string;
    /** Whether the location is already complete or excluded in the task's round. */
    readonly done: boolean;
    readonly keys: ReadonlyArray<{
      readonly key: StockKey;
      readonly name?: string;
      readonly uom: string;
      /** Book quantity at opening; absent on a blind sheet. */
      readonly bookQty?: string;
    }>;
  }>;
}

/** `counts.sheet`. @internal */
export async function countSheet(ctx: CountContext, sessionId: string, taskId: string): Promise<CountSheet> {
  const wanted = parseInput(idSchema, taskId, ['taskId']);
  return inReadOnly(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    const task = session.tasks.find((candidate) => candidate.id === wanted);
    if (!task) throw new StocktakeError('task_not_found', `Session ${session.id} has no task "${wanted}"`, { path: ['taskId'] });
    return buildSheet(tx, session, task);
  });
}

/** A task's sheet, read in a transaction. @internal */
export async function buildSheet(tx: StorageTransaction, session: CountSession, task: CountTask): Promise<CountSheet> {
  const snapshot = await tx.listSnapshot(session.id);
  const marks = await tx.listLocationMarks(session.id);
  const inTask = new Set(task.locations);
  const keys = task.keys ?? snapshot.filter((line) => inTask.has(line.key.location)).map((line) => line.key);
  const book = new Map(snapshot.map((line) => [stockKeyId(line.key), line.qty]));
  const items = await tx.getItems([...new Set(keys.map((key) => key.sku))]);
  const done = new Set(marks.filter((mark) => mark.round === task.round).map((mark) => mark.location));
  const keysAt = new Map<string, StockKey[]>();
  for (const key of keys) {
    const here = keysAt.get(key.location);
    if (here) here.push(key);
    else keysAt.set(key.location, [key]);
  }
  return {
    sessionId: session.id,
    task,
    blind: session.blind,
    locations: task.locations.map((location) => ({
      location,
      done: done.has(location),
      keys: (keysAt.get(location) ?? []).map((key) => {
        const item = items.get(key.sku);
        return omitUndefined({
          key,
          name: item?.name,
          uom: item?.baseUom ?? '',
          bookQty: session.blind ? undefined : (book.get(stockKeyId(key)) ?? '0'),
        });
      }),
    })),
  };
}

/** `counts.report`. @internal */
export async function countReport(ctx: CountContext, sessionId: string, options: CountReportOptions = {}): Promise<string> {
  const { format, locale } = parseInput(reportInputSchema, options, ['options']);
  const generatedAt = nowOf(ctx);
  const report = await inReadOnly(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved', 'posted', 'cancelled'], 'report on');
    const { lines, entries, marks } = await computeReview(ctx, tx, session, { explain: true });
    const movements = await movementsById(tx, session.posting?.movementIds ?? []);
    const exceptions = (await tx.listExceptions()).filter((exception) => exception.sessionIds.includes(session.id));
    const laterMovements = await tx.getMovements(exceptions.map((exception) => exception.movementId));
    const sampling = sampleSection(session, lines);
    const inWindows = [...new Set(lines.flatMap((line) => line.rounds.flatMap((round) => round.movementsInWindow)))];
    const movementTimes = new Map([...(await tx.getMovements(inWindows)).values()].map((movement) => [movement.id, movement.occurredAt]));
    return buildCountReport({
      movementTimes,
      session,
      lines,
      entries,
      marks,
      conflicts: openConflicts(entries),
      movements,
      exceptions,
      laterMovements,
      ...(sampling ? { sampling } : {}),
      generatedAt,
    });
  });
  return renderCountReport(report, format, { locale, reasonCodes: ctx.policies.reasonCodes });
}

/**
 * The sampling section of a session that counts a sample: its evaluation once every sampled line
 * is settled (before that, the report has no section: there is nothing to conclude yet).
 */
function sampleSection(session: CountSession, lines: readonly ReviewLine[]): SampleReport | undefined {
  if (!session.sample) return undefined;
  try {
    const { results } = sampleResultsFromCount(session.sample, lines);
    return buildSampleReport(session.sample, evaluateInventorySample(session.sample, results));
  } catch (error) {
    if (isStocktakeError(error) && error.code === 'unresolved_lines') return undefined;
    throw error;
  }
}

/** `counts.exceptions`. @internal */
export async function listExceptions(ctx: CountContext, filter: DeepReadonly<{ status?: CountException['status'] }> = {}): Promise<CountException[]> {
  const parsed = parseInput(listExceptionsFilterSchema, filter, ['filter']);
  return inReadOnly(ctx, (tx) => tx.listExceptions(omitUndefined(parsed)));
}

const listExceptionsFilterSchema = z.object({ status: z.enum(['open', 'resolved']).optional() }).strict();

/** `counts.resolveException`. @internal */
export async function resolveException(ctx: CountContext, id: string, input: { actor: string; note: string }): Promise<CountException> {
  const exceptionId = parseInput(idSchema, id, ['id']);
  const actor = parseInput(idSchema, input?.actor, ['actor']);
  const note = parseInput(idSchema, input?.note, ['note']);
  return inTransaction(ctx, async (tx) => {
    const exception = (await tx.listExceptions()).find((candidate) => candidate.id === exceptionId);
    if (!exception) throw new StocktakeError('invalid_input', `No exception has id "${exceptionId}"`, { path: ['id'] });
    if (exception.status === 'resolved') return exception;
    const resolved: CountException = { ...exception, status: 'resolved', resolution: { actor, at: nowOf(ctx), note } };
    await tx.updateException(resolved);
    await ctx.audit(tx, { actor, action: 'count.exception.resolve', subject: exceptionId, data: { note } });
    return resolved;
  });
}

/** `counts.flag`. @internal */
export async function flagKey(ctx: CountContext, input: DeepReadonly<FlagKeyInput>): Promise<void> {
  const parsed = parseInput(flagKeyInputSchema, input);
  const at = parsed.at ?? nowOf(ctx);
  const key = toStockKey(parsed.key);
  const events = await inTransaction(ctx, async (tx) => {
    await ctx.audit(tx, { actor: parsed.counter, action: 'count.flag', subject: stockKeyId(key).replaceAll('\u001f', '|'), data: parsed });
    return ctx.publish(tx, [omitUndefined({ type: 'count.flagged' as const, key, counter: parsed.counter, note: parsed.note, sessionId: parsed.sessionId, at })]);
  });
  emitAll(ctx, events);
}

/** `counts.countRecords`. @internal */
export function listCountRecords(
  ctx: CountContext,
  filter: { keys?: StockKey[]; countedFrom?: string; countedTo?: string } = {},
): Promise<CountRecord[]> {
  return inReadOnly(ctx, (tx) =>
    tx.listCountRecords({ keys: filter.keys?.map(toStockKey), countedFrom: filter.countedFrom, countedTo: filter.countedTo }),
  );
}

/** The movements with these ids, in the order given. @internal */
export async function movementsById(tx: StorageTransaction, ids: readonly string[]): Promise<Movement[]> {
  const found = await tx.getMovements(ids);
  return ids.flatMap((id) => found.get(id) ?? []);
}
