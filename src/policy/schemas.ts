/**
 * zod schemas for every input of the cycle-count policies. Each public function validates its
 * input with these and throws a `StocktakeError` (`invalid_input`, with the path of the first bad
 * field) when it fails; they are exported so an ERP can validate at its own edge or emit JSON
 * Schema with `z.toJSONSchema`.
 *
 * @module
 */
import * as z from 'zod';
import { locationIdSchema } from '../catalog/schemas.js';
import { textSchema } from '../text.js';
import { stockKeySchema } from '../ledger/key.js';
import { decimalStringSchema } from '../quantity/decimal.js';
import { calendarDaysBetween, isCalendarDate, isTimeZone } from './dates.js';

/** The longest horizon a plan accepts, in calendar days (ten years). */
export const MAX_HORIZON_DAYS = 3653;

/** The highest count frequency a key may have: once a day. */
export const MAX_FREQUENCY = 365;

/** Default counts per year: A monthly, B quarterly, C twice a year. */
export const DEFAULT_CLASS_FREQUENCIES: Readonly<Record<'A' | 'B' | 'C', number>> = { A: 12, B: 4, C: 2 };

/** A calendar date `YYYY-MM-DD` (a real date: `2027-02-30` fails). */
export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'Expected a calendar date YYYY-MM-DD' });

/** An ISO 8601 timestamp with `Z` or an offset, e.g. `2027-03-01T08:30:00+01:00`. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** An IANA time zone name the runtime knows, e.g. `Europe/Berlin`. */
export const timeZoneSchema = z.string().refine(isTimeZone, { message: 'Expected an IANA time zone name' });

/** A non-negative amount: a finite number or a decimal string (money values may be strings). */
export const nonNegativeAmountSchema = z.union([
  z.number().finite().nonnegative(),
  z.string().regex(/^\d+(\.\d+)?$/, { message: 'Expected a non-negative decimal string' }),
]);

/** A seed for the reproducible generator: a safe integer or a string. */
export const seedSchema = z.union([z.number().int().refine(Number.isSafeInteger, 'Expected a safe integer'), textSchema]);

/** An ISO weekday: 1 = Monday … 7 = Sunday. */
export const isoWeekdaySchema = z.union([
  z.literal(1),
  z.literal(2),
  z.literal(3),
  z.literal(4),
  z.literal(5),
  z.literal(6),
  z.literal(7),
]);

/** A range of closed dates, both ends included. */
export const blackoutSchema = z
  .object({
    from: calendarDateSchema,
    to: calendarDateSchema,
    reason: textSchema.optional(),
  })
  .refine((b) => b.from <= b.to, { message: 'A blackout must not end before it starts', path: ['to'] });

/** A warehouse calendar: the zone, the working weekdays, holidays and blackout ranges. */
export const warehouseCalendarSchema = z.object({
  timeZone: timeZoneSchema,
  workingDays: z
    .array(isoWeekdaySchema)
    .min(1, { message: 'At least one working weekday is needed' })
    .refine((days) => new Set(days).size === days.length, { message: 'Working weekdays must not repeat' })
    .optional(),
  holidays: z.array(calendarDateSchema).optional(),
  blackouts: z.array(blackoutSchema).optional(),
});

/** Counts per year for each class name; merged over the defaults A 12, B 4, C 2. */
export const classFrequenciesSchema = z.record(textSchema.min(1), z.number().finite().min(0).max(MAX_FREQUENCY));

/** When a key was last counted: a date in the warehouse's zone, or an instant. */
export const lastCountedAtSchema = z.union([calendarDateSchema, timestampSchema]);

// ---------------------------------------------------------------------------------------------
// ABC classification

/** One item to classify. */
export const abcItemSchema = z.object({
  sku: textSchema.min(1),
  annualUsageValue: nonNegativeAmountSchema.optional(),
  velocity: nonNegativeAmountSchema.optional(),
  score: nonNegativeAmountSchema.optional(),
});

/** Options of `classifyAbc`. */
export const classifyAbcOptionsSchema = z
  .object({
    by: z.enum(['value', 'velocity', 'score']).optional(),
    cutoffs: z
      .object({
        a: z.number().gt(0).lte(1),
        b: z.number().gt(0).lte(1),
      })
      .refine((c) => c.a <= c.b, { message: 'The A cut-off must not exceed the B cut-off', path: ['b'] })
      .optional(),
  })
  .optional();

/** The items passed to `classifyAbc`: skus unique. */
export const abcItemsSchema = z.array(abcItemSchema).superRefine((items, ctx) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.sku)) ctx.addIssue({ code: 'custom', message: `Duplicate sku ${item.sku}`, path: [i, 'sku'] });
    seen.add(item.sku);
  });
});

// ---------------------------------------------------------------------------------------------
// Cycle-count plans

/** A key of a plan: an item, a location (for rolling counts by zone), or any countable subject. */
export const cycleCountKeySchema = z.object({
  id: textSchema.min(1),
  class: textSchema.min(1).optional(),
  frequency: z.number().finite().min(0).max(MAX_FREQUENCY).optional(),
  effortMinutes: z.number().finite().positive().optional(),
  lastCountedAt: lastCountedAtSchema.optional(),
});

/** Daily counting capacity: keys per day, minutes per day, or both. */
export const cycleCapacitySchema = z
  .object({
    keysPerDay: z.number().int().min(0).optional(),
    minutesPerDay: z.number().finite().min(0).optional(),
    defaultEffortMinutes: z.number().finite().positive().optional(),
  })
  .refine((c) => c.keysPerDay !== undefined || c.minutesPerDay !== undefined, {
    message: 'Give keysPerDay, minutesPerDay or both',
  });

/** Options of `planCycleCounts`. */
export const planCycleCountsOptionsSchema = z
  .object({
    keys: z.array(cycleCountKeySchema),
    from: calendarDateSchema,
    to: calendarDateSchema,
    calendar: warehouseCalendarSchema,
    capacity: cycleCapacitySchema,
    frequencies: classFrequenciesSchema.optional(),
    seed: seedSchema.optional(),
    maxShiftDays: z.number().int().min(0).max(MAX_HORIZON_DAYS).optional(),
    spill: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    if (o.from > o.to) {
      ctx.addIssue({ code: 'custom', message: 'The horizon must not end before it starts', path: ['to'] });
    } else if (calendarDaysBetween(o.from, o.to) + 1 > MAX_HORIZON_DAYS) {
      ctx.addIssue({ code: 'custom', message: `The horizon is longer than ${MAX_HORIZON_DAYS} days`, path: ['to'] });
    }
    const seen = new Set<string>();
    o.keys.forEach((key, i) => {
      if (seen.has(key.id)) ctx.addIssue({ code: 'custom', message: `Duplicate key id ${key.id}`, path: ['keys', i, 'id'] });
      seen.add(key.id);
      if (key.frequency === undefined) {
        if (key.class === undefined) {
          ctx.addIssue({ code: 'custom', message: 'A key needs a class or a frequency', path: ['keys', i, 'class'] });
        } else if (resolveClassFrequency(key.class, o.frequencies) === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `No frequency for class ${key.class}`,
            path: ['keys', i, 'class'],
          });
        }
      }
      if (
        o.capacity.minutesPerDay !== undefined &&
        key.effortMinutes === undefined &&
        o.capacity.defaultEffortMinutes === undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'With minutesPerDay, every key needs effortMinutes (or set capacity.defaultEffortMinutes)',
          path: ['keys', i, 'effortMinutes'],
        });
      }
    });
  });

/** A key passed to `nextCountDate`. */
export const nextCountDateKeySchema = cycleCountKeySchema
  .omit({ effortMinutes: true })
  .extend({ id: textSchema.min(1).optional() })
  .refine((k) => k.frequency !== undefined || k.class !== undefined, {
    message: 'A key needs a class or a frequency',
    path: ['class'],
  });

/** Options of `nextCountDate`. */
export const nextCountDateOptionsSchema = z.object({
  calendar: warehouseCalendarSchema,
  frequencies: classFrequenciesSchema.optional(),
  asOf: calendarDateSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Spot checks

/** A member of a spot-check population; other properties are kept and returned untouched. */
export const spotCheckMemberSchema = z.looseObject({
  id: textSchema.min(1),
  value: nonNegativeAmountSchema.optional(),
  velocity: nonNegativeAmountSchema.optional(),
  varianceCount: z.number().int().min(0).optional(),
});

/** Options of `sampleSpotChecks`. */
export const sampleSpotChecksOptionsSchema = z.object({
  population: z.array(spotCheckMemberSchema).superRefine((members, ctx) => {
    const seen = new Set<string>();
    members.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', message: `Duplicate id ${m.id}`, path: [i, 'id'] });
      seen.add(m.id);
    });
  }),
  n: z.number().int().min(0),
  /** A weight per member (default: value × velocity × risk). */
  weight: z
    .custom<(member: never) => number>((v) => typeof v === 'function', { message: 'Expected a function' })
    .optional(),
  seed: seedSchema,
});

// ---------------------------------------------------------------------------------------------
// Triggers

/** The ledger's event after a movement is posted: a key's balance changed. */
export const balanceChangedEventSchema = z.object({
  type: z.literal('balance.changed'),
  key: stockKeySchema,
  qty: decimalStringSchema,
  previousQty: decimalStringSchema,
  movementId: textSchema.min(1),
  at: timestampSchema,
});

/** A count found a variance for a key. */
export const countVarianceEventSchema = z.object({
  type: z.literal('count.variance'),
  key: stockKeySchema,
  variance: decimalStringSchema,
  variancePercent: decimalStringSchema.optional(),
  sessionId: textSchema.min(1),
  at: timestampSchema,
});

/** A movement was let through a freeze with an override. */
export const freezeOverrideEventSchema = z.object({
  type: z.literal('freeze.override'),
  keys: z.array(stockKeySchema).min(1),
  movementId: textSchema.min(1),
  reason: textSchema.min(1),
  at: timestampSchema,
});

/** A counter flagged a key (damaged goods, mixed bin, label missing). */
export const counterFlagEventSchema = z.object({
  type: z.literal('counter.flag'),
  key: stockKeySchema,
  counter: textSchema.min(1),
  note: textSchema.optional(),
  at: timestampSchema,
});

/** Any event `evaluateTriggers` understands. */
export const triggerEventSchema = z.discriminatedUnion('type', [
  balanceChangedEventSchema,
  countVarianceEventSchema,
  freezeOverrideEventSchema,
  counterFlagEventSchema,
]);

const ruleBase = {
  priority: z.number().finite().optional(),
  skus: z.array(textSchema.min(1)).optional(),
  locations: z.array(locationIdSchema).optional(),
  onlyOnCrossing: z.boolean().optional(),
};

/** One trigger rule. */
export const triggerRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('negative_on_hand'), ...ruleBase }),
  z.object({ kind: z.literal('zero_on_hand'), ...ruleBase }),
  z.object({
    kind: z.literal('below_threshold'),
    ...ruleBase,
    threshold: decimalStringSchema.optional(),
    thresholds: z.record(textSchema.min(1), decimalStringSchema).optional(),
  }),
  z.object({
    kind: z.literal('count_variance'),
    ...ruleBase,
    threshold: decimalStringSchema.optional(),
    percentThreshold: decimalStringSchema.optional(),
  }),
  z.object({ kind: z.literal('freeze_override'), ...ruleBase }),
  z.object({ kind: z.literal('counter_flag'), ...ruleBase }),
]);

/** The rules passed to `evaluateTriggers`. */
export const triggerRulesSchema = z.array(triggerRuleSchema);

// ---------------------------------------------------------------------------------------------

/**
 * The counts per year of a class: the caller's table first, then the defaults.
 *
 * @internal
 */
export function resolveClassFrequency(
  className: string,
  frequencies: Readonly<Record<string, number>> | undefined,
): number | undefined {
  if (frequencies !== undefined && Object.prototype.hasOwnProperty.call(frequencies, className)) {
    return frequencies[className];
  }
  return Object.prototype.hasOwnProperty.call(DEFAULT_CLASS_FREQUENCIES, className)
    ? DEFAULT_CLASS_FREQUENCIES[className as keyof typeof DEFAULT_CLASS_FREQUENCIES]
    : undefined;
}

export { parseInput } from '../validate.js';
