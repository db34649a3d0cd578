/**
 * AIM symbology identifiers (ISO/IEC 15424): the `]Cm` prefix a scanner may send before the data.
 *
 * @module
 */
import type { AimSymbology } from './types.js';

const KNOWN: Readonly<Record<string, Omit<AimSymbology, 'id'>>> = {
  ']C0': { name: 'Code 128', content: 'text' },
  ']C1': { name: 'GS1-128', content: 'gs1' },
  ']e0': { name: 'GS1 DataBar', content: 'gs1' },
  ']d1': { name: 'Data Matrix', content: 'uri_or_text' },
  ']d2': { name: 'GS1 DataMatrix', content: 'gs1' },
  ']Q1': { name: 'QR Code', content: 'uri_or_text' },
  ']Q3': { name: 'GS1 QR Code', content: 'gs1' },
  ']J0': { name: 'DotCode', content: 'uri_or_text' },
  ']J1': { name: 'GS1 DotCode', content: 'gs1' },
  ']E0': { name: 'EAN-13 / UPC-A / UPC-E', content: 'gtin' },
  ']E4': { name: 'EAN-8', content: 'gtin' },
  ']I0': { name: 'ITF', content: 'gtin' },
  ']I1': { name: 'ITF', content: 'gtin' },
  ']A0': { name: 'Code 39', content: 'text' },
};

const FAMILY: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  e: 'GS1 DataBar',
  E: 'EAN/UPC',
  F: 'Codabar',
  G: 'Code 93',
  I: 'ITF',
  J: 'DotCode',
  L: 'PDF417',
  Q: 'QR Code',
  z: 'Aztec',
};

/** The identifier pattern: `]`, a symbology letter, a modifier character. */
const AIM = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * Reads the AIM symbology identifier at the start of scanned data.
 *
 * @param raw - the data as the scanner sent it
 * @returns the symbology and the length of the identifier; `undefined` when there is none;
 *   `'malformed'` when the data starts with `]` but no valid identifier follows
 * @example
 * ```ts
 * parseAimIdentifier(']C1010950600013435210ABC'); // { symbology: { id: ']C1', name: 'GS1-128', content: 'gs1' }, length: 3 }
 * ```
 */
export function parseAimIdentifier(raw: string): { symbology: AimSymbology; length: number } | undefined | 'malformed' {
  if (!raw.startsWith(']')) return undefined;
  if (!AIM.test(raw)) return 'malformed';
  const symbology = aimSymbology(raw.slice(0, 3));
  return symbology === undefined ? 'malformed' : { symbology, length: 3 };
}

/**
 * Describes an AIM symbology identifier given apart from the data (e.g. by a camera SDK).
 *
 * @param id - the identifier, e.g. `]E0`
 * @returns the symbology, or `undefined` when `id` is not an AIM identifier
 * @example
 * ```ts
 * aimSymbology(']Q3')?.content; // 'gs1'
 * ```
 */
export function aimSymbology(id: string): AimSymbology | undefined {
  if (id.length !== 3 || !AIM.test(id)) return undefined;
  const known = KNOWN[id];
  if (known !== undefined) return { id, ...known };
  return { id, name: FAMILY[id.charAt(1)] ?? `symbology ${id.charAt(1)}`, content: 'text' };
}
