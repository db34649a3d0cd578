/**
 * The count report: a session's variance table with attributions, reasons, counters, approver and
 * posted movements, built from plain data (pure) and rendered as JSON, CSV or Markdown.
 *
 * @module
 */
import * as z from 'zod';
import type { Attribution } from '../attribution/types.js';
import type { StockKey } from '../ledger/key.js';
import { stockKeyId } from '../ledger/key.js';
import { omitUndefined } from '../ledger/prepare.js';
import type { Movement } from '../ledger/types.js';
import { D, formatDecimal, type DecimalString } from '../quantity/decimal.js';
import type { SampleReport } from '../policy/sampling/report.js';
import type { Instant } from '../time.js';
import { summarize } from './review.js';
import type { ReviewLine, ReviewStatus, ReviewSummary } from './review-types.js';
import type { CountEntry, CountException, CountSession, LocationMark } from './types.js';

/** The formats of `counts.report`. */
export type CountReportFormat = 'json' | 'csv' | 'markdown' | 'html';

/**
 * Options of `counts.report`: the format (`json` by default) and the language of the CSV,
 * Markdown and HTML reports (`en` by default, or `zh-CN`).
 */
export const reportInputSchema = z
  .object({ format: z.enum(['json', 'csv', 'markdown', 'html']).default('json'), locale: z.enum(['en', 'zh-CN']).default('en') })
  .strict();

/** Options of `counts.report`. */
export interface CountReportOptions {
  /** `json` (the default), `csv`, `markdown` or `html` (print-ready, A4). */
  format?: CountReportFormat | undefined;
  /** The language of the CSV, Markdown and HTML reports: `en` (the default) or `zh-CN`. */
  locale?: 'en' | 'zh-CN' | undefined;
}

/** One line of the report's variance table. */
export interface CountReportLine {
  readonly key: StockKey;
  readonly uom: string;
  readonly bookAtOpen: DecimalString;
  readonly expected: DecimalString;
  readonly counted: DecimalString;
  readonly variance: DecimalString;
  readonly variancePercent: DecimalString | null;
  readonly varianceValue: DecimalString;
  readonly status: ReviewStatus;
  /** How many rounds counted the key. */
  readonly rounds: number;
  readonly counters: readonly string[];
  /** A supervisor's decision, when there is one. */
  readonly decision?: { readonly qty: DecimalString; readonly actor: string };
  /** The explanation, when the line has one. */
  readonly attribution?: Attribution;
  /** The reason code: the approved one, else the attribution's proposal. */
  readonly reason?: string;
  /** Whether the approver confirmed or chose the reason (`approved`) or it is only proposed. */
  readonly reasonSource?: 'approved' | 'proposed';
  /** The posted count adjustment. */
  readonly movementId?: string;
  /** Whether the line is posted (the session posted: an adjustment or a confirmation). */
  readonly posted: boolean;
  /** Why rounds of the line could not be used: the movements dated inside their count windows. */
  readonly ambiguities?: readonly CountReportAmbiguity[];
}

/** A round of a line that a movement (or a freeze override) made unusable. */
export interface CountReportAmbiguity {
  readonly round: number;
  readonly window: { readonly from: Instant; readonly to: Instant };
  readonly reason: 'movement_in_window' | 'freeze_override';
  /** The movements dated inside the window, with their dates when known. */
  readonly movements: ReadonlyArray<{ readonly id: string; readonly occurredAt?: Instant }>;
}

/** Something an auditor should look at. */
export interface CountReportException {
  /** What kind of exception. */
  readonly kind:
    | 'late_movement'
    | 'decision'
    | 'superseded_decision'
    | 'recounted'
    | 'unresolved'
    | 'excluded_location'
    | 'open_conflict';
  /** The key it is about, when it is about one. */
  readonly key?: StockKey;
  /** The same in words. */
  readonly text: string;
}

/** The data of a count report. */
export interface CountReport {
  readonly session: {
    readonly id: string;
    readonly name?: string;
    readonly mode: CountSession['mode'];
    readonly purpose: CountSession['purpose'];
    readonly state: CountSession['state'];
    readonly scope: CountSession['scope'];
    readonly round: number;
    readonly openedAt: Instant;
    readonly reviewStartedAt?: Instant;
    readonly approvedAt?: Instant;
    readonly postedAt?: Instant;
    readonly cancelledAt?: Instant;
  };
  /** Who did what. */
  readonly people: {
    readonly openedBy: string;
    readonly counters: readonly string[];
    readonly deciders: readonly string[];
    readonly approver?: string;
    readonly poster?: string;
  };
  /** Totals of the variance table. */
  readonly totals: ReviewSummary & { readonly adjustments: number; readonly confirmations: number };
  /** The variance table. */
  readonly lines: readonly CountReportLine[];
  /** The posted count adjustments. */
  readonly movements: ReadonlyArray<{
    readonly id: string;
    readonly key: StockKey;
    /** Signed: a gain is positive. */
    readonly qty: DecimalString;
    readonly occurredAt: Instant;
    readonly reasonCode?: string;
  }>;
  /** What needs an auditor's attention. */
  readonly exceptions: readonly CountReportException[];
  /**
   * Movements recorded after the session posted but dated before its counts, let through by the
   * `flag` policy as post-count exceptions: they never change the posted figures, so they are
   * listed here instead.
   */
  readonly afterPosting: readonly CountReportLaterMovement[];
  /**
   * For a session that counts a statistical sample, once every sampled line is settled: the
   * sample's estimate, its interval and the decision (see `docs/sampling.md`).
   */
  readonly sampling?: SampleReport;
  /** When the report was made. */
  readonly generatedAt: Instant;
}

/** A movement that crossed a posted count (see {@link CountReport.afterPosting}). */
export interface CountReportLaterMovement {
  readonly movementId: string;
  readonly kind?: Movement['kind'];
  /** When it happened: before the count it crossed. */
  readonly occurredAt?: Instant;
  /** When the engine got it: after the posting. */
  readonly recordedAt?: Instant;
  readonly actor?: string;
  /** The counted keys it touched. */
  readonly keys: readonly StockKey[];
  /** The post-count exception's state. */
  readonly status: CountException['status'];
  readonly resolution?: CountException['resolution'];
}

/** What {@link buildCountReport} is built from. @internal */
export interface CountReportData {
  readonly session: CountSession;
  readonly lines: readonly ReviewLine[];
  readonly entries: readonly CountEntry[];
  readonly marks: readonly LocationMark[];
  readonly conflicts: readonly CountEntry[];
  readonly movements: readonly Movement[];
  readonly exceptions: readonly CountException[];
  /** The movements of `exceptions`, by id. */
  readonly laterMovements: ReadonlyMap<string, Movement>;
  /** The sampling section, when the session counts a sample and its lines are settled. */
  readonly sampling?: SampleReport;
  /** When the movements inside count windows happened, by id. */
  readonly movementTimes?: ReadonlyMap<string, Instant>;
  readonly generatedAt: Instant;
}

/**
 * Builds the report data of a session. Pure.
 *
 * @param data - the session, its review lines (with attributions), entries, marks, open
 *   conflicts, posted movements and post-count exceptions
 * @returns the report
 * @internal
 */
export function buildCountReport(data: CountReportData): CountReport {
  const { session } = data;
  const postedByKey = new Map(data.movements.map((movement) => [stockKeyId(movementKey(movement)), movement.id]));
  const reasons = session.approval?.reasons ?? {};
  const lines: CountReportLine[] = data.lines.map((line) => {
    const id = stockKeyId(line.key);
    const approved = reasons[id];
    const reason = approved ?? line.proposedReason;
    return omitUndefined({
      key: line.key,
      uom: line.uom,
      bookAtOpen: line.bookAtOpen,
      expected: line.expected,
      counted: line.counted,
      variance: line.variance,
      variancePercent: line.variancePercent,
      varianceValue: line.varianceValue,
      status: line.status,
      rounds: line.rounds.length,
      counters: line.counters,
      decision: line.decision ? { qty: line.decision.qty, actor: line.decision.actor } : undefined,
      attribution: line.attribution,
      reason,
      reasonSource: reason === undefined ? undefined : approved !== undefined ? ('approved' as const) : ('proposed' as const),
      movementId: postedByKey.get(id),
      posted: session.state === 'posted',
      ambiguities: ambiguitiesOf(line, data.movementTimes),
    });
  });
  const counters = [...new Set(data.entries.filter((entry) => entry.kind === 'count').map((entry) => entry.counter))];
  const deciders = [...new Set(Object.values(session.decisions).flatMap((history) => history.map((decision) => decision.actor)))];
  return {
    session: omitUndefined({
      id: session.id,
      name: session.name,
      mode: session.mode,
      purpose: session.purpose,
      state: session.state,
      scope: session.scope,
      round: session.round,
      openedAt: session.openedAt,
      reviewStartedAt: session.reviewStartedAt,
      approvedAt: session.approval?.at,
      postedAt: session.posting?.at,
      cancelledAt: session.cancellation?.at,
    }),
    people: omitUndefined({
      openedBy: session.openedBy,
      counters,
      deciders,
      approver: session.approval?.actor,
      poster: session.posting?.actor,
    }),
    totals: {
      ...summarize(data.lines),
      adjustments: data.movements.length,
      confirmations: session.posting?.confirmations ?? 0,
    },
    lines,
    movements: data.movements.map((movement) => {
      const line = movement.lines[0]!;
      return omitUndefined({
        id: movement.id,
        key: movementKey(movement),
        qty: line.to === undefined ? formatDecimal(new D(line.qty).negated()) : line.qty,
        occurredAt: movement.occurredAt,
        reasonCode: movement.reasonCode,
      });
    }),
    exceptions: exceptionsOf(data),
    afterPosting: data.exceptions.map((exception) => {
      const movement = data.laterMovements.get(exception.movementId);
      return omitUndefined({
        movementId: exception.movementId,
        kind: movement?.kind,
        occurredAt: movement?.occurredAt,
        recordedAt: movement?.recordedAt,
        actor: movement?.actor,
        keys: exception.keys,
        status: exception.status,
        resolution: exception.resolution,
      });
    }),
    ...(data.sampling ? { sampling: data.sampling } : {}),
    generatedAt: data.generatedAt,
  };
}

function ambiguitiesOf(line: ReviewLine, times: ReadonlyMap<string, Instant> | undefined): CountReportAmbiguity[] | undefined {
  const found = line.rounds
    .filter((round) => round.unusable !== undefined)
    .map((round) => ({
      round: round.round,
      window: round.window,
      reason: round.unusable!,
      movements: round.movementsInWindow.map((id) => omitUndefined({ id, occurredAt: times?.get(id) })),
    }));
  return found.length > 0 ? found : undefined;
}

/** The key a count adjustment moves (it has one line, to or from the key's location). */
function movementKey(movement: Movement): StockKey {
  const line = movement.lines[0]!;
  return {
    sku: line.sku,
    location: (line.to ?? line.from)!,
    ...(line.lot === undefined ? {} : { lot: line.lot }),
    ...(line.serial === undefined ? {} : { serial: line.serial }),
  };
}

function exceptionsOf(data: CountReportData): CountReportException[] {
  const result: CountReportException[] = [];
  for (const line of data.lines) {
    const where = `${describeKey(line.key)}`;
    if (line.lateMovements.length > 0) {
      result.push({ kind: 'late_movement', key: line.key, text: `${where}: recorded late but dated before the count, changing its variance: ${line.lateMovements.join(', ')}` });
    }
    if (line.decision) {
      result.push({ kind: 'decision', key: line.key, text: `${where}: quantity ${line.decision.qty} set by ${line.decision.actor}${line.decision.note ? ` (${line.decision.note})` : ''}` });
    }
    for (const decision of line.supersededDecisions ?? []) {
      result.push({
        kind: 'superseded_decision',
        key: line.key,
        text: `${where}: quantity ${decision.qty} set by ${decision.actor} at ${decision.at} was superseded by later evidence${decision.note ? ` (${decision.note})` : ''}`,
      });
    }
    if (line.rounds.length > 1) {
      result.push({ kind: 'recounted', key: line.key, text: `${where}: counted in ${line.rounds.length} rounds (${line.rounds.map((round) => `${round.counted} by ${round.counters.join('/') || 'nobody'}`).join(', ')})` });
    }
    if (['pending', 'recount', 'ambiguous', 'needs_decision'].includes(line.status)) {
      result.push({ kind: 'unresolved', key: line.key, text: `${where}: ${line.status.replace('_', ' ')}` });
    }
  }
  for (const mark of data.marks) {
    if (mark.status === 'excluded') result.push({ kind: 'excluded_location', text: `${mark.location} excluded by ${mark.actor}: ${mark.reason ?? ''}` });
  }
  for (const entry of data.conflicts) {
    result.push({ kind: 'open_conflict', text: `Entry ${entry.entryId} by ${entry.counter} is flagged (${entry.flags.join(', ')}) and does not count` });
  }
  return result;
}

function describeKey(key: StockKey): string {
  return `${key.sku} at ${key.location}${key.lot ? ` lot ${key.lot}` : ''}${key.serial ? ` serial ${key.serial}` : ''}`;
}
