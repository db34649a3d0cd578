/**
 * GS1 element strings: the FNC1 (GS) separated form a barcode transmits and the bracketed
 * human-readable form `(01)09506000134352(17)201225(10)ABC123`.
 *
 * @module
 */
import { StocktakeError } from '../../errors.js';
import { scanFailure, type Gs1Element, type ScanFailure } from '../types.js';
import { aiAt, getAiDefinition, predefinedLengthOf } from './ai.js';
import type { PositionedElement } from './validate.js';

/** The group separator, ASCII 29, that stands for FNC1 in transmitted data. */
export const GS = '\u001d';

/**
 * Splits transmitted element strings into elements. A pre-defined length AI (the dictionary's
 * `*` flag) takes exactly its length; any other AI runs to the next GS or the end. A leading GS
 * and a superfluous GS after a pre-defined length field are tolerated. Values are not validated.
 *
 * @internal
 */
export function splitElementString(data: string, offset: number): PositionedElement[] | ScanFailure {
  const out: PositionedElement[] = [];
  let i = 0;
  while (i < data.length) {
    if (data.charAt(i) === GS) {
      i++;
      continue;
    }
    const definition = aiAt(data, i);
    if (definition === undefined) {
      const shown = data.slice(i, i + 4).replaceAll(GS, '<GS>');
      return scanFailure('unknown_ai', `no GS1 Application Identifier starts at "${shown}"`, offset + i);
    }
    const valueStart = i + definition.ai.length;
    let end: number;
    if (definition.predefinedLength) {
      end = Math.min(valueStart + predefinedLengthOf(definition), data.length);
      const gs = data.indexOf(GS, valueStart);
      if (gs !== -1 && gs < end) {
        return scanFailure('value_too_short', `(${definition.ai}) ${definition.title}: value is too short`, offset + gs, definition.ai);
      }
    } else {
      const gs = data.indexOf(GS, valueStart);
      end = gs === -1 ? data.length : gs;
    }
    out.push({ ai: definition.ai, value: data.slice(valueStart, end), position: offset + i, valuePosition: offset + valueStart });
    i = end;
  }
  return out;
}

/**
 * Splits the bracketed form into elements. A literal `(` inside a value is written `\(`.
 * Values are not validated.
 *
 * @internal
 */
export function splitBracketed(data: string, offset: number): PositionedElement[] | ScanFailure {
  const out: PositionedElement[] = [];
  let i = 0;
  while (i < data.length) {
    if (data.charAt(i) !== '(') return scanFailure('invalid_bracketed_syntax', 'expected "(" before an AI', offset + i);
    const close = data.indexOf(')', i + 1);
    if (close === -1) return scanFailure('invalid_bracketed_syntax', 'an AI is missing its ")"', offset + i);
    const ai = data.slice(i + 1, close);
    if (!/^[0-9]{2,4}$/.test(ai) || getAiDefinition(ai) === undefined) {
      return scanFailure('unknown_ai', `(${ai}) is not a GS1 Application Identifier`, offset + i, /^[0-9]{2,4}$/.test(ai) ? ai : undefined);
    }
    let j = close + 1;
    let value = '';
    while (j < data.length && data.charAt(j) !== '(') {
      if (data.charAt(j) === '\\' && data.charAt(j + 1) === '(') {
        value += '(';
        j += 2;
      } else {
        value += data.charAt(j);
        j++;
      }
    }
    // Escapes shift positions; report value errors at the AI when the value had any.
    const escaped = j - (close + 1) !== value.length;
    out.push({ ai, value, position: offset + i, valuePosition: escaped ? -1 : offset + close + 1 });
    i = j;
  }
  return out;
}

function checkElements(elements: readonly Gs1Element[], name: string): void {
  if (!Array.isArray(elements) || elements.length === 0) {
    throw new StocktakeError('invalid_input', `${name} needs at least one element`, { path: ['elements'] });
  }
  elements.forEach((e, index) => {
    if (typeof e?.ai !== 'string' || getAiDefinition(e.ai) === undefined) {
      throw new StocktakeError('invalid_input', `(${String(e?.ai)}) is not a GS1 Application Identifier`, { path: ['elements', index, 'ai'] });
    }
    if (typeof e.value !== 'string' || e.value.length === 0 || e.value.includes(GS)) {
      throw new StocktakeError('invalid_input', `(${e.ai}) needs a non-empty value without GS`, { path: ['elements', index, 'value'] });
    }
  });
}

/**
 * Writes elements as transmitted data: AIs and values concatenated, with a GS (ASCII 29) after
 * every value whose AI is not of pre-defined length, except the last. No symbology identifier
 * or leading FNC1 is added. Values are written as given (validate with {@link parseScan}).
 *
 * @param elements - the elements, in the order to write them
 * @returns the element string
 * @throws StocktakeError `invalid_input` for an unknown AI or an empty value
 * @example
 * ```ts
 * formatElementString([{ ai: '01', value: '09506000134352' }, { ai: '10', value: 'ABC' }, { ai: '17', value: '201225' }]);
 * // '0109506000134352' + '10ABC' + '\u001d' + '17201225'
 * ```
 */
export function formatElementString(elements: readonly Gs1Element[]): string {
  checkElements(elements, 'formatElementString');
  return elements
    .map((e, index) => {
      const last = index === elements.length - 1;
      const needsSeparator = !last && getAiDefinition(e.ai)?.predefinedLength !== true;
      return `${e.ai}${e.value}${needsSeparator ? GS : ''}`;
    })
    .join('');
}

/**
 * Writes elements in the bracketed human-readable form, escaping a literal `(` in a value as `\(`.
 *
 * @param elements - the elements, in the order to write them
 * @returns the bracketed string
 * @throws StocktakeError `invalid_input` for an unknown AI or an empty value
 * @example
 * ```ts
 * formatBracketed([{ ai: '01', value: '09506000134352' }, { ai: '10', value: 'ABC123' }]);
 * // '(01)09506000134352(10)ABC123'
 * ```
 */
export function formatBracketed(elements: readonly Gs1Element[]): string {
  checkElements(elements, 'formatBracketed');
  return elements.map((e) => `(${e.ai})${e.value.replaceAll('(', '\\(')}`).join('');
}
