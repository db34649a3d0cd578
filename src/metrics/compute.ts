import { counterAccuracy, inventoryRecordAccuracy } from './accuracy.js';
import { coverage } from './coverage.js';
import { groupsOf, inScope } from './grouping.js';
import { riskiestSkus } from './risk.js';
import { countingSpeed, entryWork, type EntryWork } from './speed.js';
import { agedStock } from './stock-age.js';
import type { GroupMetrics, MetricsData, MetricsLine, MetricsResult, MetricsStock } from './types.js';
import { netShrinkageValue, varianceRateByValue } from './value.js';

/**
 * Computes every figure per group and in total. Pure: plain data in, plain data out. Each figure's
 * formula is documented on its function (`accuracy.ts`, `value.ts`, `coverage.ts`, `speed.ts`,
 * `risk.ts`, `stock-age.ts`).
 *
 * @param data - posted lines, entries and stock of the period, grouping and thresholds
 * @returns the groups and the total
 * @internal
 */
export function computeMetrics(data: MetricsData): MetricsResult {
  const lines = data.lines.filter((line) => inScope(data.groupBy, line));
  // Work is split per entry over whole runs first, then only the entries made in the period count.
  const work = entryWork(data.entries).filter(
    ({ entry }) => entry.countedAt >= data.from && entry.countedAt <= data.to && inScope(data.groupBy, entry),
  );
  const stock = data.stock.filter((record) => inScope(data.groupBy, record));
  const labels = new Set<string>();
  const linesBy = new Map<string, MetricsLine[]>();
  const workBy = new Map<string, EntryWork[]>();
  const stockBy = new Map<string, MetricsStock[]>();
  const add = <T>(map: Map<string, T[]>, groups: readonly string[], value: T): void => {
    for (const group of groups) {
      labels.add(group);
      const list = map.get(group) ?? [];
      list.push(value);
      map.set(group, list);
    }
  };
  for (const line of lines) add(linesBy, groupsOf(data.groupBy, line) ?? [], line);
  for (const item of work) {
    const { entry } = item;
    add(workBy, groupsOf(data.groupBy, { key: entry.key, counters: [entry.counter], ...(entry.abcClass ? { abcClass: entry.abcClass } : {}) }) ?? [], item);
  }
  const counterGrouping = data.groupBy.by === 'counter';
  if (!counterGrouping) {
    for (const record of stock) {
      if (record.qty !== '0') add(stockBy, groupsOf(data.groupBy, record) ?? [], record);
    }
  }
  const figures = (group: string, groupLines: readonly MetricsLine[], groupWork: readonly EntryWork[], groupStock: readonly MetricsStock[], counter?: string): GroupMetrics => ({
    group,
    lines: groupLines.length,
    inventoryRecordAccuracy: inventoryRecordAccuracy(groupLines, counter),
    varianceRateByValue: varianceRateByValue(groupLines),
    netShrinkageValue: netShrinkageValue(groupLines),
    coverage: coverage(groupLines, groupStock),
    counterAccuracy: counterAccuracy(groupLines, counter),
    countingSpeed: countingSpeed(groupWork),
    riskiestSkus: riskiestSkus(groupLines, data.top),
    ...agedStock(counter === undefined ? groupStock : [], data.to, data.slowMovingDays, data.deadStockDays),
  });
  const groups = [...labels].sort().map((label) =>
    figures(label, linesBy.get(label) ?? [], workBy.get(label) ?? [], counterGrouping ? stock : (stockBy.get(label) ?? []), counterGrouping ? label : undefined),
  );
  return { from: data.from, to: data.to, groupBy: data.groupBy, groups, total: figures('total', lines, work, stock) };
}
