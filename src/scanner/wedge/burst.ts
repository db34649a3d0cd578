/**
 * Deciding a burst of keys as a whole: where one scan ends and the next begins, which long
 * pauses are a scanner stalling inside one scan, and which pieces a person typed.
 *
 * @module
 */
import { parseScan } from '../parse-scan.js';
import type { ReadKey } from './key.js';

/** The rules a burst is decided by; see `CreateWedgeDecoderOptions`. */
export interface BurstRules {
  readonly stallGap: number;
  readonly maxAverageGap: number;
  readonly minLength: number;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly requireTerminator: boolean;
  readonly paste: 'manual' | 'wedge' | 'typed';
}

/** How a burst ended: at a terminator, after a pause, or at another named key (Backspace, ...). */
export type BurstEnd = 'terminator' | 'pause' | 'other';

/** A decided piece of a burst: a scan, or keys a person typed. */
export type BurstPiece =
  | { readonly type: 'scan'; readonly raw: string; readonly first: ReadKey; readonly paste: boolean }
  | { readonly type: 'typed'; readonly keys: readonly ReadKey[] };

/**
 * A gap shorter than this many times the burst's median gap is ordinary; a longer one may be
 * the boundary between two scans sent back to back without a suffix (~30 ms between scans of a
 * scanner that sends a key every ~10 ms).
 */
const BOUNDARY_RATIO = 2;
/** Gaps shorter than this are never boundaries: USB delivers keys in clumps a few ms apart. */
const MIN_BOUNDARY_GAP = 20;
/** An AIM symbology identifier, which starts every scan of a scanner configured to send one. */
const AIM = /^\][A-Za-z][0-9A-Za-z]/;

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Data that parses and names a GS1 key with a check digit (a GTIN, SSCC or GLN, also in an EPC
 * or a Digital Link): evidence of a whole barcode. Element strings of company-internal AIs
 * (90-99) alone prove nothing: most digit strings starting with 9 are such.
 */
function isBarcode(text: string): boolean {
  const parsed = parseScan(text);
  return parsed.ok && (parsed.gtin !== undefined || parsed.contentGtin !== undefined || parsed.sscc !== undefined || parsed.gln !== undefined);
}

/** What is known around one long or unusual gap. */
interface Gap {
  readonly gap: number;
  /** The gap before it inside the burst, if any. */
  readonly before: number | undefined;
  /** The gap after it (to the terminator for the last character), if any. */
  readonly after: number | undefined;
}

/**
 * Whether a gap separates two scans (true) or is a pause inside one (false), given the data
 * before it in the current piece (`left`) and the data up to the next candidate gap (`right`).
 * The evidence is weighed in order: people typing around it, the configured prefix or suffix,
 * AIM identifiers, two identical labels, which reading makes whole barcodes: when the data
 * after the gap reads as a barcode on its own and the whole does not, the gap ends what came
 * before (a location label, a stray key); when both read, a short pause between two whole
 * barcodes separates them (a last field of variable length followed by digits also reads) and
 * a stall joins. Without evidence the data stays together: a scanner that sends no suffix and
 * no prefix cannot be told from itself stalling.
 */
function separates(at: Gap, left: string, right: string, rules: BurstRules): boolean {
  const slow = (gap: number | undefined): boolean => gap !== undefined && gap > rules.stallGap;
  if (slow(at.gap) && (slow(at.before) || slow(at.after))) return true;
  if (rules.prefix !== undefined) return right.startsWith(rules.prefix);
  if (rules.suffix !== undefined) return left.endsWith(rules.suffix);
  if (AIM.test(right)) return true;
  if (AIM.test(left)) return false;
  if (left.length >= rules.minLength && left === right) return true;
  if (!isBarcode(right)) return false;
  if (!isBarcode(left + right)) return true;
  return !slow(at.gap) && isBarcode(left); // both read: a short pause between two barcodes, a stall inside one
}

/** Splits the characters of a burst into pieces at the gaps that separate scans; returns each piece's start and its stalls. */
function cut(chars: readonly ReadKey[], endGap: number | undefined, rules: BurstRules): Array<{ start: number; end: number; stalls: Set<number> }> {
  const gaps = chars.map((k, i) => (i === 0 ? 0 : Math.max(0, k.time - chars[i - 1]!.time)));
  const typical = median(gaps.slice(1));
  const candidates: number[] = [];
  for (let i = 1; i < chars.length; i++) {
    const gap = gaps[i]!;
    if (gap > rules.stallGap || (gap >= BOUNDARY_RATIO * typical && gap >= MIN_BOUNDARY_GAP)) candidates.push(i);
  }
  const text = (from: number, to: number): string => chars.slice(from, to).map((k) => (k.kind === 'char' ? k.char : '')).join('');
  const pieces: Array<{ start: number; end: number; stalls: Set<number> }> = [];
  let piece = { start: 0, end: chars.length, stalls: new Set<number>() };
  candidates.forEach((i, c) => {
    const next = candidates[c + 1] ?? chars.length;
    const at: Gap = { gap: gaps[i]!, before: i >= 2 ? gaps[i - 1] : undefined, after: i + 1 < chars.length ? gaps[i + 1] : endGap };
    if (separates(at, text(piece.start, i), text(i, next), rules)) {
      pieces.push({ ...piece, end: i });
      piece = { start: i, end: chars.length, stalls: new Set<number>() };
    } else {
      piece.stalls.add(i);
    }
  });
  pieces.push(piece);
  return pieces;
}

/**
 * Decides a burst: splits it into scans and typing. A piece is a scan when it has at least
 * `minLength` characters (prefix and suffix excluded), its average gap without the stalls it
 * contains is at most `maxAverageGap`, it carries the configured prefix and suffix (which are
 * stripped), and with `requireTerminator` it ended at the terminator. A paste (every key at the
 * same time) is one piece, handled by the `paste` rule.
 *
 * @param keys - the burst, its final named key (terminator or other) included
 * @param ended - how the burst ended
 * @param rules - the decoder's rules
 * @returns the pieces in order; adjacent typed pieces are merged
 * @internal
 */
export function decideBurst(keys: readonly ReadKey[], ended: BurstEnd, rules: BurstRules): BurstPiece[] {
  if (keys.length === 0) return [];
  const chars = keys.filter((k) => k.kind === 'char');
  const last = keys[keys.length - 1]!;
  if (ended === 'other' || chars.length === 0) return [{ type: 'typed', keys }];
  const endKey = ended === 'terminator' ? last : undefined;
  const endGap = endKey === undefined ? undefined : Math.max(0, endKey.time - chars[chars.length - 1]!.time);
  const isPaste = chars.length >= 2 && chars.every((k) => k.time === chars[0]!.time) && (endGap === undefined || endGap === 0);
  if (isPaste && rules.paste === 'typed') return [{ type: 'typed', keys }];
  const pieces = isPaste ? [{ start: 0, end: chars.length, stalls: new Set<number>() }] : cut(chars, endGap, rules);

  const out: BurstPiece[] = [];
  const typed = (more: readonly ReadKey[]): void => {
    const previous = out[out.length - 1];
    if (previous?.type === 'typed') out[out.length - 1] = { type: 'typed', keys: [...previous.keys, ...more] };
    else out.push({ type: 'typed', keys: more });
  };
  pieces.forEach(({ start, end, stalls }, p) => {
    const isLast = p === pieces.length - 1;
    const own = chars.slice(start, end);
    const withEnd = isLast && endKey !== undefined ? [...own, endKey] : own;
    let raw = own.map((k) => (k.kind === 'char' ? k.char : '')).join('');
    const gaps: number[] = [];
    for (let i = start + 1; i < end; i++) if (!stalls.has(i)) gaps.push(Math.max(0, chars[i]!.time - chars[i - 1]!.time));
    if (isLast && endGap !== undefined) gaps.push(endGap);
    const average = gaps.length === 0 ? 0 : gaps.reduce((a, b) => a + b, 0) / gaps.length;
    let scan = isPaste || average <= rules.maxAverageGap;
    if (rules.prefix !== undefined) {
      scan &&= raw.startsWith(rules.prefix);
      raw = raw.slice(rules.prefix.length);
    }
    if (rules.suffix !== undefined) {
      scan &&= raw.endsWith(rules.suffix);
      raw = raw.slice(0, raw.length - rules.suffix.length);
    }
    scan &&= raw.length >= rules.minLength && (!rules.requireTerminator || (isLast && endKey !== undefined));
    if (scan) out.push({ type: 'scan', raw, first: own[0]!, paste: isPaste });
    else typed(withEnd);
  });
  return out;
}
