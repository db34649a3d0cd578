/**
 * The input of {@link attributeVariances}: plain data an ERP can also assemble itself (review
 * lines, entries, postings, items, custodian assignments and count records). Objects may carry more
 * fields than listed (a whole `ReviewLine` is accepted as a line).
 *
 * @module
 */
import * as z from 'zod';
import { idSchema, locationIdSchema } from '../catalog/schemas.js';
import { stockKeySchema, type StockKey } from '../ledger/key.js';
import type { MovementKind } from '../ledger/types.js';
import { decimalStringSchema, packFactorSchema, type DecimalString } from '../quantity/decimal.js';
import { textSchema } from '../text.js';
import type { Instant } from '../time.js';
import type { AttributionOptions } from './types.js';

/** A stored instant: a UTC ISO-8601 string with milliseconds, as the engine returns them. */
const storedInstantSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'Expected a UTC instant such as "2026-03-02T09:00:00.000Z"')
  .refine((value) => Number.isFinite(Date.parse(value)), 'Expected a valid instant');

const windowSchema = z.looseObject({ from: storedInstantSchema, to: storedInstantSchema });

const statusSchema = z.enum(['pending', 'match', 'within_tolerance', 'recount', 'ambiguous', 'needs_approval', 'needs_decision']);

/** A review line as {@link attributeVariances} reads it. */
export const attributionLineSchema = z.looseObject({
  key: stockKeySchema,
  expected: decimalStringSchema,
  counted: decimalStringSchema,
  variance: decimalStringSchema,
  status: statusSchema,
  window: windowSchema,
  round: z.number().int().min(1),
  rounds: z.array(
    z.looseObject({
      round: z.number().int().min(1),
      counted: decimalStringSchema,
      expected: decimalStringSchema,
      variance: decimalStringSchema,
      window: windowSchema,
      counters: z.array(idSchema),
      entryIds: z.array(idSchema),
      unusable: z.enum(['movement_in_window', 'freeze_override']).optional(),
      complete: z.boolean(),
    }),
  ),
  counters: z.array(idSchema),
  decision: z.looseObject({ qty: decimalStringSchema, actor: idSchema }).optional(),
});

/** A count entry as {@link attributeVariances} reads it. */
export const attributionEntrySchema = z.looseObject({
  entryId: idSchema,
  kind: z.enum(['count', 'void', 'accept']),
  key: stockKeySchema.optional(),
  qty: decimalStringSchema.optional(),
  enteredQty: decimalStringSchema.optional(),
  enteredUom: textSchema.min(1).optional(),
  counter: idSchema,
  round: z.number().int().min(1),
});

/** A ledger posting as {@link attributeVariances} reads it. */
export const attributionPostingSchema = z.looseObject({
  movementId: idSchema,
  key: stockKeySchema,
  delta: decimalStringSchema,
  occurredAt: storedInstantSchema,
  kind: z.enum(['receipt', 'issue', 'transfer', 'adjustment', 'count_adjustment']),
  actor: idSchema,
});

/** An item as {@link attributeVariances} reads it. */
export const attributionItemSchema = z.looseObject({
  sku: idSchema,
  baseUom: textSchema.min(1),
  packs: z.array(z.looseObject({ uom: textSchema.min(1), factor: packFactorSchema })),
  lookAlikes: z.array(idSchema),
});

/** A custodian assignment as {@link attributeVariances} reads it. */
export const attributionCustodianSchema = z.looseObject({
  seq: z.number().int(),
  location: locationIdSchema,
  custodians: z.array(idSchema),
  from: storedInstantSchema,
});

/** A count record (a posted count) as {@link attributeVariances} reads it. */
export const attributionCountRecordSchema = z.looseObject({
  key: stockKeySchema,
  sessionId: idSchema,
  countedAt: storedInstantSchema,
});

/** Input of {@link attributeVariances}. */
export const attributionInputSchema = z
  .object({
    sessionId: idSchema,
    purpose: z.enum(['regular', 'baseline']),
    lines: z.array(attributionLineSchema),
    entries: z.array(attributionEntrySchema),
    postings: z.array(attributionPostingSchema),
    items: z.array(attributionItemSchema),
    custodians: z.array(attributionCustodianSchema),
    countRecords: z.array(attributionCountRecordSchema),
    options: z.object({ cutoffMinutes: z.number().int().min(0).max(525_600).optional() }).strict().optional(),
  })
  .strict();

/** One round of a line, as attribution reads it (a `RoundCount` fits). */
export interface AttributionRound {
  readonly round: number;
  readonly counted: DecimalString;
  readonly expected: DecimalString;
  readonly variance: DecimalString;
  readonly window: { readonly from: Instant; readonly to: Instant };
  readonly counters: readonly string[];
  readonly entryIds: readonly string[];
  readonly unusable?: 'movement_in_window' | 'freeze_override';
  readonly complete: boolean;
}

/** A review line as attribution reads it (a `ReviewLine` fits). */
export interface AttributionLine {
  readonly key: StockKey;
  readonly expected: DecimalString;
  readonly counted: DecimalString;
  readonly variance: DecimalString;
  readonly status: 'pending' | 'match' | 'within_tolerance' | 'recount' | 'ambiguous' | 'needs_approval' | 'needs_decision';
  readonly window: { readonly from: Instant; readonly to: Instant };
  readonly round: number;
  readonly rounds: readonly AttributionRound[];
  readonly counters: readonly string[];
  readonly decision?: { readonly qty: DecimalString; readonly actor: string };
}

/** A count entry as attribution reads it (a `CountEntry` fits). */
export interface AttributionEntry {
  readonly entryId: string;
  readonly kind: 'count' | 'void' | 'accept';
  readonly key?: StockKey;
  readonly qty?: DecimalString;
  readonly enteredQty?: DecimalString;
  readonly enteredUom?: string;
  readonly counter: string;
  readonly round: number;
}

/** A posting as attribution reads it (a `Posting` fits). */
export interface AttributionPosting {
  readonly movementId: string;
  readonly key: StockKey;
  readonly delta: DecimalString;
  readonly occurredAt: Instant;
  readonly kind: MovementKind;
  readonly actor: string;
}

/** An item as attribution reads it (an `Item` fits). */
export interface AttributionItem {
  readonly sku: string;
  readonly baseUom: string;
  readonly packs: ReadonlyArray<{ readonly uom: string; readonly factor: DecimalString }>;
  readonly lookAlikes: readonly string[];
}

/** A custodian assignment as attribution reads it (a `CustodianAssignment` fits). */
export interface AttributionCustodian {
  readonly seq: number;
  readonly location: string;
  readonly custodians: readonly string[];
  readonly from: Instant;
}

/** A count record as attribution reads it (a `CountRecord` fits). */
export interface AttributionCountRecord {
  readonly key: StockKey;
  readonly sessionId: string;
  readonly countedAt: Instant;
}

/** Everything {@link attributeVariances} decides from. */
export interface AttributionInput {
  /** The session the lines belong to (its own count records are not a "last good count"). */
  readonly sessionId: string;
  /** `baseline` sessions attribute what nothing else explains to the previous custodians (`inherited`). */
  readonly purpose: 'regular' | 'baseline';
  /** The review lines, every status (only lines with a settled or open variance are attributed). */
  readonly lines: readonly AttributionLine[];
  /** The session's entries. */
  readonly entries: readonly AttributionEntry[];
  /** Postings of the lines' keys, at least from each key's last good count on. */
  readonly postings: readonly AttributionPosting[];
  /** The items of the lines. */
  readonly items: readonly AttributionItem[];
  /** Every custodian assignment. */
  readonly custodians: readonly AttributionCustodian[];
  /** Posted counts of the lines' keys. */
  readonly countRecords: readonly AttributionCountRecord[];
  /** Tunables. */
  readonly options?: AttributionOptions;
}
