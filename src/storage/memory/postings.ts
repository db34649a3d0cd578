/**
 * The in-memory adapter's postings of one key, kept compactly: a posting the engine wrote is its
 * stored movement and a small integer (line index and side), and the `Posting` object is built
 * when read. Writes far outnumber reads of postings, and a posting object of nine fields with a
 * key and a delta of its own was most of what the store kept per movement.
 *
 * @internal
 * @module
 */
import { deepFreeze } from '../../freeze.js';
import type { StockKey } from '../../ledger/key.js';
import type { Movement, MovementKind, Posting } from '../../ledger/types.js';
import type { DecimalString } from '../../quantity/decimal.js';
import type { Instant } from '../../time.js';

/** `code` of a posting stored as given, not derived from its movement. */
const AS_GIVEN = -1;

/** Whether two keys have the same fields, set and unset alike. */
function sameKey(a: StockKey, b: StockKey): boolean {
  return (
    a === b ||
    (a.sku === b.sku && a.location === b.location && a.lot === b.lot && a.serial === b.serial && 'lot' in a === 'lot' in b && 'serial' in a === 'serial' in b)
  );
}

/**
 * The line index and side (`1` to, `0` from) a posting is derived from in its movement, or
 * {@link AS_GIVEN} when the posting differs in any field from what that line gives: such a
 * posting (a third party's write) is kept as given.
 */
function derivation(movement: Movement, posting: Omit<Posting, 'seq'>, key: StockKey): number {
  const line = movement.lines[posting.lineIndex];
  if (
    line === undefined ||
    !sameKey(posting.key, key) ||
    posting.movementId !== movement.id ||
    posting.occurredAt !== movement.occurredAt ||
    posting.recordedAt !== movement.recordedAt ||
    posting.kind !== movement.kind ||
    posting.actor !== movement.actor
  ) {
    return AS_GIVEN;
  }
  if (posting.delta === line.qty) return posting.lineIndex * 2 + 1;
  const negative = posting.delta;
  // `-` then the line's quantity, the text a from-side posting carries.
  if (negative.length === line.qty.length + 1 && negative.charCodeAt(0) === 45 && negative.endsWith(line.qty)) return posting.lineIndex * 2;
  return AS_GIVEN;
}

/**
 * The postings of one key in the order they were stored: per posting the stored movement (or the
 * posting itself, when kept as given) and its code. The key object is shared by all of them.
 *
 * @internal
 */
export class KeyPostings {
  /**
   * Per posting two elements: the stored movement (or the posting itself, kept as given) and its
   * code. One array rather than two: most keys have a few postings, and an array's header and
   * spare capacity cost more than its elements.
   */
  private readonly entries: Array<Movement | Posting | number> = [];

  /** @param key - the key, shared by the postings built from this list */
  constructor(readonly key: StockKey) {}

  /** How many postings the key has. */
  get length(): number {
    return this.entries.length >> 1;
  }

  /**
   * Appends a posting of a stored movement.
   *
   * @returns a function that removes it again (the transaction's undo step)
   */
  append(movement: Movement, posting: Omit<Posting, 'seq'>): () => void {
    const code = derivation(movement, posting, this.key);
    // Frozen like every record the store keeps: a read hands it out as it is.
    const ref = code === AS_GIVEN ? deepFreeze({ seq: movement.seq, ...posting }) : movement;
    this.entries.push(ref, code);
    return () => {
      // The last matching entry: the one this append added, wherever later appends left it.
      for (let index = this.entries.length - 2; index >= 0; index -= 2) {
        if (this.entries[index] === ref && this.entries[index + 1] === code) {
          this.entries.splice(index, 2);
          return;
        }
      }
    };
  }

  /** The business time of the posting at `index`. */
  occurredAt(index: number): Instant {
    return this.ref(index).occurredAt;
  }

  /** The movement kind of the posting at `index`. */
  kind(index: number): MovementKind {
    return this.ref(index).kind;
  }

  /** The signed change of the posting at `index`. */
  delta(index: number): DecimalString {
    const code = this.code(index);
    if (code === AS_GIVEN) return (this.ref(index) as Posting).delta;
    const qty = (this.ref(index) as Movement).lines[code >> 1]!.qty;
    return (code & 1) === 1 ? qty : `-${qty}`;
  }

  /** The posting at `index`, as stored. */
  at(index: number): Posting {
    const code = this.code(index);
    if (code === AS_GIVEN) return this.ref(index) as Posting;
    const movement = this.ref(index) as Movement;
    return {
      seq: movement.seq,
      movementId: movement.id,
      lineIndex: code >> 1,
      key: this.key,
      delta: this.delta(index),
      occurredAt: movement.occurredAt,
      recordedAt: movement.recordedAt,
      kind: movement.kind,
      actor: movement.actor,
    };
  }

  private ref(index: number): Movement | Posting {
    return this.entries[index * 2] as Movement | Posting;
  }

  private code(index: number): number {
    return this.entries[index * 2 + 1] as number;
  }
}
