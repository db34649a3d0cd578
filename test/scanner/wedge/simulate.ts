/**
 * A simulated HID keyboard-wedge scanner and operating system, for synthetic key streams.
 *
 * The scanner turns each character it means to send into a physical key of the US layout
 * (`code`) with Shift, or Ctrl+key for control characters, the way a scanner whose keyboard
 * country is "USA" does. The operating system then turns that key into `KeyboardEvent.key` by
 * its own layout and CapsLock state, which is where characters get lost.
 */
import { GS, type WedgeKeyEvent } from '../../../src/scanner/index.js';

/** A key event with the time it arrived. */
export type TimedKey = WedgeKeyEvent & { readonly time: number };

/** What the scanner presses for one character: a physical key, Shift and Ctrl. */
interface Press {
  readonly code: string;
  readonly shift: boolean;
  readonly ctrl: boolean;
}

const US_SYMBOLS: Readonly<Record<string, readonly [string, string]>> = {
  Digit1: ['1', '!'], Digit2: ['2', '@'], Digit3: ['3', '#'], Digit4: ['4', '$'], Digit5: ['5', '%'],
  Digit6: ['6', '^'], Digit7: ['7', '&'], Digit8: ['8', '*'], Digit9: ['9', '('], Digit0: ['0', ')'],
  Minus: ['-', '_'], Equal: ['=', '+'], BracketLeft: ['[', '{'], BracketRight: [']', '}'], Backslash: ['\\', '|'],
  Semicolon: [';', ':'], Quote: ["'", '"'], Backquote: ['`', '~'], Comma: [',', '<'], Period: ['.', '>'], Slash: ['/', '?'],
  Space: [' ', ' '],
};

/** Layouts of the operating system: what a physical key produces unshifted and shifted, where it differs from US. */
export const LAYOUTS = {
  us: {},
  /** German QWERTZ. */
  de: {
    KeyY: ['z', 'Z'], KeyZ: ['y', 'Y'], Digit2: ['2', '"'], Digit3: ['3', '§'], Digit6: ['6', '&'], Digit7: ['7', '/'],
    Digit8: ['8', '('], Digit9: ['9', ')'], Digit0: ['0', '='], Minus: ['ß', '?'], Equal: ['´', '`'], BracketLeft: ['ü', 'Ü'],
    BracketRight: ['+', '*'], Backslash: ['#', "'"], Semicolon: ['ö', 'Ö'], Quote: ['ä', 'Ä'], Comma: [',', ';'], Period: ['.', ':'],
    Slash: ['-', '_'],
  },
  /** French AZERTY: digits need Shift. */
  fr: {
    KeyQ: ['a', 'A'], KeyA: ['q', 'Q'], KeyW: ['z', 'Z'], KeyZ: ['w', 'W'], KeyM: [',', '?'], Semicolon: ['m', 'M'],
    Digit1: ['&', '1'], Digit2: ['é', '2'], Digit3: ['"', '3'], Digit4: ["'", '4'], Digit5: ['(', '5'], Digit6: ['-', '6'],
    Digit7: ['è', '7'], Digit8: ['_', '8'], Digit9: ['ç', '9'], Digit0: ['à', '0'], Minus: [')', '°'], Comma: [';', '.'],
    Period: [':', '/'], Slash: ['!', '§'], BracketRight: ['$', '£'],
  },
} satisfies Record<string, Record<string, readonly [string, string]>>;

/** An operating system layout name. */
export type Layout = keyof typeof LAYOUTS;

const CONTROL_KEYS: Readonly<Record<string, Press>> = {
  [GS]: { code: 'BracketRight', shift: false, ctrl: true },
  '\u001e': { code: 'Digit6', shift: true, ctrl: true },
  '\u0004': { code: 'KeyD', shift: false, ctrl: true },
  '\r': { code: 'KeyM', shift: false, ctrl: true },
  '\n': { code: 'KeyJ', shift: false, ctrl: true },
  '\t': { code: 'KeyI', shift: false, ctrl: true },
};

/** The key a US scanner presses for a character. */
function press(char: string): Press {
  const control = CONTROL_KEYS[char];
  if (control !== undefined) return control;
  if (/^[a-z]$/.test(char)) return { code: `Key${char.toUpperCase()}`, shift: false, ctrl: false };
  if (/^[A-Z]$/.test(char)) return { code: `Key${char}`, shift: true, ctrl: false };
  for (const [code, [plain, shifted]] of Object.entries(US_SYMBOLS)) {
    if (char === plain) return { code, shift: false, ctrl: false };
    if (char === shifted) return { code, shift: true, ctrl: false };
  }
  throw new Error(`a US scanner has no key for ${JSON.stringify(char)}`);
}

/** What the operating system makes of a physical key. */
function produce(code: string, shift: boolean, layout: Layout, capsLock: boolean): string {
  const own = (LAYOUTS[layout] as Record<string, readonly [string, string]>)[code];
  const letter = /^Key([A-Z])$/.exec(code);
  const pair = own ?? (letter !== null ? [letter[1]!.toLowerCase(), letter[1]!] : US_SYMBOLS[code]);
  if (pair === undefined) throw new Error(`no key ${code}`);
  const isLetter = pair[0].toLowerCase() !== pair[0].toUpperCase() && pair[0].length === 1 && /^[a-zäöü]$/.test(pair[0]);
  return pair[shift !== (capsLock && isLetter) ? 1 : 0];
}

/** How a simulated scan is sent. */
export interface ScannerSetup {
  /** The operating system's layout (default `us`). */
  readonly layout?: Layout;
  /** Whether CapsLock is on (default false). */
  readonly capsLock?: boolean;
  /** Key names that replace characters, e.g. `{ [GS]: 'F8' }` for a scanner that sends F8 for GS. */
  readonly substitutes?: Readonly<Record<string, string>>;
  /** When the first key arrives, epoch ms. */
  readonly start: number;
  /** The gap before key `i` (i ≥ 1), in ms. */
  readonly gap: (i: number) => number;
  /** What ends the scan: a key name (default `Enter`), or none. */
  readonly terminator?: string | null;
}

/**
 * The key events of one scan, as the browser would report them.
 *
 * @param data - the characters the scanner means to send
 * @param setup - layout, CapsLock, timing, terminator
 * @returns the events, each with its time
 */
export function scanKeys(data: string, setup: ScannerSetup): TimedKey[] {
  const layout = setup.layout ?? 'us';
  const capsLock = setup.capsLock ?? false;
  const state = (key: string): boolean => (key === 'CapsLock' ? capsLock : false);
  const out: TimedKey[] = [];
  let time = setup.start;
  const emit = (fields: Omit<WedgeKeyEvent, 'getModifierState'>): void => {
    if (out.length > 0) time += setup.gap(out.length);
    out.push({ ...fields, getModifierState: state, time });
  };
  for (const char of [...data]) {
    const substitute = setup.substitutes?.[char];
    if (substitute !== undefined) {
      emit({ key: substitute, code: substitute, ctrlKey: false, shiftKey: false, altKey: false });
      continue;
    }
    const p = press(char);
    const key = p.ctrl ? produce(p.code, p.shift, layout, false) : produce(p.code, p.shift, layout, capsLock);
    emit({ key, code: p.code, ctrlKey: p.ctrl, shiftKey: p.shift, altKey: false });
  }
  const terminator = setup.terminator === undefined ? 'Enter' : setup.terminator;
  if (terminator !== null) emit({ key: terminator, code: terminator, ctrlKey: false, shiftKey: false, altKey: false });
  return out;
}

/**
 * A person typing text on a keyboard with the given layout: each character as the key that
 * produces it, with a gap between keys.
 *
 * @param text - what is typed
 * @param start - the first key's time
 * @param gap - the gap before key `i`
 * @returns the events
 */
export function typedKeys(text: string, start: number, gap: (i: number) => number): TimedKey[] {
  let time = start;
  return [...text].map((key, i) => {
    if (i > 0) time += gap(i);
    return { key, time };
  });
}
