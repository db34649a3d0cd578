/**
 * The US keyboard layout by physical key (`KeyboardEvent.code`): what a scanner set to "USA"
 * means by each key it presses, whatever layout the operating system applies.
 *
 * @module
 */

/** Unshifted and shifted characters of the keys that are not letters, by `code`. */
const SYMBOLS: Readonly<Record<string, readonly [string, string]>> = {
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
};

/** The numeric keypad: the same characters with or without Shift or NumLock (scanners use it for digits). */
const KEYPAD: Readonly<Record<string, string>> = {
  NumpadDecimal: '.',
  NumpadAdd: '+',
  NumpadSubtract: '-',
  NumpadMultiply: '*',
  NumpadDivide: '/',
};

/**
 * The character a key produces on a US keyboard.
 *
 * @internal
 *
 * @param code - `KeyboardEvent.code`, e.g. `KeyZ`, `Digit1`, `BracketRight`
 * @param shift - whether Shift is held
 * @returns the character, or `undefined` for a key that produces none (Enter, F8, ...) or that
 *   a US keyboard does not have
 * @example
 * ```ts
 * usLayoutCharacter('KeyY', true);   // 'Y' (a German keyboard would have produced 'Z')
 * usLayoutCharacter('Digit1', false); // '1' (a French keyboard would have produced '&')
 * ```
 */
export function usLayoutCharacter(code: string, shift: boolean): string | undefined {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter !== null) return shift ? letter[1]! : letter[1]!.toLowerCase();
  const digit = /^Numpad([0-9])$/.exec(code);
  if (digit !== null) return digit[1]!;
  const symbol = Object.hasOwn(SYMBOLS, code) ? SYMBOLS[code] : undefined;
  if (symbol !== undefined) return symbol[shift ? 1 : 0];
  return Object.hasOwn(KEYPAD, code) ? KEYPAD[code] : undefined;
}
