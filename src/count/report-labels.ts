/**
 * The words of count reports per locale: headings, column labels, statuses and the plain-words
 * explanations of attributions and ambiguous lines.
 *
 * @module
 */
import type { AttributionCandidate, AttributionCategory } from '../attribution/types.js';
import { D } from '../quantity/decimal.js';
import type { CountReportAmbiguity, CountReportLine } from './report.js';
import type { ReviewStatus } from './review-types.js';
import type { ReasonCode } from './reason-codes.js';

/** The languages reports are written in. */
export type ReportLocale = 'en' | 'zh-CN';

/** The locales of reports. */
export const REPORT_LOCALES = ['en', 'zh-CN'] as const;

interface Words {
  readonly title: string;
  readonly facts: Readonly<Record<'session' | 'modePurpose' | 'state' | 'scope' | 'opened' | 'reviewStarted' | 'approved' | 'posted' | 'cancelled' | 'counters' | 'decidedBy' | 'generated', string>>;
  readonly by: string;
  readonly round: (n: number) => string;
  readonly totals: string;
  readonly linesTotal: string;
  readonly bookValue: string;
  readonly netValue: string;
  readonly absoluteValue: string;
  readonly adjustments: string;
  readonly confirmations: string;
  readonly variances: string;
  readonly allMatched: string;
  readonly columns: Readonly<Record<'item' | 'location' | 'book' | 'counted' | 'variance' | 'value' | 'status' | 'countedBy' | 'explanation' | 'responsible' | 'reason' | 'adjustment', string>>;
  readonly suggestions: string;
  readonly exceptions: string;
  readonly none: string;
  readonly afterPosting: string;
  readonly afterPostingNote: string;
  readonly postedMovements: string;
  readonly movementColumns: Readonly<Record<'movement' | 'item' | 'location' | 'quantity' | 'dated' | 'reason' | 'kind' | 'recorded' | 'by' | 'keys' | 'status', string>>;
  readonly proposed: string;
  readonly status: Readonly<Record<ReviewStatus | 'posted', string>>;
  /** Session states, modes and purposes, and exception kinds; English words stand for themselves. */
  readonly terms: Readonly<Record<string, string>>;
  readonly category: Readonly<Record<AttributionCategory, string>>;
  readonly likely: (confidence: number) => string;
  readonly counterpart: (sameQty: boolean, qty: string, gainHere: boolean, locations: string) => string;
  readonly ambiguity: (a: CountReportAmbiguity, movements: string) => string;
  readonly freeze: (a: CountReportAmbiguity) => string;
  readonly at: (movement: string, time: string) => string;
}

const EN: Words = {
  title: 'Count report',
  facts: { session: 'Session', modePurpose: 'Mode / purpose', state: 'State', scope: 'Scope', opened: 'Opened', reviewStarted: 'Review started', approved: 'Approved', posted: 'Posted', cancelled: 'Cancelled', counters: 'Counters', decidedBy: 'Decided by', generated: 'Report generated' },
  by: 'by',
  round: (n) => `round ${n}`,
  totals: 'Totals',
  linesTotal: 'Lines',
  bookValue: 'Book value at expected quantities',
  netValue: 'Net variance value',
  absoluteValue: 'absolute',
  adjustments: 'Posted adjustments',
  confirmations: 'confirmations',
  variances: 'Variances',
  allMatched: 'Every line matched the book.',
  columns: { item: 'Item', location: 'Location', book: 'Expected', counted: 'Counted', variance: 'Variance', value: 'Value', status: 'Status', countedBy: 'Counted by', explanation: 'Explanation', responsible: 'Responsible', reason: 'Reason', adjustment: 'Adjustment' },
  suggestions: 'Suggestions',
  exceptions: 'Exceptions',
  none: 'None.',
  afterPosting: 'After posting',
  afterPostingNote: 'Recorded after the posting but dated before its counts; the figures above are the ones posted.',
  postedMovements: 'Posted movements',
  movementColumns: { movement: 'Movement', item: 'Item', location: 'Location', quantity: 'Quantity', dated: 'Dated', reason: 'Reason', kind: 'Kind', recorded: 'Recorded', by: 'By', keys: 'Keys', status: 'Status' },
  proposed: 'proposed',
  status: { pending: 'pending', match: 'match', within_tolerance: 'within tolerance', recount: 'recount', ambiguous: 'ambiguous', needs_approval: 'needs approval', needs_decision: 'needs decision', posted: 'posted' },
  terms: {},
  category: {
    count_error: 'a counting error',
    cutoff: 'a cut-off error (a movement dated on the wrong side of the count)',
    misplacement: 'misplaced',
    item_mixup: 'mixed up with a look-alike item',
    uom_error: 'a unit error (a pack counted as an each, or the reverse)',
    shrinkage: 'shrinkage',
    unexplained: 'unexplained',
    inherited: 'an inherited difference',
  },
  likely: (confidence) => (confidence >= 0.5 ? 'probably ' : 'possibly '),
  counterpart: (same, qty, gainHere, locations) => `${same ? 'the same quantity' : qty} is ${gainHere ? 'missing' : 'found'} at ${locations}`,
  ambiguity: (a, movements) => `${a.movements.length > 1 ? 'movements' : 'movement'} ${movements} dated inside the count window of round ${a.round} (${a.window.from} to ${a.window.to}), so that count could not be used`,
  freeze: (a) => `a movement let through the freeze during round ${a.round} (${a.window.from} to ${a.window.to}), so that count could not be used`,
  at: (movement, time) => `${movement} at ${time}`,
};

const ZH: Words = {
  title: '盘点报告',
  facts: { session: '盘点单', modePurpose: '方式 / 目的', state: '状态', scope: '范围', opened: '开始', reviewStarted: '开始复核', approved: '审批', posted: '过账', cancelled: '取消', counters: '盘点人', decidedBy: '裁定人', generated: '报告生成时间' },
  by: '由',
  round: (n) => `第 ${n} 轮`,
  totals: '合计',
  linesTotal: '行数',
  bookValue: '按预期数量计的账面金额',
  netValue: '差异净额',
  absoluteValue: '绝对值',
  adjustments: '已过账调整',
  confirmations: '确认',
  variances: '差异',
  allMatched: '所有行与账面一致。',
  columns: { item: '物料', location: '库位', book: '账面数量', counted: '实盘数量', variance: '差异', value: '差异金额', status: '状态', countedBy: '盘点人', explanation: '说明', responsible: '责任人', reason: '原因', adjustment: '调整单' },
  suggestions: '建议',
  exceptions: '异常',
  none: '无。',
  afterPosting: '过账之后',
  afterPostingNote: '过账后登记、但日期早于盘点的单据；上表为已过账的数字。',
  postedMovements: '已过账单据',
  movementColumns: { movement: '单据', item: '物料', location: '库位', quantity: '数量', dated: '日期', reason: '原因', kind: '类型', recorded: '登记时间', by: '经办人', keys: '库存键', status: '状态' },
  proposed: '建议',
  terms: {
    draft: '草稿', counting: '盘点中', reviewing: '复核中', approved: '已审批', posted: '已过账', cancelled: '已取消',
    full: '全盘', cycle: '循环盘点', spot: '抽盘', regular: '常规', baseline: '基线',
    late_movement: '迟录单据', decision: '裁定', superseded_decision: '被取代的裁定', recounted: '复盘', unresolved: '未解决',
    excluded_location: '排除的库位', open_conflict: '未处理的冲突',
  },
  status: { pending: '待盘点', match: '相符', within_tolerance: '在容差内', recount: '需复盘', ambiguous: '不确定', needs_approval: '待审批', needs_decision: '待裁定', posted: '已过账' },
  category: {
    count_error: '盘点错误',
    cutoff: '截止时间错误（单据日期跨越盘点时点）',
    misplacement: '错放库位',
    item_mixup: '与相似物料混淆',
    uom_error: '单位错误（包装与基本单位混淆）',
    shrinkage: '损耗',
    unexplained: '原因不明',
    inherited: '历史遗留差异',
  },
  likely: (confidence) => (confidence >= 0.5 ? '很可能是' : '可能是'),
  counterpart: (same, qty, gainHere, locations) => `${same ? '同等数量' : qty}在 ${locations} ${gainHere ? '短少' : '多出'}`,
  ambiguity: (a, movements) => `单据 ${movements}的日期落在第 ${a.round} 轮盘点时段内（${a.window.from} 至 ${a.window.to}），该轮盘点无法采用`,
  freeze: (a) => `第 ${a.round} 轮盘点期间（${a.window.from} 至 ${a.window.to}）有单据越过冻结，该轮盘点无法采用`,
  at: (movement, time) => `${movement}（${time}）`,
};

/** A term (state, mode, purpose, exception kind) in a locale; English shows it with spaces. @internal */
export function termOf(words: Words, term: string): string {
  return (Object.hasOwn(words.terms, term) ? words.terms[term] : undefined) ?? term.replaceAll('_', ' ');
}

/** The words of a locale. @internal */
export function wordsOf(locale: ReportLocale): Words {
  return locale === 'zh-CN' ? ZH : EN;
}

/** A reason code's label in a locale: its own label for the locale, else its label. @internal */
export function reasonLabel(codes: readonly ReasonCode[], code: string, locale: ReportLocale): string | undefined {
  const reason = codes.find((candidate) => candidate.code === code);
  if (!reason) return undefined;
  return (Object.hasOwn(reason.labels ?? {}, locale) ? reason.labels![locale] : undefined) ?? reason.label;
}

/** An attribution candidate in plain words, e.g. "probably misplaced: the same quantity is missing at WH1/A/02". @internal */
export function attributionText(line: CountReportLine, candidate: AttributionCandidate, words: Words): string {
  const head = `${words.likely(candidate.confidence)}${words.category[candidate.category]}`;
  const elsewhere = [...new Set(candidate.evidence.lines.map((key) => key.location).filter((location) => location !== line.key.location))];
  if (elsewhere.length === 0) return head;
  const same = new D(candidate.explainedQty).abs().eq(new D(line.variance).abs());
  return `${head}: ${words.counterpart(same, candidate.explainedQty, new D(line.variance).gt(0), elsewhere.join(', '))}`;
}

/** Why a line's rounds could not be used, in plain words. @internal */
export function ambiguityTexts(line: CountReportLine, words: Words): string[] {
  return (line.ambiguities ?? []).map((a) =>
    a.reason === 'freeze_override'
      ? words.freeze(a)
      : words.ambiguity(a, a.movements.map((m) => (m.occurredAt ? words.at(m.id, m.occurredAt) : m.id)).join(', ')),
  );
}
