/**
 * The journal of a posted count: the accounting lines a general ledger needs, one debit and one
 * credit per count adjustment, valued at the unit cost the adjustment stored.
 *
 * @module
 */
import * as z from 'zod';
import { idSchema } from '../catalog/schemas.js';
import type { Movement } from '../ledger/types.js';
import { D, formatDecimal, type DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';

/** An account code of the caller's chart of accounts. */
const accountSchema = idSchema;

/** Options of `counts.journal`. */
export const journalInputSchema = z
  .object({
    accounts: z
      .object({
        /** The inventory (stock) account. */
        inventory: accountSchema,
        /** The account an adjustment goes against: by its reason code, else the default. */
        adjustments: z.object({ default: accountSchema, byReason: z.record(idSchema, accountSchema).optional() }).strict(),
      })
      .strict(),
    /** The currency of the amounts (ISO 4217, e.g. `EUR`): the unit costs are in it. */
    currency: z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code such as "EUR"'),
    /** Decimal places of the amounts (rounded half to even); 2 by default. */
    decimals: z.number().int().min(0).max(12).default(2),
  })
  .strict();

/** Options of `counts.journal`. */
export interface JournalOptions {
  /** Account codes of the caller's chart of accounts. */
  accounts: {
    /** The inventory (stock) account. */
    inventory: string;
    /** The account an adjustment goes against: by its reason code, else the default. */
    adjustments: { default: string; byReason?: Record<string, string> | undefined };
  };
  /** The currency of the amounts (ISO 4217, e.g. `EUR`): the unit costs are in it. */
  currency: string;
  /** Decimal places of the amounts (0–12, rounded half to even); 2 by default. */
  decimals?: number | undefined;
}

/** One side of a journal entry. */
export interface JournalLine {
  readonly account: string;
  /** The debit amount (`0` on the credit side). */
  readonly debit: DecimalString;
  /** The credit amount (`0` on the debit side). */
  readonly credit: DecimalString;
}

/** The accounting of one count adjustment: a debit and a credit of the same amount. */
export interface JournalEntry {
  /** The count adjustment. */
  readonly movementId: string;
  /** When the stock changed (the adjustment's date). */
  readonly occurredAt: Instant;
  readonly sku: string;
  readonly location: string;
  readonly lot?: string;
  readonly serial?: string;
  /** The quantity in base units: positive for a gain, negative for a loss. */
  readonly qty: DecimalString;
  /** The unit cost the adjustment was valued at. */
  readonly unitCost: DecimalString;
  /** |qty| × unit cost, rounded to the journal's decimals. */
  readonly amount: DecimalString;
  /** The adjustment's reason code, which chose the adjustment account. */
  readonly reasonCode?: string;
  /** The debit line, then the credit line. */
  readonly lines: readonly [JournalLine, JournalLine];
}

/** The journal of a posted count session. */
export interface Journal {
  readonly sessionId: string;
  readonly currency: string;
  /** When the session posted (the journal's date). */
  readonly postedAt: Instant;
  readonly entries: readonly JournalEntry[];
  /** The sums of the debits and of the credits: always equal. */
  readonly totals: { readonly debit: DecimalString; readonly credit: DecimalString };
}

/**
 * Builds the journal of a posted session from its count adjustments. Pure: the same adjustments
 * and options give the same journal. A gain debits inventory and credits the adjustment account;
 * a loss debits the adjustment account and credits inventory.
 *
 * @internal
 */
export function buildJournal(
  session: { readonly id: string; readonly postedAt: Instant },
  movements: readonly Movement[],
  options: z.output<typeof journalInputSchema>,
  fallbackCost: (movement: Movement) => DecimalString,
): Journal {
  const { inventory, adjustments } = options.accounts;
  let debit = new D(0);
  let credit = new D(0);
  const entries = movements.flatMap((movement) =>
    movement.lines.map((line): JournalEntry => {
      const gain = line.to !== undefined;
      const unitCost = line.unitCost ?? fallbackCost(movement);
      const amount = new D(line.qty).times(unitCost).toDecimalPlaces(options.decimals, D.ROUND_HALF_EVEN);
      const fixed = amount.toFixed(options.decimals);
      const against = (movement.reasonCode !== undefined && Object.hasOwn(adjustments.byReason ?? {}, movement.reasonCode) ? adjustments.byReason![movement.reasonCode] : undefined) ?? adjustments.default;
      const zero = new D(0).toFixed(options.decimals);
      const debitLine = { account: gain ? inventory : against, debit: fixed, credit: zero };
      const creditLine = { account: gain ? against : inventory, debit: zero, credit: fixed };
      debit = debit.plus(amount);
      credit = credit.plus(amount);
      return {
        movementId: movement.id,
        occurredAt: movement.occurredAt,
        sku: line.sku,
        location: (gain ? line.to : line.from)!,
        ...(line.lot === undefined ? {} : { lot: line.lot }),
        ...(line.serial === undefined ? {} : { serial: line.serial }),
        qty: gain ? line.qty : formatDecimal(new D(line.qty).neg()),
        unitCost,
        amount: fixed,
        ...(movement.reasonCode === undefined ? {} : { reasonCode: movement.reasonCode }),
        lines: [debitLine, creditLine],
      };
    }),
  );
  return {
    sessionId: session.id,
    currency: options.currency,
    postedAt: session.postedAt,
    entries,
    totals: { debit: debit.toFixed(options.decimals), credit: credit.toFixed(options.decimals) },
  };
}
