/**
 * EPC binary decoding. Vectors: GS1 EPC Tag Data Standard examples — SGTIN-96
 * `3074257BF7194E4000001A85` = `urn:epc:tag:sgtin-96:3.0614141.812345.6789` (GTIN 80614141123458,
 * serial 6789); SSCC-96 `3174257BF4499602D2000000` = `urn:epc:tag:sscc-96:3.0614141.1234567890`
 * (SSCC 106141412345678908); SGTIN-198 `urn:epc:tag:sgtin-198:3.0614141.812345.32a%2Fb`. The
 * expected hex is also rebuilt here from the field layout of TDS §14.5 with an independent bit
 * writer, and GTIN/SSCC check digits with an independent mod-10.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeEpc } from '../../src/scanner/index.js';
import { propertyRuns } from '../support/property.js';

const mod10 = (body: string): string => {
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
};
const bits = (value: bigint | number, width: number): string => BigInt(value).toString(2).padStart(width, '0');
const hexOf = (binary: string): string => {
  const padded = binary.padEnd(Math.ceil(binary.length / 16) * 16, '0');
  let hex = '';
  for (let i = 0; i < padded.length; i += 4) hex += parseInt(padded.slice(i, i + 4), 2).toString(16).toUpperCase();
  return hex;
};
const SGTIN_CP_BITS = [40, 37, 34, 30, 27, 24, 20];
const SGTIN_CP_DIGITS = [12, 11, 10, 9, 8, 7, 6];

function sgtin96(filter: number, partition: number, cp: string, ir: string, serial: bigint): string {
  const cpBits = SGTIN_CP_BITS[partition]!;
  return hexOf(bits(0x30, 8) + bits(filter, 3) + bits(partition, 3) + bits(BigInt(cp), cpBits) + bits(BigInt(ir), 44 - cpBits) + bits(serial, 38));
}
function sgtin198(filter: number, partition: number, cp: string, ir: string, serial: string): string {
  const cpBits = SGTIN_CP_BITS[partition]!;
  const chars = [...serial].map((c) => bits(c.charCodeAt(0), 7)).join('').padEnd(140, '0');
  return hexOf(bits(0x36, 8) + bits(filter, 3) + bits(partition, 3) + bits(BigInt(cp), cpBits) + bits(BigInt(ir), 44 - cpBits) + chars);
}

describe('decodeEpc: Tag Data Standard vectors', () => {
  it('SGTIN-96', () => {
    expect(sgtin96(3, 5, '0614141', '812345', 6789n)).toBe('3074257BF7194E4000001A85');
    const r = decodeEpc('3074257BF7194E4000001A85');
    expect(r).toEqual({
      ok: true,
      epc: {
        scheme: 'sgtin-96',
        filter: 3,
        companyPrefix: '0614141',
        itemReference: '812345',
        gtin: `8061414112345${mod10('8061414112345')}`,
        serial: '6789',
        uri: 'urn:epc:id:sgtin:0614141.812345.6789',
        tagUri: 'urn:epc:tag:sgtin-96:3.0614141.812345.6789',
      },
    });
    expect(r.ok && r.epc.scheme === 'sgtin-96' && r.epc.gtin).toBe('80614141123458');
    expect(decodeEpc('3074257bf7194e4000001a85')).toEqual(r); // case-insensitive
  });

  it('SSCC-96', () => {
    const r = decodeEpc('3174257BF4499602D2000000');
    expect(r.ok && r.epc).toMatchObject({
      scheme: 'sscc-96',
      filter: 3,
      companyPrefix: '0614141',
      serialReference: '1234567890',
      sscc: `1061414123456789${'0'}${mod10('10614141234567890')}`,
      uri: 'urn:epc:id:sscc:0614141.1234567890',
      tagUri: 'urn:epc:tag:sscc-96:3.0614141.1234567890',
    });
    expect(r.ok && r.epc.scheme === 'sscc-96' && r.epc.sscc).toBe('106141412345678908');
  });

  it('SGTIN-198 with an alphanumeric serial, escaped in the URI', () => {
    const hex = sgtin198(3, 5, '0614141', '812345', '32a/b');
    expect(hex).toHaveLength(52);
    const r = decodeEpc(hex);
    expect(r.ok && r.epc).toMatchObject({
      scheme: 'sgtin-198',
      gtin: '80614141123458',
      serial: '32a/b',
      uri: 'urn:epc:id:sgtin:0614141.812345.32a%2Fb',
      tagUri: 'urn:epc:tag:sgtin-198:3.0614141.812345.32a%2Fb',
    });
    expect(decodeEpc(hex.slice(0, 50)).ok).toBe(true); // 200-bit form without word padding
  });

  it('decodes every partition and round-trips generated SGTIN-96 fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 6 }),
        fc.bigInt({ min: 0n, max: (1n << 38n) - 1n }),
        fc.infiniteStream(fc.constantFrom(...'0123456789')),
        (filter, partition, serial, digits) => {
          const all = [...digits.take(13)].join('');
          const cp = all.slice(0, SGTIN_CP_DIGITS[partition]!);
          const ir = all.slice(cp.length);
          const r = decodeEpc(sgtin96(filter, partition, cp, ir, serial));
          const body = ir.charAt(0) + cp + ir.slice(1);
          expect(r.ok && r.epc).toMatchObject({ filter, companyPrefix: cp, itemReference: ir, gtin: body + mod10(body), serial: serial.toString() });
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});

describe('decodeEpc: errors', () => {
  it.each([
    ['', 'invalid_epc'],
    ['not hex', 'invalid_epc'],
    ['E2801160600002084F5A2B4C', 'unknown_epc_header'], // a TID-like value, not an EPC header we decode
    ['3574257BF7194E4000001A85', 'unknown_epc_header'], // GID-96 is not supported
    ['3074257BF7194E4000001A', 'invalid_epc'], // too short
    ['307C257BF7194E4000001A85', 'invalid_epc_partition'], // partition 7
    ['3174257BF4499602D2000001', 'invalid_epc'], // SSCC-96 reserved bits set
    ['3060FFFFFFFFFF4000001A85', 'invalid_epc'], // company prefix 40 bits > 12 digits
  ])('%s → %s', (hex, code) => {
    const r = decodeEpc(hex);
    expect(r.ok ? undefined : r.error.code).toBe(code);
  });

  it('rejects SGTIN-198 serials with a character after the terminator or outside CSET 82', () => {
    const gap = sgtin198(3, 5, '0614141', '812345', 'A\u0000B');
    expect(decodeEpc(gap)).toMatchObject({ ok: false, error: { code: 'invalid_epc' } });
    const space = sgtin198(3, 5, '0614141', '812345', 'A B');
    expect(decodeEpc(space)).toMatchObject({ ok: false, error: { code: 'invalid_epc' } });
    expect(decodeEpc(sgtin198(3, 5, '0614141', '812345', ''))).toMatchObject({ ok: false });
  });
});
