/**
 * The response bodies of the service as zod schemas: `openapi.ts` documents every success
 * response with one of them (so a generated client gets real types, not `unknown`), and the
 * tests parse what the service answers with them. They describe what `reply()` sends: the
 * engine's objects without internal fields. Deeply nested parts that clients pass along rather
 * than read (attributions, metrics groups) are open objects.
 */
import * as z from 'zod';

const decimal = z.string().meta({ description: 'A decimal number as a string, e.g. "12.5"' });
const instant = z.string().meta({ description: 'An ISO 8601 instant, e.g. 2026-03-02T09:00:00.000Z' });
const open = z.record(z.string(), z.unknown());

/** A stock key: item, location and, when tracked, lot or serial. */
export const stockKeySchema = z.object({ sku: z.string(), location: z.string(), lot: z.string().optional(), serial: z.string().optional() });

const journalLineSchema = z.object({ account: z.string(), debit: decimal, credit: decimal });

/** `POST /counts/{id}/journal`: the accounting lines of a posted count. */
export const journalSchema = z.object({
  sessionId: z.string(),
  currency: z.string(),
  postedAt: instant,
  entries: z.array(
    z.object({
      movementId: z.string(),
      occurredAt: instant,
      sku: z.string(),
      location: z.string(),
      lot: z.string().optional(),
      serial: z.string().optional(),
      qty: decimal,
      unitCost: decimal,
      amount: decimal,
      reasonCode: z.string().optional(),
      lines: z.tuple([journalLineSchema, journalLineSchema]),
    }),
  ),
  totals: z.object({ debit: decimal, credit: decimal }),
});

/** `GET /health`. */
export const healthSchema = z.object({ ok: z.boolean() });

/** An item of the catalog. */
export const itemSchema = z.object({
  sku: z.string(),
  name: z.string().optional(),
  baseUom: z.string(),
  decimals: z.number().int(),
  gtin: z.string().optional(),
  packs: z.array(z.object({ uom: z.string(), factor: decimal, gtin: z.string().optional() })),
  tracking: z.enum(['none', 'lot', 'serial']),
  unitCost: decimal.optional(),
  abcClass: z.enum(['A', 'B', 'C']).optional(),
  lookAlikes: z.array(z.string()),
  allowNegative: z.boolean(),
});

/** A location (its id is a path such as `WH1/A/01`). */
export const locationSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  kind: z.enum(['warehouse', 'zone', 'aisle', 'bin', 'other']).optional(),
});

/** A movement as the ledger stores it. */
export const movementSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  kind: z.string(),
  occurredAt: instant,
  recordedAt: instant,
  actor: z.string(),
  reference: z.string().optional(),
  reason: z.string().optional(),
  reasonCode: z.string().optional(),
  override: z.object({ reason: z.string() }).optional(),
  sessionId: z.string().optional(),
  lines: z.array(
    z.object({
      sku: z.string(),
      from: z.string().optional(),
      to: z.string().optional(),
      qty: decimal,
      lot: z.string().optional(),
      serial: z.string().optional(),
      enteredQty: decimal.optional(),
      enteredUom: z.string().optional(),
      unitCost: decimal.optional().meta({ description: 'The unit cost a count adjustment was valued at' }),
    }),
  ),
});

/** `POST /movements`: created or posted before. */
export const postResultSchema = z.object({ id: z.string(), result: z.enum(['created', 'exists']), movement: movementSchema });

/** A balance of one key. */
export const balanceSchema = z.object({ key: stockKeySchema, qty: decimal, version: z.number().int(), lastOccurredAt: instant });

/** `GET /on-hand`. */
export const onHandSchema = stockKeySchema.extend({ asOf: instant.optional(), qty: decimal });

const taskSchema = z.object({
  id: z.string(),
  round: z.number().int(),
  locations: z.array(z.string()),
  keys: z.array(stockKeySchema).optional(),
  assignee: z.string().optional(),
  excludedCounters: z.array(z.string()),
});

const countStates = z.enum(['draft', 'counting', 'reviewing', 'approved', 'posted', 'cancelled']);

/** A count session with its tasks. */
export const sessionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  state: countStates,
  mode: z.enum(['full', 'cycle', 'spot']),
  purpose: z.enum(['regular', 'baseline']),
  scope: open,
  blind: z.boolean(),
  movementPolicy: z.enum(['live', 'freeze']),
  recount: z.enum(['auto', 'manual']),
  maxRounds: z.number().int(),
  tolerance: open.optional(),
  name: z.string().optional(),
  openedAt: instant,
  openedBy: z.string(),
  counters: z.array(z.string()),
  teams: z.record(z.string(), z.array(z.string())),
  split: open,
  round: z.number().int(),
  tasks: z.array(taskSchema),
  overrides: z.array(open),
  decisions: z.record(z.string(), z.array(open)),
  reviewStartedAt: instant.optional(),
  approval: z.object({ actor: z.string(), at: instant, reasons: z.record(z.string(), z.string()) }).optional(),
  posting: z.object({ actor: z.string(), at: instant, movementIds: z.array(z.string()), confirmations: z.number().int() }).optional(),
  cancellation: z.object({ actor: z.string(), at: instant, reason: z.string() }).optional(),
  sample: open.optional(),
});

/** A counter's sheet. */
export const sheetSchema = z.object({
  sessionId: z.string(),
  task: taskSchema,
  blind: z.boolean(),
  locations: z.array(
    z.object({
      location: z.string(),
      done: z.boolean(),
      keys: z.array(z.object({ key: stockKeySchema, name: z.string().optional(), uom: z.string(), bookQty: decimal.optional() })),
    }),
  ),
});

/** A count entry (an observation, or a marker that voids or accepts one). */
export const entrySchema = z.object({
  sessionId: z.string(),
  entryId: z.string(),
  seq: z.number().int(),
  kind: z.enum(['count', 'void', 'accept']),
  key: stockKeySchema.optional(),
  expiry: z.string().optional(),
  qty: decimal.optional(),
  enteredQty: decimal.optional(),
  enteredUom: z.string().optional(),
  countedAt: instant,
  counter: z.string(),
  device: z.string().optional(),
  taskId: z.string().optional(),
  round: z.number().int(),
  evidence: z.array(z.string()).optional(),
  target: z.string().optional(),
  reason: z.string().optional(),
  source: z.object({ eventId: z.string(), raw: z.string(), symbology: z.string().optional() }).optional(),
  note: z.string().optional(),
  flags: z.array(z.enum(['outside_task', 'second_counter', 'duplicate_serial'])),
  recordedAt: instant,
});

/** The outcome of recording one entry or void. */
export const recordResultSchema = z.object({
  entryId: z.string(),
  result: z.enum(['created', 'exists', 'voided']),
  entry: entrySchema.optional(),
  voidedBy: z.string().optional(),
});

const problemRef = open.meta({ description: 'A problem document (see Problem)' });

/** `POST /counts/{id}/entries`: one result per entry, in order. */
export const batchResultSchema = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      entryId: z.string().optional(),
      result: z.enum(['created', 'exists', 'voided', 'exists_with_different_payload', 'error']),
      entry: entrySchema.optional(),
      voidedBy: z.string().optional(),
      problem: problemRef.optional(),
    }),
  ),
});

/** A location marked complete or excluded. */
export const markSchema = z.object({
  sessionId: z.string(),
  location: z.string(),
  round: z.number().int(),
  status: z.enum(['complete', 'excluded']),
  at: instant,
  actor: z.string(),
  reason: z.string().optional(),
});

/** One line of a review: a key's expected and counted quantity, variance and status. */
export const reviewLineSchema = z
  .object({
    key: stockKeySchema,
    sku: z.string(),
    location: z.string(),
    lot: z.string().optional(),
    serial: z.string().optional(),
    uom: z.string(),
    bookAtOpen: decimal,
    expected: decimal,
    counted: decimal,
    variance: decimal,
    variancePercent: decimal.nullable(),
    varianceValue: decimal,
    unitCost: decimal,
    round: z.number().int(),
    status: z.string(),
    counters: z.array(z.string()),
    asserters: z.array(z.string()),
    proposedReason: z.string().optional(),
  })
  .loose();

/** `GET /counts/{id}/review` and `POST /counts/{id}/close-round`. */
export const reviewSchema = z.object({
  sessionId: z.string(),
  state: countStates,
  round: z.number().int(),
  reviewedAt: instant,
  lines: z.array(reviewLineSchema),
  summary: z.object({ byStatus: z.record(z.string(), z.number()), lines: z.number().int(), netValue: decimal, absoluteValue: decimal, expectedValue: decimal }),
  openLocations: z.array(z.string()),
  excludedLocations: z.array(z.object({ location: z.string(), reason: z.string() })),
  conflicts: z.array(entrySchema),
  recountTasks: z.array(taskSchema),
});

/** `POST /counts/{id}/post`. */
export const postCountResultSchema = z.object({ session: sessionSchema, movements: z.array(movementSchema), confirmations: z.number().int(), created: z.boolean() });

/** `GET /metrics`. */
export const metricsSchema = z.object({ from: instant, to: instant, groupBy: open, groups: z.array(open), total: open });

/** `POST /events/tokens`. */
export const eventTokenSchema = z.object({ token: z.string(), expiresIn: z.number().int().meta({ description: 'Seconds' }) });

/** `POST /counts/{id}/locations/{location}/reopen`: the session and the mark that was removed. */
export const reopenResultSchema = z.object({ session: sessionSchema, reopened: markSchema });

/** Response bodies by the name they get under `components.schemas`. */
export const responses = {
  Health: healthSchema,
  Item: itemSchema,
  Items: z.array(itemSchema),
  Location: locationSchema,
  Locations: z.array(locationSchema),
  PostResult: postResultSchema,
  Movement: movementSchema,
  Movements: z.array(movementSchema),
  Balances: z.array(balanceSchema),
  OnHand: onHandSchema,
  Session: sessionSchema,
  Sessions: z.array(sessionSchema),
  Sheet: sheetSchema,
  BatchResult: batchResultSchema,
  Entries: z.array(entrySchema),
  RecordResult: recordResultSchema,
  LocationMark: markSchema,
  ReopenResult: reopenResultSchema,
  Journal: journalSchema,
  Review: reviewSchema,
  PostCountResult: postCountResultSchema,
  Report: open.meta({ description: 'The session report (counts.report as JSON)' }),
  Metrics: metricsSchema,
  EventToken: eventTokenSchema,
  OpenApiDocument: open,
} satisfies Record<string, z.ZodType>;

/** The name of a response schema. */
export type ResponseName = keyof typeof responses;
