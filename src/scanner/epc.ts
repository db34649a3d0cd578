/**
 * Decoding of RFID EPC binary encodings (GS1 EPC Tag Data Standard): SGTIN-96, SGTIN-198 and
 * SSCC-96.
 *
 * @module
 */
import { checkDigitOf } from './gtin.js';
import { scanFailure, type DecodedEpc, type ScanFailure } from './types.js';

/** The result of {@link decodeEpc}. */
export type DecodeEpcResult = { readonly ok: true; readonly epc: DecodedEpc } | ScanFailure;

/** Partition tables: [company prefix bits, digits, other field bits, digits] (TDS §14.5.1, §14.5.2). */
const SGTIN_PARTITIONS: readonly (readonly [number, number, number, number])[] = [
  [40, 12, 4, 1],
  [37, 11, 7, 2],
  [34, 10, 10, 3],
  [30, 9, 14, 4],
  [27, 8, 17, 5],
  [24, 7, 20, 6],
  [20, 6, 24, 7],
];
const SSCC_PARTITIONS: readonly (readonly [number, number, number, number])[] = [
  [40, 12, 18, 5],
  [37, 11, 21, 6],
  [34, 10, 24, 7],
  [30, 9, 28, 8],
  [27, 8, 31, 9],
  [24, 7, 34, 10],
  [20, 6, 38, 11],
];

const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

class Bits {
  private position = 0;
  constructor(
    private readonly value: bigint,
    private readonly length: number,
  ) {}
  read(bits: number): bigint {
    const shift = BigInt(this.length - this.position - bits);
    this.position += bits;
    return (this.value >> shift) & ((1n << BigInt(bits)) - 1n);
  }
  get remaining(): number {
    return this.length - this.position;
  }
}

/** Escapes the characters an EPC URI must percent-encode (TDS Table A-1). */
function escapeUriSerial(serial: string): string {
  return serial.replace(/["%&/<>?]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decimalField(value: bigint, digits: number, name: string, position: number): string | ScanFailure {
  const text = value.toString();
  if (text.length > digits) return scanFailure('invalid_epc', `the ${name} does not fit its ${digits} digits`, position);
  return text.padStart(digits, '0');
}

/**
 * Decodes the EPC memory bank contents of an RFID tag given as hex.
 *
 * - SGTIN-96 (header `30`): GTIN and numeric serial;
 * - SGTIN-198 (header `36`): GTIN and alphanumeric serial (50 or 52 hex digits; padding must be zero);
 * - SSCC-96 (header `31`): SSCC.
 *
 * Other headers are `unknown_epc_header`; partition 7 is `invalid_epc_partition`.
 *
 * @param hex - the EPC as hexadecimal, case-insensitive
 * @returns `{ ok: true, epc }` or `{ ok: false, error }`; never throws
 * @example
 * ```ts
 * const r = decodeEpc('3074257BF7194E4000001A85');
 * if (r.ok && r.epc.scheme === 'sgtin-96') console.log(r.epc.gtin, r.epc.serial); // 80614141123458 6789
 * ```
 */
export function decodeEpc(hex: string): DecodeEpcResult {
  if (typeof hex !== 'string' || !/^[0-9A-Fa-f]+$/.test(hex)) {
    return scanFailure('invalid_epc', 'an EPC must be hexadecimal digits', 0);
  }
  const header = hex.slice(0, 2).toLowerCase();
  if (header !== '30' && header !== '31' && header !== '36') {
    return scanFailure('unknown_epc_header', `EPC header ${header.toUpperCase()} is not SGTIN-96, SGTIN-198 or SSCC-96`, 0);
  }
  const is198 = header === '36';
  if (is198 ? hex.length !== 50 && hex.length !== 52 : hex.length !== 24) {
    return scanFailure('invalid_epc', `an ${is198 ? 'SGTIN-198 needs 50 or 52' : '96-bit EPC needs 24'} hex digits, got ${hex.length}`, 0);
  }
  const totalBits = hex.length * 4;
  const bits = new Bits(BigInt(`0x${hex}`), totalBits);
  bits.read(8);
  const filter = Number(bits.read(3));
  const partition = Number(bits.read(3));
  const table = header === '31' ? SSCC_PARTITIONS : SGTIN_PARTITIONS;
  const row = table[partition];
  if (row === undefined) return scanFailure('invalid_epc_partition', `partition value ${partition} is not defined`, 3);
  const [cpBits, cpDigits, otherBits, otherDigits] = row;
  const companyPrefix = decimalField(bits.read(cpBits), cpDigits, 'company prefix', 3);
  if (typeof companyPrefix !== 'string') return companyPrefix;
  const other = decimalField(bits.read(otherBits), otherDigits, header === '31' ? 'serial reference' : 'item reference', 8);
  if (typeof other !== 'string') return other;

  if (header === '31') {
    if (bits.read(24) !== 0n) return scanFailure('invalid_epc', 'the reserved bits of an SSCC-96 must be zero', 15);
    const body = `${other.charAt(0)}${companyPrefix}${other.slice(1)}`;
    const sscc = `${body}${checkDigitOf(body)}`;
    const ids = `${companyPrefix}.${other}`;
    return { ok: true, epc: { scheme: 'sscc-96', filter, companyPrefix, serialReference: other, sscc, uri: `urn:epc:id:sscc:${ids}`, tagUri: `urn:epc:tag:sscc-96:${filter}.${ids}` } };
  }

  const body = `${other.charAt(0)}${companyPrefix}${other.slice(1)}`;
  const gtin = `${body}${checkDigitOf(body)}`;
  let serial: string;
  if (header === '30') {
    serial = bits.read(38).toString();
  } else {
    serial = '';
    let ended = false;
    for (let i = 0; i < 20; i++) {
      const code = Number(bits.read(7));
      if (code === 0) ended = true;
      else if (ended) return scanFailure('invalid_epc', 'SGTIN-198 serial has a character after its terminating zero', 7);
      else serial += String.fromCharCode(code);
    }
    if (bits.remaining > 0 && bits.read(bits.remaining) !== 0n) return scanFailure('invalid_epc', 'the padding bits after an SGTIN-198 must be zero', 49);
    if (serial === '' || !CSET82.test(serial)) return scanFailure('invalid_epc', 'the SGTIN-198 serial is empty or not in GS1 CSET 82', 7);
  }
  const ids = `${companyPrefix}.${other}.${escapeUriSerial(serial)}`;
  const scheme = header === '30' ? 'sgtin-96' : 'sgtin-198';
  return { ok: true, epc: { scheme, filter, companyPrefix, itemReference: other, gtin, serial, uri: `urn:epc:id:sgtin:${ids}`, tagUri: `urn:epc:tag:${scheme}:${filter}.${ids}` } };
}
