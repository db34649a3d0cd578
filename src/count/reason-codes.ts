/**
 * Reason codes of count adjustments: a configurable list with a sign rule per code. The
 * attribution proposes one per line, the approver confirms or overrides it, and posting stores it
 * on the adjustment movement.
 *
 * @module
 */
import * as z from 'zod';
import { idSchema } from '../catalog/schemas.js';
import { D, type DecimalString } from '../quantity/decimal.js';
import { textSchema } from '../text.js';

/** Which variances a reason code may explain: only gains, only losses, or either. */
export type ReasonSign = 'gain' | 'loss' | 'either';

/** A reason code an approver may give a count adjustment. */
export interface ReasonCode {
  /** The stable code stored on the movement, e.g. `shrinkage`. */
  readonly code: string;
  /** A label for people. */
  readonly label: string;
  /** `gain` (only positive variances), `loss` (only negative ones) or `either`. */
  readonly sign: ReasonSign;
  /** The label in other languages, by locale (e.g. `{ 'zh-CN': '损耗' }`); reports use it for their locale. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One reason code. */
export const reasonCodeSchema = z
  .object({
    code: idSchema,
    label: textSchema.min(1).max(200),
    sign: z.enum(['gain', 'loss', 'either']),
    labels: z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a locale such as "zh-CN"'), textSchema.min(1).max(200)).optional(),
  })
  .strict();

/** A list of reason codes: at least one, each code once. */
export const reasonCodesSchema = z
  .array(reasonCodeSchema)
  .min(1)
  .max(1000)
  .superRefine((codes, ctx) => {
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      if (seen.has(code.code)) ctx.addIssue({ code: 'custom', path: [index, 'code'], message: `Reason code "${code.code}" is listed twice` });
      seen.add(code.code);
    });
  });

/**
 * The default reason codes. Each attribution category proposes the code of the same name
 * (`misplacement` proposes `misplaced`, `unexplained` gains propose `found`).
 */
export const defaultReasonCodes: readonly ReasonCode[] = [
  { code: 'count_error', label: 'Counting error confirmed by a recount', sign: 'either', labels: { 'zh-CN': '盘点错误（复盘确认）' } },
  { code: 'shrinkage', label: 'Shrinkage (loss without another explanation)', sign: 'loss', labels: { 'zh-CN': '损耗（无其他解释的短缺）' } },
  { code: 'damage', label: 'Damaged or spoiled goods written off', sign: 'loss', labels: { 'zh-CN': '损坏或变质报废' } },
  { code: 'misplaced', label: 'Stored at another location', sign: 'either', labels: { 'zh-CN': '错放在其他库位' } },
  { code: 'item_mixup', label: 'Mixed up with a look-alike item', sign: 'either', labels: { 'zh-CN': '与相似物料混淆' } },
  { code: 'found', label: 'Found stock the book did not hold', sign: 'gain', labels: { 'zh-CN': '账外多出的库存' } },
  { code: 'uom_error', label: 'Pack counted as an each, or the reverse', sign: 'either', labels: { 'zh-CN': '包装单位与基本单位混淆' } },
  { code: 'cutoff', label: 'Movement dated on the wrong side of the count', sign: 'either', labels: { 'zh-CN': '单据日期跨越盘点时点' } },
  { code: 'inherited', label: 'Inherited difference found by a baseline count', sign: 'either', labels: { 'zh-CN': '基线盘点发现的历史差异' } },
];

/**
 * Tells whether a reason code's sign rule allows a variance. A zero variance has no sign: only
 * `either` codes fit it.
 *
 * @param reason - the reason code
 * @param variance - counted minus expected
 * @returns true when the code may explain the variance
 * @internal
 * @example
 * ```ts
 * reasonFitsVariance({ code: 'found', label: 'Found', sign: 'gain', labels: { 'zh-CN': '账外多出的库存' } }, '-3'); // false
 * ```
 */
export function reasonFitsVariance(reason: ReasonCode, variance: DecimalString): boolean {
  const value = new D(variance);
  if (reason.sign === 'either') return true;
  return reason.sign === 'gain' ? value.gt(0) : value.lt(0);
}
