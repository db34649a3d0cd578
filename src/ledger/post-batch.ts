import { chainAuditEvent, type AuditRecord } from '../audit/append.js';
import { auditChainOf } from '../storage/scope.js';
import type { AuditEvent } from '../audit/types.js';
import type { EngineContext, GuardCheck } from '../context.js';
import type { StocktakeEvent } from '../events.js';
import type { LockedBalances, MovementWrite, StorageTransaction } from '../storage/adapter.js';
import { readTogether } from '../storage/read-together.js';
import type { Item, Location } from '../catalog/types.js';
import { toInstant } from '../time.js';
import { stockKeyId, type StockKey } from './key.js';
import { D } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import { LedgerHistory, serialId } from './history.js';
import {
  applyPostings,
  isRefusal,
  omitUndefined,
  prepareMovement,
  type DraftMovement,
  type LineInput,
  type MovementHeader,
  type Refusal,
} from './prepare.js';
import type { Balance, Movement, PostResult } from './types.js';

/** A validated movement to post: its stored header and lines. */
export interface PostRequest {
  readonly header: MovementHeader;
  readonly lines: readonly LineInput[];
}

/** What posting one movement gave: its result and, when created, the events to emit after commit. */
export interface PostOutcome {
  readonly result: PostResult;
  readonly events: readonly StocktakeEvent[];
}

/** A created movement waiting to be written with the rest of the batch. */
interface Pending {
  readonly write: MovementWrite;
  /** Its audit record and time: chained at the flush, once the store gave the sequence numbers. */
  readonly audit: AuditRecord;
  readonly at: Instant;
  stored?: Movement;
}

/**
 * Posts movements in order inside an open transaction, each exactly as if it were posted alone:
 * the id first (against the store and the batch's earlier movements), then the catalog, the
 * guards (frozen counts, back-dated movements), and the balances, which later movements see.
 *
 * It reads in one query per kind for the whole batch (existing ids, items, locations, balances,
 * what the guards need) and writes the created movements and their audit events in one call each,
 * so a batch costs a handful of statements on PostgreSQL rather than a dozen per movement. A
 * guard that acts after a movement is stored (a freeze override, a back-dated exception) gets the
 * movements before it written first, and the batch reads the guards' state again after it.
 *
 * @internal
 */
export async function postBatch(ctx: EngineContext, tx: StorageTransaction, requests: readonly PostRequest[]): Promise<PostOutcome[]> {
  const lines = requests.flatMap((request) => request.lines);
  // Every key a line names, known before the catalog is read (a refused movement's too), so that
  // the batch's reads need nothing from each other and go together: one round trip on PostgreSQL.
  const lineKeys = keysOfLines(lines);
  const chain = auditChainOf(tx);
  // One read per guard: each one's statements go with the others'.
  const guardReads = ctx.guards.map((guard) => (reader: StorageTransaction) => guard(reader, { keys: lineKeys.keys }));
  const [existing, items, locations, locked, firstTail, ...firstChecks] = await readTogether<
    [ReadonlyMap<string, Movement>, ReadonlyMap<string, Item>, ReadonlyMap<string, Location>, LockedBalances, AuditEvent | undefined, ...GuardCheck[]]
  >(tx, [
    (reader) => reader.getMovements(unique(requests.map((request) => request.header.id))),
    (reader) => reader.getItems(unique(lines.map((line) => line.sku))),
    (reader) => reader.getLocations(unique(lines.flatMap((line) => [line.from, line.to]).filter((l): l is string => l !== undefined))),
    (reader) => reader.lockBalances(lineKeys.keys, lineKeys.ids),
    (reader) => reader.lastAuditEvent(chain),
    ...guardReads,
  ]);
  const drafts = requests.map((request) => prepareMovement(request.header, request.lines, items, locations));
  const keys = new Map<string, StockKey>();
  for (const draft of drafts) {
    if (isRefusal(draft)) continue;
    for (const [index, key] of draft.keys.entries()) keys.set(draft.keyIds[index]!, key);
  }
  // The balances of the keys of the movements to post, as if only those had been read.
  const balances = new Map<string, Balance>();
  for (const id of [...keys.keys()].sort()) {
    const balance = locked.byKeyId.get(id);
    if (balance !== undefined) balances.set(id, balance);
  }
  const history = await loadHistory(tx, drafts, balances);
  let checks = firstChecks;
  let tail: Pick<AuditEvent, 'hash'> | undefined = firstTail;

  let pending: Pending[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const stored = await tx.appendMovements(pending.map((p) => p.write));
    const seqs = await tx.reserveAuditSeqs(pending.length);
    const audit: AuditEvent[] = [];
    for (const [index, p] of pending.entries()) {
      const event = await chainAuditEvent(tail, p.at, p.audit, { seq: seqs[index]!, chain });
      audit.push(event);
      tail = event;
    }
    await tx.appendAuditEvents(audit);
    pending.forEach((p, index) => (p.stored = stored[index]!));
    pending = [];
  };
  // Outcomes are read after the last write: a created movement has its seq only then.
  const outcomes: Array<() => PostOutcome> = [];
  const refused = (result: PostResult): void => void outcomes.push(() => ({ result, events: [] }));
  const created = new Map<string, Pending>();

  for (const [index, request] of requests.entries()) {
    const { header } = request;
    const earlier = created.get(header.id);
    const stored = existing.get(header.id);
    if (earlier || stored) {
      const fingerprint = earlier ? earlier.write.movement.fingerprint : stored!.fingerprint;
      outcomes.push(() => ({
        result:
          fingerprint === header.fingerprint
            ? { id: header.id, result: 'exists', movement: earlier ? earlier.stored! : stored! }
            : { id: header.id, result: 'exists_with_different_payload', message: `Movement ${header.id} exists with a different payload` },
        events: [],
      }));
      continue;
    }
    const draft = drafts[index]!;
    if (isRefusal(draft)) {
      refused({ id: header.id, ...draft });
      continue;
    }
    // Checks are pure: the first refusal in guard order decides, else every guard's effect runs.
    const verdicts = checks.map((check) => check(draft)).filter((verdict) => verdict !== undefined);
    const refusal = verdicts.find((verdict) => 'refuse' in verdict);
    if (refusal) {
      refused({ id: header.id, ...refusal.refuse });
      continue;
    }
    const effects = verdicts.flatMap((verdict) => ('afterAppend' in verdict ? [verdict.afterAppend] : []));
    const next = applyPostings(draft, balances, items, history);
    if (isRefusal(next)) {
      refused({ id: header.id, ...next });
      continue;
    }
    for (const [slot, balance] of next.balances.entries()) balances.set(next.keyIds[slot]!, balance);
    history.accept(draft.postings, draft.postingKeyIds);
    const { movement } = draft;
    const audit: AuditRecord = {
      actor: movement.actor,
      action: 'movement.post',
      subject: movement.id,
      // Built without undefined fields so the log can share the stored lines instead of copying them.
      data: omitUndefined({ kind: movement.kind, occurredAt: movement.occurredAt, lines: movement.lines, override: movement.override }),
    };
    const write: MovementWrite = { movement, postings: draft.postings, balances: next.balances, postingKeyIds: draft.postingKeyIds, balanceKeyIds: next.keyIds };
    const entry: Pending = { write, audit, at: toInstant(ctx.clock.now()) };
    pending.push(entry);
    created.set(header.id, entry);
    const events: StocktakeEvent[] = [];
    outcomes.push(() => ({
      result: { id: header.id, result: 'created', movement: entry.stored! },
      events: [{ type: 'movement.posted', movement: entry.stored!, balances: next.balances }, ...events],
    }));
    if (effects.length > 0) {
      await flush();
      for (const effect of effects) events.push(...(await effect(tx, entry.stored!)));
      // The effects wrote sessions, exceptions and audit events of their own.
      tail = await tx.lastAuditEvent(chain);
      checks = await readTogether<GuardCheck[]>(tx, guardReads);
    }
  }
  await flush();
  return outcomes.map((outcome) => outcome());
}

/**
 * Loads what the batch's movements need of the ledger's history: for a key a movement is dated
 * before the key's latest change (stored, or earlier in the batch), the key's changes from the
 * batch's earliest date on; for serials moving in, every key that ever held them. One query each,
 * and none when every movement is dated after what its keys already hold.
 */
async function loadHistory(
  tx: StorageTransaction,
  drafts: ReadonlyArray<DraftMovement | Refusal>,
  balances: ReadonlyMap<string, Balance>,
): Promise<LedgerHistory> {
  const latest = new Map<string, Instant>();
  for (const [id, balance] of balances) latest.set(id, balance.lastOccurredAt);
  const serials = new Map<string, StockKey>();
  for (const draft of drafts) {
    if (isRefusal(draft)) continue;
    for (const posting of draft.postings) {
      // A draft's key carries a serial only for a serial-tracked item (preparation refuses any other).
      if (posting.key.serial !== undefined && new D(posting.delta).gt(0)) {
        serials.set(serialId(posting.key), posting.key);
      }
    }
  }
  const holders = new Map<string, Balance[]>();
  // Per serial, every key that held it: stored ones, then the batch's as it goes.
  const holding = new Map<string, Set<string>>();
  const keysById = new Map<string, StockKey>();
  for (const [id, key] of serials) {
    const held = await tx.listBalances({ sku: key.sku, serial: key.serial, includeZero: true });
    holders.set(id, held);
    holding.set(id, new Set(held.map((balance) => stockKeyId(balance.key))));
    for (const balance of held) {
      const keyId = stockKeyId(balance.key);
      keysById.set(keyId, balance.key);
      if (!latest.has(keyId)) latest.set(keyId, balance.lastOccurredAt);
    }
  }
  const tracked = new Set<string>();
  let earliest: Instant | undefined;
  const trackIfLater = (keyId: string, at: Instant): void => {
    const last = latest.get(keyId);
    if (last === undefined || at >= last) return;
    tracked.add(keyId);
    if (earliest === undefined || at < earliest) earliest = at;
  };
  for (const draft of drafts) {
    if (isRefusal(draft)) continue;
    const at = draft.movement.occurredAt;
    for (const [index, key] of draft.keys.entries()) {
      const keyId = draft.keyIds[index]!;
      keysById.set(keyId, key);
      trackIfLater(keyId, at);
      if (key.serial === undefined) continue;
      const serial = serialId(key);
      const keys = holding.get(serial) ?? new Set<string>();
      holding.set(serial, keys.add(keyId));
      for (const holder of keys) trackIfLater(holder, at);
    }
    for (const keyId of draft.keyIds) {
      const last = latest.get(keyId);
      if (last === undefined || last < at) latest.set(keyId, at);
    }
  }
  const loaded = earliest === undefined ? [] : await tx.listPostings({ keys: [...tracked].map((id) => keysById.get(id)!), occurredFrom: earliest });
  return new LedgerHistory(balances, loaded, tracked, holders);
}

/** The distinct keys the lines name and their ids, ordered by key id (as a draft orders its keys). */
function keysOfLines(lines: readonly LineInput[]): { keys: StockKey[]; ids: string[] } {
  const keys = new Map<string, StockKey>();
  for (const line of lines) {
    for (const location of [line.from, line.to]) {
      if (location === undefined) continue;
      const key = omitUndefined({ sku: line.sku, location, lot: line.lot, serial: line.serial }) as StockKey;
      keys.set(stockKeyId(key), key);
    }
  }
  const ids = [...keys.keys()].sort();
  return { keys: ids.map((id) => keys.get(id)!), ids };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
