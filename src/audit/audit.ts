import { canonicalJson } from '../canonical.js';
import { writeIn } from '../partitions.js';
import { csvCell } from '../csv.js';
import { deepFreeze } from '../freeze.js';
import type { EngineContext } from '../context.js';
import { parseInput } from '../validate.js';
import * as z from 'zod';
import { idSchema } from '../catalog/schemas.js';
import { textSchema, UNSTORABLE_TEXT_MESSAGE, unstorableTextPath } from '../text.js';
import { toInstant } from '../time.js';
import { appendAudit } from './append.js';
import { verifyAuditChain, type AuditVerification } from './hash.js';
import type { AuditEvent } from './types.js';

/** Options of `audit.export`. */
export interface AuditExportOptions {
  /** `jsonl` (one JSON object a line) or `csv` (with a header line). */
  readonly format: 'jsonl' | 'csv';
  /** Events read per storage round trip. */
  readonly pageSize?: number;
}

/** Options of `audit.verify`. */
export interface AuditVerifyOptions {
  /** An event recorded earlier (its `seq` and `hash`): the log must still hold it unchanged. */
  readonly anchor?: { readonly seq: number; readonly hash: string };
}

/** Input of `audit.append`. */
export interface AuditAppendInput {
  /** Who did it. */
  readonly actor: string;
  /** What was done, lower case with dots, e.g. `policy.change`. */
  readonly action: string;
  /** What it was done to. */
  readonly subject: string;
  /** Plain JSON data. */
  readonly data?: unknown;
}

/** The head of one audit chain: see {@link AuditApi.chains}. */
export interface AuditChainHead {
  /** The partition of the chain; absent for the store chain. */
  readonly chain?: string;
  /** The sequence number of its last event. */
  readonly seq: number;
  /** The hash of its last event. */
  readonly hash: string;
  /** When its last event was recorded. */
  readonly at: string;
}

/** The audit log: every command, hash-chained, one chain per partition plus the store chain. */
export interface AuditApi {
  /**
   * Reads the whole log and checks every link of every chain (see {@link verifyAuditChain}). A
   * chain cannot tell on its own that its newest events were removed; keep the heads
   * {@link AuditApi.chains} gives (or the `seq` and `hash` of any verified event) somewhere else
   * (a report, a ticket) and pass one as `anchor` to catch a truncation.
   *
   * @param options - an anchor: an event the log must still hold, with this hash
   * @returns ok with the number of events, or the first broken link
   */
  verify(options?: AuditVerifyOptions): Promise<AuditVerification>;
  /**
   * What chains the log holds and the last event of each: the store chain (catalog writes,
   * whole-store writes, `append`) and one per partition (warehouse) that has written.
   *
   * @returns the heads, the store chain first, then by partition name
   */
  chains(): Promise<AuditChainHead[]>;
  /**
   * Appends an event of your application to the store chain, e.g. a change of the configuration
   * the engine was created with (`action: 'policy.change'` with the old and new values), so an
   * auditor finds it in order with every stocktake command.
   *
   * @param input - who, what, on what, and plain JSON data (copied: changing it afterwards changes nothing)
   * @returns the stored event, deeply frozen
   */
  append(input: AuditAppendInput): Promise<AuditEvent>;
  /**
   * Events in order, a page at a time.
   *
   * @param filter - start after a seq, at most `limit` events
   * @returns the events, deeply frozen: nothing done to them changes the log
   */
  list(filter?: { afterSeq?: number; limit?: number }): Promise<AuditEvent[]>;
  /**
   * Streams the log as JSON lines or CSV, one line per yielded string, a page at a time. JSON
   * lines are exact (each line is the event's canonical JSON); CSV is for spreadsheets: a header,
   * then `seq, at, actor, action, subject, data` (canonical JSON), `prevHash, hash, chain` (the
   * partition, empty for the store chain), each cell
   * neutralised against formula injection (a text cell starting with `=`, `+`, `-`, `@`, a tab or
   * a carriage return gets a leading `'`; see {@link csvCell}) and quoted per RFC 4180.
   *
   * @param options - the format
   * @returns the lines
   */
  export(options: AuditExportOptions): AsyncIterable<string>;
}

const exportSchema = z.object({ format: z.enum(['jsonl', 'csv']), pageSize: z.number().int().min(1).max(100_000).optional() }).strict();
const verifySchema = z
  .object({ anchor: z.object({ seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict().optional() })
  .strict();
/** Input of `audit.append`. */
export const auditAppendInputSchema = z
  .object({
    actor: idSchema,
    action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'Expected a lower-case dotted action such as "policy.change"').max(100),
    subject: textSchema.min(1).max(200),
    data: z
      .json()
      .superRefine((data, ctx) => {
        const path = unstorableTextPath(data);
        if (path) ctx.addIssue({ code: 'custom', path, message: UNSTORABLE_TEXT_MESSAGE });
      })
      .optional(),
  })
  .strict();
const listSchema = z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).optional() }).strict();
// The chain last, so the columns before it stay where they were; empty for the store chain.
const COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'data', 'prevHash', 'hash', 'chain'] as const;

/** @internal */
export function createAudit(ctx: EngineContext): AuditApi {
  // Frozen whatever the adapter does (the conformance suite holds adapters to it; freezing what
  // is frozen already stops at the first object).
  const list = async (filter: { afterSeq?: number | undefined; limit?: number | undefined }) =>
    (await ctx.storage.transaction((tx) => tx.listAuditEvents(filter), { readOnly: true })).map(deepFreeze);
  return {
    async verify(options = {}) {
      const { anchor } = parseInput(verifySchema, options, ['options']);
      const events = await list({});
      const result = await verifyAuditChain(events);
      if (!result.ok || anchor === undefined) return result;
      // Numbers may skip, so the anchor is found by its number, not its position.
      const index = events.findIndex((event) => event.seq === anchor.seq);
      const held = events[index];
      if (held === undefined) return { ok: false, position: anchor.seq, seq: undefined, reason: 'missing_anchor' };
      return held.hash === anchor.hash ? result : { ok: false, position: index + 1, seq: held.seq, reason: 'hash_mismatch' };
    },
    chains: async () =>
      (await ctx.storage.transaction((tx) => tx.auditChainHeads(), { readOnly: true })).map((head) => ({
        ...(head.chain === undefined ? {} : { chain: head.chain }),
        seq: head.seq,
        hash: head.hash,
        at: head.at,
      })),
    list: async (filter = {}) => list(parseInput(listSchema, filter, ['filter'])),
    async append(input) {
      const parsed = parseInput(auditAppendInputSchema, input);
      return writeIn(ctx, 'catalog', (tx) =>
        // A copy: the caller keeps its object and may change it; the log must not change with it.
        // Copied from the validated input, not zod's output: zod rebuilds records by assignment,
        // which turns an own "__proto__" key into a prototype and loses it.
        appendAudit(tx, toInstant(ctx.clock.now()), { actor: parsed.actor, action: parsed.action, subject: parsed.subject, data: jsonCopy(input.data ?? null) }),
      );
    },
    export(options) {
      const { format, pageSize = 1000 } = parseInput(exportSchema, options, ['options']);
      return {
        async *[Symbol.asyncIterator]() {
          if (format === 'csv') yield `${COLUMNS.join(',')}\n`;
          let afterSeq = 0;
          for (;;) {
            const page = await list({ afterSeq, limit: pageSize });
            for (const event of page) {
              yield format === 'jsonl'
                ? `${canonicalJson(event)}\n`
                : `${COLUMNS.map((column) => csvCell(column === 'data' ? canonicalJson(event.data) : String(event[column] ?? ''), column === 'seq' ? 'number' : 'text')).join(',')}\n`;
            }
            if (page.length < pageSize) return;
            afterSeq = page[page.length - 1]!.seq;
          }
        },
      };
    },
  };
}

/** A deep copy of JSON data, keys in canonical order. */
function jsonCopy(value: unknown): unknown {
  return JSON.parse(canonicalJson(value)) as unknown;
}
