/**
 * The fixtures of the storage conformance suite: hand-made movements, sessions, entries and audit
 * events, and the small checks its tests share.
 *
 * @internal
 * @module
 */
import type { AuditEvent } from '../../audit/types.js';
import type { Item } from '../../catalog/types.js';
import type { CountEntry, CountSession } from '../../count/types.js';
import { compareStockKeys, stockKeyId, type StockKey } from '../../ledger/key.js';
import type { Balance, Movement, MovementKind, MovementLine, Posting } from '../../ledger/types.js';
import { D } from '../../quantity/decimal.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import type { RawBalanceRow } from './types.js';

export const T0 = '2026-03-02T08:00:00.000Z';

/** `T0` plus some minutes, as an instant. */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

/** A line to append by hand in {@link appendByHand}. */
interface LineSpec {
  readonly sku: string;
  readonly from?: string;
  readonly to?: string;
  readonly qty: string;
  readonly lot?: string;
  readonly serial?: string;
}

/** Extra header fields of a hand-made movement. */
interface HeaderSpec {
  readonly kind?: MovementKind;
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly actor?: string;
  readonly reference?: string;
  readonly reason?: string;
  readonly reasonCode?: string;
  readonly override?: { readonly reason: string };
  readonly sessionId?: string;
  readonly lines?: readonly MovementLine[];
}

/**
 * Does what the engine does when it posts, without its rules: locks the keys, adds the deltas to
 * the locked balances and appends the movement.
 */
export async function appendByHand(tx: StorageTransaction, id: string, lines: readonly LineSpec[], header: HeaderSpec = {}): Promise<Movement> {
  const occurredAt = header.occurredAt ?? T0;
  const recordedAt = header.recordedAt ?? occurredAt;
  const kind = header.kind ?? 'transfer';
  const actor = header.actor ?? 'li';
  const postings: Array<Omit<Posting, 'seq'>> = [];
  lines.forEach((line, lineIndex) => {
    const sides: Array<[string | undefined, string]> = [
      [line.from, new D(line.qty).neg().toFixed()],
      [line.to, new D(line.qty).toFixed()],
    ];
    for (const [location, delta] of sides) {
      if (location === undefined) continue;
      const key: StockKey = {
        sku: line.sku,
        location,
        ...(line.lot === undefined ? {} : { lot: line.lot }),
        ...(line.serial === undefined ? {} : { serial: line.serial }),
      };
      postings.push({ movementId: id, lineIndex, key, delta, occurredAt, recordedAt, kind, actor });
    }
  });
  const keys = [...new Map(postings.map((p) => [stockKeyId(p.key), p.key])).values()].sort(compareStockKeys);
  const locked = await tx.lockBalances(keys);
  const next = new Map<string, Balance>();
  for (const posting of postings) {
    const keyId = stockKeyId(posting.key);
    const current = next.get(keyId) ?? locked.byKeyId.get(keyId) ?? { key: posting.key, qty: '0', version: 0, lastOccurredAt: occurredAt };
    const qty = new D(current.qty).plus(posting.delta);
    const lastOccurredAt = current.lastOccurredAt > occurredAt ? current.lastOccurredAt : occurredAt;
    next.set(keyId, { key: posting.key, qty: qty.isZero() ? '0' : qty.toFixed(), version: current.version + 1, lastOccurredAt });
  }
  const { lines: storedLines, ...rest } = header;
  const movement: Omit<Movement, 'seq'> = {
    id,
    kind,
    occurredAt,
    recordedAt,
    actor,
    ...(rest.reference === undefined ? {} : { reference: rest.reference }),
    ...(rest.reason === undefined ? {} : { reason: rest.reason }),
    ...(rest.reasonCode === undefined ? {} : { reasonCode: rest.reasonCode }),
    ...(rest.override === undefined ? {} : { override: rest.override }),
    ...(rest.sessionId === undefined ? {} : { sessionId: rest.sessionId }),
    lines:
      storedLines ??
      lines.map((line) => ({
        sku: line.sku,
        ...(line.from === undefined ? {} : { from: line.from }),
        ...(line.to === undefined ? {} : { to: line.to }),
        qty: line.qty,
        ...(line.lot === undefined ? {} : { lot: line.lot }),
        ...(line.serial === undefined ? {} : { serial: line.serial }),
      })),
    fingerprint: `fp:${id}`,
  };
  const [stored] = await tx.appendMovements([{ movement, postings, balances: [...next.values()] }]);
  return stored!;
}

export const ITEM: Item = { sku: 'A', baseUom: 'ea', decimals: 0, packs: [], tracking: 'none', lookAlikes: [], allowNegative: false };

export function session(id: string, overrides: Partial<CountSession> = {}): CountSession {
  return {
    id,
    version: 1,
    state: 'counting',
    mode: 'full',
    purpose: 'regular',
    scope: { locations: ['WH1/A'] },
    blind: true,
    movementPolicy: 'live',
    recount: 'auto',
    maxRounds: 3,
    openedAt: T0,
    openedBy: 'zhao',
    counters: ['li', 'wang'],
    teams: {},
    split: { by: 'zone', depth: 2 },
    round: 1,
    tasks: [{ id: 't1', round: 1, locations: ['WH1/A/01'], excludedCounters: [] }],
    overrides: [],
    decisions: {},
    ...overrides,
  };
}

export function entry(sessionId: string, entryId: string, overrides: Partial<CountEntry> = {}): Omit<CountEntry, 'seq'> {
  return {
    sessionId,
    entryId,
    kind: 'count',
    key: { sku: 'A', location: 'WH1/A/01' },
    qty: '5',
    countedAt: T0,
    counter: 'li',
    round: 1,
    flags: [],
    recordedAt: T0,
    fingerprint: `fp:${entryId}`,
    ...overrides,
  };
}

export function auditEvent(seq: number, data: unknown = { n: seq }): AuditEvent {
  return {
    seq,
    at: at(seq),
    actor: 'li',
    action: 'test.event',
    subject: `s-${seq}`,
    data,
    prevHash: String(seq - 1).padStart(64, '0'),
    hash: String(seq).padStart(64, '0'),
  };
}

/** Whether a value and everything it holds is frozen. */
export function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** Runs an attempt to change a read value; a frozen one refuses with a TypeError, which is the point. */
export function tryToChange(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

/** Decimal equality, so a store may keep `5.50` for `5.5`. */
export function sameDecimal(a: string, b: string): boolean {
  return new D(a).eq(b);
}

export function rawKeyId(row: RawBalanceRow | { sku: string; location: string; lot: string | null; serial: string | null }): string {
  return stockKeyId({
    sku: row.sku,
    location: row.location,
    ...(row.lot === null ? {} : { lot: row.lot }),
    ...(row.serial === null ? {} : { serial: row.serial }),
  });
}

/** Waits a little, to give a concurrent transaction time to block. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
