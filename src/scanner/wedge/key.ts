/**
 * One keyboard event as a scanner meant it: control characters sent as Ctrl+key, CapsLock
 * undone, the US layout read from `code` when asked, auto-repeat and modifiers dropped.
 *
 * @module
 */
import { GS } from '../gs1/element-string.js';
import { usLayoutCharacter } from './us-layout.js';

/**
 * A key as the decoder reads it: a browser `KeyboardEvent` fits, and so does a plain object
 * with the same fields (only `key` is required).
 */
export interface WedgeKeyEvent {
  /** `KeyboardEvent.key`: a character, or a key name such as `Enter`, `Tab`, `F8`, `Shift`. */
  readonly key: string;
  /** `KeyboardEvent.code`: the physical key, e.g. `KeyA`, `Digit1`, `BracketRight`. */
  readonly code?: string;
  /** Ctrl was held: Ctrl+] is GS, Ctrl+M a line end, ... (with Alt too, it is AltGr on Windows). */
  readonly ctrlKey?: boolean;
  /** Alt was held. */
  readonly altKey?: boolean;
  /** Shift was held: the scanner's capitals, and the shifted characters of the US layout. */
  readonly shiftKey?: boolean;
  /** Meta (Command, Windows) was held: a shortcut, never scan data. */
  readonly metaKey?: boolean;
  /** True for a key the operating system repeats because it is held down. */
  readonly repeat?: boolean;
  /** `KeyboardEvent.getModifierState`: read for `CapsLock` and `AltGraph`. */
  readonly getModifierState?: (key: string) => boolean;
  /**
   * `KeyboardEvent.timeStamp`: milliseconds on the page's `performance` clock (or, in old
   * browsers, epoch milliseconds). Used for timing when no time is given.
   */
  readonly timeStamp?: number;
}

/** How keys become characters; see `CreateWedgeDecoderOptions`. */
export interface KeyReading {
  readonly keyboard: 'keys' | 'codes';
  readonly capsLock: 'restore' | 'asIs';
  readonly gsKeys: ReadonlySet<string>;
}

/**
 * A key the decoder keeps: a character of data (`char`, as the scanner meant it, and `text`, what
 * the system made of it for a person: empty for a Ctrl+key), or a named key (a terminator,
 * Backspace, ...).
 */
export type ReadKey =
  | { readonly kind: 'char'; readonly char: string; readonly text: string; readonly key: string; readonly time: number }
  | { readonly kind: 'named'; readonly name: string; readonly key: string; readonly time: number };

/** Keys that only modify others. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'OS']);

/**
 * The control characters scanners send as Ctrl+key, by the key's character (ASCII's "control
 * is the character minus 64"): GS (Ctrl+]) separates GS1 fields, RS (Ctrl+^), EOT (Ctrl+D) and
 * FS (Ctrl+backslash) frame ISO/IEC 15434 messages, US (Ctrl+_) separates fields, CR (Ctrl+M) and LF
 * (Ctrl+J) end a scan, HT (Ctrl+I) is Tab. Other Ctrl+key presses are shortcuts a person typed.
 */
const CONTROL: Readonly<Record<string, string>> = {
  ']': GS,
  '^': '\u001e',
  '\\': '\u001c',
  _: '\u001f',
  d: '\u0004',
  m: '\r',
  j: '\n',
  i: '\t',
};

/** Control characters that stand for a key: line ends are Enter, HT is Tab. */
const NAMED_CONTROLS: Readonly<Record<string, string>> = { '\r': 'Enter', '\n': 'Enter', '\t': 'Tab' };

const isSingleCharacter = (key: string): boolean => key.length === 1 || (key.length === 2 && [...key].length === 1);
const hasCase = (char: string): boolean => char.toLowerCase() !== char.toUpperCase();

/**
 * The control character of a Ctrl+key press. The key is read the way the decoder reads
 * characters (`key` or the US layout of `code`), then the other way: Ctrl+] is GS whether the
 * system calls that key `]` or, on a German layout, `+`.
 */
function control(event: WedgeKeyEvent, reading: KeyReading): string | undefined {
  const fromKey = isSingleCharacter(event.key) ? event.key : undefined;
  const fromCode = event.code === undefined ? undefined : usLayoutCharacter(event.code, event.shiftKey === true);
  const order = reading.keyboard === 'codes' ? [fromCode, fromKey] : [fromKey, fromCode];
  for (const char of order) {
    const lower = char?.toLowerCase();
    if (lower !== undefined && Object.hasOwn(CONTROL, lower)) return CONTROL[lower];
  }
  return undefined;
}

function character(event: WedgeKeyEvent, reading: KeyReading): string | undefined {
  if (reading.keyboard === 'codes' && event.code !== undefined) {
    const us = usLayoutCharacter(event.code, event.shiftKey === true);
    if (us !== undefined) return us;
  }
  if (!isSingleCharacter(event.key)) return undefined;
  const capsLock = reading.capsLock === 'restore' && event.getModifierState?.('CapsLock') === true;
  if (!capsLock || !hasCase(event.key)) return event.key;
  // The scanner pressed Shift for capitals; CapsLock inverted what the system made of it.
  if (event.shiftKey !== undefined) return event.shiftKey ? event.key.toUpperCase() : event.key.toLowerCase();
  return event.key === event.key.toUpperCase() ? event.key.toLowerCase() : event.key.toUpperCase();
}

/**
 * Reads one key event.
 *
 * @param event - the key
 * @param time - when it arrived, on the decoder's clock
 * @param reading - layout, CapsLock handling, GS substitutes
 * @returns the key to keep, or `undefined` for a key that never enters data (a modifier, an
 *   auto-repeat)
 * @internal
 */
export function readKey(event: WedgeKeyEvent, time: number, reading: KeyReading): ReadKey | undefined {
  const { key } = event;
  if (event.repeat === true || MODIFIERS.has(key)) return undefined;
  if (reading.gsKeys.has(key)) return { kind: 'char', char: GS, text: isSingleCharacter(key) ? key : '', key, time };
  const altGraph = event.altKey === true || event.getModifierState?.('AltGraph') === true;
  if ((event.ctrlKey === true && !altGraph) || event.metaKey === true) {
    const mapped = event.metaKey === true ? undefined : control(event, reading);
    if (mapped === undefined) return { kind: 'named', name: `${event.metaKey === true ? 'Meta' : 'Control'}+${key}`, key, time };
    return Object.hasOwn(NAMED_CONTROLS, mapped) ? { kind: 'named', name: NAMED_CONTROLS[mapped]!, key, time } : { kind: 'char', char: mapped, text: '', key, time };
  }
  if (Object.hasOwn(NAMED_CONTROLS, key)) return { kind: 'named', name: NAMED_CONTROLS[key]!, key, time };
  const char = character(event, reading);
  if (char === undefined) return { kind: 'named', name: key, key, time };
  return { kind: 'char', char, text: isSingleCharacter(key) ? key : '', key, time };
}

/**
 * When a key arrived, on the decoder's clock (`now`, epoch milliseconds): the time given, else
 * the event's `timeStamp` moved onto that clock, else now. `timeStamp` keeps the gaps between
 * keys exact when the page was busy and delivered several keys late; it counts on the
 * `performance` clock, which stops while a device sleeps, so it is shifted by how long ago it
 * was on that clock rather than added to `performance.timeOrigin`.
 *
 * @internal
 */
export function keyTime(event: WedgeKeyEvent & { readonly time?: number }, given: number | undefined, now: () => number): number {
  if (given !== undefined) return given;
  if (event.time !== undefined) return event.time;
  const stamp = event.timeStamp;
  if (stamp === undefined || !Number.isFinite(stamp) || stamp <= 0) return now();
  if (stamp > 1e12) return stamp; // epoch milliseconds, as older browsers report
  const performance = (globalThis as { performance?: { now(): number } }).performance;
  return performance === undefined ? now() : now() - Math.max(0, performance.now() - stamp);
}
