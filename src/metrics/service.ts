import type { Item, Location } from '../catalog/types.js';
import type { EngineContext } from '../context.js';
import { computeReview } from '../count/commands/computed-review.js';
import { createCountContext } from '../count/commands/context.js';
import { countingEntries } from '../count/entries.js';
import type { ReviewLine, RoundCount } from '../count/review-types.js';
import type { CountEntry, CountRecord, CountSession } from '../count/types.js';
import { stockKeyId, toStockKey } from '../ledger/key.js';
import { omitUndefined } from '../ledger/prepare.js';
import { applyTolerance, type ToleranceLine } from '../policy/tolerance.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import { parseInput } from '../validate.js';
import { computeMetrics } from './compute.js';
import { loadStockSlice, type StockAtEnd } from './stock-slice.js';
import { metricsInputSchema, type MetricsInput } from './schemas.js';
import type { MetricsEntry, MetricsGroupBy, MetricsLine, MetricsResult, MetricsStock } from './types.js';

/** Counting performance and stock health over a period. */
export interface MetricsApi {
  /**
   * Computes the figures of a period, per group and in total, from posted sessions (their review
   * lines and entries), count records and the ledger: inventory record accuracy, variance rate by
   * value, net shrinkage value, coverage, counter accuracy, counting speed, the riskiest skus and
   * slow-moving and dead stock. Each formula is documented on {@link GroupMetrics}.
   *
   * A posted line is in the period when its count time (the end of its count window) is; entries
   * when they were counted in it; stock is the book at `to`. With `counter` grouping, lines and
   * entries belong to who counted them, coverage is measured against all stock, and the stock
   * lists are only in the total.
   *
   * @param input - the period, the grouping and the thresholds
   * @returns the figures
   * @example
   * ```ts
   * const day = await st.metrics.compute({ from: '2026-03-02T00:00:00Z', to: '2026-03-02T23:59:59Z', groupBy: { by: 'counter' } });
   * day.total.inventoryRecordAccuracy.ratio; // '0.9'
   * ```
   */
  compute(input: MetricsInput): Promise<MetricsResult>;
}

/** @internal */
export function createMetrics(ctx: EngineContext): MetricsApi {
  const countContext = createCountContext(ctx);
  return {
    async compute(input) {
      const parsed = parseInput(metricsInputSchema, input, ['input']);
      const { from, to } = parsed;
      const loaded = await ctx.storage.transaction(
        async (tx) => {
          const records = await tx.listCountRecords({ countedFrom: from, countedTo: to });
          const sessions: Array<{ session: CountSession; lines: readonly ReviewLine[] }> = [];
          const entries: CountEntry[] = [];
          for (const id of [...new Set(records.map((record) => record.sessionId))]) {
            const session = await tx.getSession(id);
            if (!session) continue;
            // The review is read in this read-only transaction: metrics never write.
            sessions.push({ session, lines: (await computeReview(countContext, tx, session, { explain: true })).lines });
            entries.push(...(await tx.listEntries(id)));
          }
          return {
            records,
            sessions,
            entries,
            items: new Map((await tx.listItems()).map((item) => [item.sku, item])),
            locations: new Map((await tx.listLocations()).map((location) => [location.id, location])),
            stock: await loadStockSlice(tx, to, parsed.slowMovingDays),
          };
        },
        { readOnly: true },
      );
      const lines: MetricsLine[] = [];
      for (const { session, lines: reviewLines } of loaded.sessions) {
        lines.push(...postedLines(ctx, session, reviewLines, loaded.records, loaded.items, loaded.locations));
      }
      return computeMetrics({
        from,
        to,
        groupBy: omitUndefined(parsed.groupBy) as MetricsGroupBy,
        lines,
        entries: metricsEntries(loaded.entries, loaded.items),
        stock: stockAt(loaded.stock, loaded.items),
        slowMovingDays: parsed.slowMovingDays,
        deadStockDays: parsed.deadStockDays,
        top: parsed.top,
      });
    },
  };
}

/** The review lines a session posted with a count time in the period, as metrics read them. */
function postedLines(
  ctx: EngineContext,
  session: CountSession,
  lines: readonly ReviewLine[],
  records: readonly CountRecord[],
  items: ReadonlyMap<string, Item>,
  locations: ReadonlyMap<string, Location>,
): MetricsLine[] {
  const inPeriod = new Set(records.filter((record) => record.sessionId === session.id).map((record) => stockKeyId(record.key)));
  const result: MetricsLine[] = [];
  for (const line of lines) {
    if (!inPeriod.has(stockKeyId(line.key))) continue;
    const item = items.get(line.sku);
    const usable = line.rounds.filter((round) => round.complete && round.unusable === undefined);
    const first = usable.find((round) => round.round === 1);
    result.push(
      omitUndefined({
        sessionId: session.id,
        key: toStockKey(line.key),
        abcClass: item?.abcClass,
        unitCost: line.unitCost,
        expected: line.expected,
        counted: line.counted,
        variance: line.variance,
        varianceValue: line.varianceValue,
        counters: line.counters,
        firstCount:
          first && item
            ? { withinTolerance: firstWithinTolerance(ctx, session, first, line.unitCost, item, locations.get(line.location)), counters: first.counters }
            : undefined,
        rounds: usable.map((round) => ({ counted: round.counted, variance: round.variance, counters: round.counters })),
      }),
    );
  }
  return result;
}

/** The tolerance verdict on round one's figures, as the review would have given it. */
function firstWithinTolerance(ctx: EngineContext, session: CountSession, round: RoundCount, unitCost: string, item: Item, location: Location | undefined): boolean {
  const expected = new D(round.expected);
  const variance = new D(round.variance);
  if (variance.isZero()) return true;
  const figures: ToleranceLine = {
    expected: round.expected,
    counted: round.counted,
    variance: round.variance,
    variancePercent: expected.isZero() ? null : formatDecimal(variance.div(expected).times(100).toDecimalPlaces(4)),
    varianceValue: formatDecimal(variance.times(unitCost)),
  };
  return applyTolerance(ctx.policies.tolerance, figures, item, location, session.tolerance);
}

/** Count entries that count, all of them: speed credits each to the period it was made in, after its run's earlier entries. */
function metricsEntries(entries: readonly CountEntry[], items: ReadonlyMap<string, Item>): MetricsEntry[] {
  const bySession = new Map<string, CountEntry[]>();
  for (const entry of entries) bySession.set(entry.sessionId, [...(bySession.get(entry.sessionId) ?? []), entry]);
  return [...bySession.values()].flatMap((own) =>
    countingEntries(own)
      .map((entry) =>
        omitUndefined({ sessionId: entry.sessionId, round: entry.round, counter: entry.counter, countedAt: entry.countedAt, key: toStockKey(entry.key!), abcClass: items.get(entry.key!.sku)?.abcClass }),
      ),
  );
}

/** Every key's book at `to` with its last movement up to then, as the stock figures read them. */
function stockAt(stock: readonly StockAtEnd[], items: ReadonlyMap<string, Item>): MetricsStock[] {
  return stock.map(({ balance, lastMovementAt }) => {
    const item = items.get(balance.key.sku);
    return omitUndefined({
      key: toStockKey(balance.key),
      abcClass: item?.abcClass,
      qty: balance.qty,
      unitCost: item?.unitCost ?? '0',
      lastMovementAt,
    });
  });
}
