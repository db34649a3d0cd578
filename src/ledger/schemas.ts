/**
 * Input schemas of the ledger.
 *
 * @module
 */
import * as z from 'zod';
import { idSchema, locationIdSchema } from '../catalog/schemas.js';
import { positiveDecimalSchema } from '../quantity/decimal.js';
import { uomSchema } from '../quantity/units.js';
import { textSchema } from '../text.js';
import { instantSchema } from '../time.js';

/** One line of a movement as a caller submits it. */
export const movementLineInputSchema = z
  .object({
    sku: idSchema,
    from: locationIdSchema.optional(),
    to: locationIdSchema.optional(),
    qty: positiveDecimalSchema,
    uom: uomSchema.optional(),
    lot: idSchema.optional(),
    serial: idSchema.optional(),
  })
  .strict();

const directions = {
  receipt: { from: 'forbidden', to: 'required' },
  issue: { from: 'required', to: 'forbidden' },
  transfer: { from: 'required', to: 'required' },
  adjustment: { from: 'either', to: 'either' },
} as const;

/**
 * Input of `ledger.post`. A receipt has `to`, an issue `from`, a transfer both (different), an
 * adjustment exactly one (`to` for a gain, `from` for a loss). `occurredAt` defaults to the
 * moment the engine records the movement.
 */
export const movementInputSchema = z
  .object({
    id: idSchema,
    kind: z.enum(['receipt', 'issue', 'transfer', 'adjustment']),
    occurredAt: instantSchema.optional(),
    actor: idSchema,
    reference: textSchema.max(200).optional(),
    reason: textSchema.max(500).optional(),
    override: z.object({ reason: textSchema.min(1).max(500) }).strict().optional(),
    lines: z.array(movementLineInputSchema).min(1).max(10_000),
  })
  .strict()
  .superRefine((movement, ctx) => {
    const rule = directions[movement.kind];
    movement.lines.forEach((line, index) => {
      const issue = (field: 'from' | 'to', message: string): void => {
        ctx.addIssue({ code: 'custom', path: ['lines', index, field], message });
      };
      if (rule.from === 'required' && line.from === undefined) issue('from', `A ${movement.kind} line needs "from"`);
      if (rule.from === 'forbidden' && line.from !== undefined) issue('from', `A ${movement.kind} line has no "from"`);
      if (rule.to === 'required' && line.to === undefined) issue('to', `A ${movement.kind} line needs "to"`);
      if (rule.to === 'forbidden' && line.to !== undefined) issue('to', `A ${movement.kind} line has no "to"`);
      if (movement.kind === 'adjustment' && (line.from === undefined) === (line.to === undefined)) {
        issue('to', 'An adjustment line has exactly one of "to" (a gain) and "from" (a loss)');
      }
      if (movement.kind === 'transfer' && line.from !== undefined && line.from === line.to) {
        issue('to', 'A transfer moves stock between two different locations');
      }
    });
  });

export type { MovementInput, MovementLineInput } from './inputs.js';
/** A validated movement input. */
export type ParsedMovementInput = z.output<typeof movementInputSchema>;
