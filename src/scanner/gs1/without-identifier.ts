/**
 * GS1 element strings that arrive without an AIM symbology identifier (a scanner's factory
 * default on many models): told apart from plain text by the data alone, where that is safe.
 *
 * @module
 */
import type { Gs1Element, ScanWarning } from '../types.js';
import { aiAt, getAiDefinition, predefinedLengthOf } from './ai.js';
import { splitElementString } from './element-string.js';
import { validateElements, validateValue } from './validate.js';

/** What the data is, read without an identifier: GS1 elements, or text (with a hint when it may be GS1). */
export type WithoutIdentifierReading =
  | { readonly gs1: true; readonly elements: Gs1Element[]; readonly warning: ScanWarning }
  | { readonly gs1: false; readonly warning?: ScanWarning };

/** Whether an AI's value ends in a mod-10 check digit (a GS1 key: GTIN, SSCC, GLN, ...). */
const hasCheckDigit = (ai: string): boolean => getAiDefinition(ai)?.components.some((c) => c.linters.includes('csum')) === true;

/**
 * Reads data that has no identifier, no GS and is not all digits (`0109506000134352` +
 * `17261231` + `10LOTA1`, a GS1 DataMatrix whose last field ends in letters). It is GS1 when it
 * splits into element strings that pass every check of the syntax dictionary (lengths,
 * character sets, check digits, dates, required pairings) and carries at least one key with a
 * check digit: text that passes all of that by chance is not a label anybody prints. Data that
 * starts with a key and a valid check digit but fails the rest stays text, with a warning that
 * the scanner should send AIM identifiers and GS.
 *
 * @internal
 */
export function readGs1WithoutIdentifier(data: string, offset: number, referenceYear: number): WithoutIdentifierReading {
  const context = { referenceYear };
  const split = splitElementString(data, offset);
  const result = Array.isArray(split) ? validateElements(split, context) : undefined;
  if (result?.ok === true && result.elements.some((element) => hasCheckDigit(element.ai))) {
    return {
      gs1: true,
      elements: result.elements,
      warning: {
        code: 'gs1_without_symbology_identifier',
        message: 'GS1 data arrived without an AIM symbology identifier; it was read as GS1 because it validates. Enable AIM identifiers on the scanner.',
      },
    };
  }
  const key = aiAt(data, 0);
  if (key === undefined || !key.predefinedLength || !hasCheckDigit(key.ai)) return { gs1: false };
  const value = data.slice(key.ai.length, key.ai.length + predefinedLengthOf(key));
  if (validateValue({ ai: key.ai, value, position: offset, valuePosition: offset + key.ai.length }, context) !== undefined) return { gs1: false };
  return {
    gs1: false,
    warning: {
      code: 'possibly_gs1',
      message: `The data starts with (${key.ai}) ${value} but is not valid GS1; if it is a GS1 barcode, enable AIM identifiers and GS transmission on the scanner.`,
    },
  };
}
