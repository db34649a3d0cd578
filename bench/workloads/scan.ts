/**
 * Workload 4: parsing scanner input with `parseScan`: a mix of GS1 element strings, Digital Link
 * URIs, EAN-13 and RFID EPCs; and, on the element strings alone, against the peer parser
 * `gs1-barcode-parser-mod`.
 */
import { createRequire } from 'node:module';
import { decodeEpc, gtinCheckDigit, parseScan } from '../../src/scanner/index.js';
import { describe, measure, row, sampleMemory, type BenchRow } from '../harness.js';
import { createRandom } from '../world.js';

interface PeerResult {
  readonly parsedCodeItems: ReadonlyArray<{ readonly ai: string; readonly data: unknown }>;
}
const require = createRequire(import.meta.url);
const { parseBarcode } = require('gs1-barcode-parser-mod') as { parseBarcode: (code: string) => PeerResult };

/** Sizes of the scan workload. */
export interface ScanSize {
  readonly scans: number;
  readonly runs: number;
}

const GS = '\u001d';
const COMPANY_PREFIX = '9506000';

/** SGTIN-96 as 24 hex digits: filter 1, partition 5 (7-digit company prefix, 6-digit item reference). */
export function encodeSgtin96(itemReference: number, serial: number): string {
  let bits = 0x30n;
  bits = (bits << 3n) | 1n;
  bits = (bits << 3n) | 5n;
  bits = (bits << 24n) | BigInt(Number(COMPANY_PREFIX));
  bits = (bits << 20n) | BigInt(itemReference);
  bits = (bits << 38n) | BigInt(serial);
  return bits.toString(16).toUpperCase().padStart(24, '0');
}

/** The scan mix: the scans in a seeded order, and the element strings apart for the peer comparison. */
export function generateScans(count: number, seed = 3): { mixed: string[]; elementStrings: string[]; kinds: Record<string, number> } {
  const random = createRandom(seed);
  const mixed: string[] = [];
  const elementStrings: string[] = [];
  const kinds = { element_string: 0, digital_link: 0, ean13: 0, epc: 0 };
  const digits = (n: number): string => String(random.int(10 ** n)).padStart(n, '0');
  const lot = (): string => `L${digits(5)}${'ABCDEFGH'[random.int(8)]!}`;
  const date = (): string => `${String(26 + random.int(4))}${String(1 + random.int(12)).padStart(2, '0')}${String(1 + random.int(28)).padStart(2, '0')}`;
  for (let i = 0; i < count; i++) {
    const reference = digits(5);
    const gtin13 = `${COMPANY_PREFIX}${reference}${gtinCheckDigit(`${COMPANY_PREFIX}${reference}`)}`;
    const gtin14 = `0${gtin13}`;
    const pick = random.next();
    let scan: string;
    if (pick < 0.4) {
      const variant = random.int(3);
      scan =
        variant === 0
          ? `]C101${gtin14}17${date()}10${lot()}${GS}21${digits(8)}`
          : variant === 1
            ? `]d201${gtin14}21${digits(10)}`
            : `]Q301${gtin14}17${date()}10${lot()}`;
      elementStrings.push(scan);
      kinds.element_string++;
    } else if (pick < 0.6) {
      scan = random.int(2) === 0 ? `https://id.gs1.org/01/${gtin14}/10/${lot()}?17=${date()}` : `https://example.com/01/${gtin14}/21/${digits(9)}`;
      kinds.digital_link++;
    } else if (pick < 0.85) {
      scan = random.int(2) === 0 ? gtin13 : `]E0${gtin13}`;
      kinds.ean13++;
    } else {
      scan = encodeSgtin96(Number(reference), random.int(2 ** 30));
      kinds.epc++;
    }
    mixed.push(scan);
  }
  return { mixed, elementStrings, kinds };
}

function parseAll(scans: readonly string[]): number {
  let failures = 0;
  for (let i = 0; i < scans.length; i++) {
    if (!parseScan(scans[i]!).ok) failures++;
    if ((i & 4095) === 0) sampleMemory();
  }
  return failures;
}

function peerParseAll(scans: readonly string[]): number {
  let failures = 0;
  for (let i = 0; i < scans.length; i++) {
    try {
      parseBarcode(scans[i]!);
    } catch {
      failures++;
    }
    if ((i & 4095) === 0) sampleMemory();
  }
  return failures;
}

/** Both parsers read the same GTIN, lot and serial from the element strings (checked on a sample). */
function checkAgreement(scans: readonly string[]): void {
  for (const scan of scans) {
    const ours = parseScan(scan);
    const peer = Object.fromEntries(parseBarcode(scan).parsedCodeItems.map((item) => [item.ai, item.data]));
    if (!ours.ok) throw new Error(`parseScan failed on ${JSON.stringify(scan)}`);
    if (ours.gtin !== peer['01'] || ours.lot !== peer['10'] || ours.serial !== peer['21']) {
      throw new Error(`parsers disagree on ${JSON.stringify(scan)}`);
    }
  }
}

/** Runs the scan workload. */
export async function runScan(size: ScanSize): Promise<BenchRow[]> {
  const { mixed, elementStrings, kinds } = generateScans(size.scans);
  describe(
    'scan: scan parsing',
    `${size.scans} scans: ${kinds.element_string} GS1 element strings (]C1 01+17+10+GS+21, ]d2 01+21, ]Q3 01+17+10), ` +
      `${kinds.digital_link} Digital Link URIs, ${kinds.ean13} EAN-13 (half with ]E0), ${kinds.epc} SGTIN-96 EPCs, each through parseScan. ` +
      'Per-scan comparison on the element strings alone against gs1-barcode-parser-mod parseBarcode (the same strings).',
  );
  const sample = elementStrings.slice(0, 5000);
  checkAgreement(sample);
  const epc = decodeEpc(encodeSgtin96(12345, 7));
  if (!epc.ok || !('gtin' in epc.epc) || epc.epc.gtin !== `0${COMPANY_PREFIX}12345${gtinCheckDigit(`${COMPANY_PREFIX}12345`)}`) throw new Error('the SGTIN-96 encoder disagrees with decodeEpc');
  console.log(`checked: both parsers read the same GTIN, lot and serial from ${sample.length} element strings; the EPC encoder round-trips`);

  const peer = await measure(() => peerParseAll(elementStrings), { runs: size.runs, warmup: 1 });
  const ours = await measure(() => parseAll(elementStrings), { runs: size.runs, warmup: 1 });
  const all = await measure(() => parseAll(mixed), { runs: size.runs, warmup: 1 });
  if (peer.value !== 0 || ours.value !== 0 || all.value !== 0) throw new Error(`failures: peer ${peer.value}, parseScan ${ours.value}, mixed ${all.value}`);
  const perScan = (ms: number, n: number): string => `${((ms * 1000) / n).toFixed(2)} µs/scan`;
  console.log(`element strings: parseScan ${perScan(ours.medianMs, elementStrings.length)}, peer ${perScan(peer.medianMs, elementStrings.length)}; mixed ${perScan(all.medianMs, mixed.length)}`);
  return [
    row({ workload: 'scan', case: 'peer: gs1-barcode-parser-mod (element strings)', size: `${elementStrings.length} element strings`, units: elementStrings.length, unit: 'scans' }, peer),
    row(
      {
        workload: 'scan',
        case: 'engine parseScan (element strings)',
        size: `${elementStrings.length} element strings`,
        units: elementStrings.length,
        unit: 'scans',
        baseline: 'gs1-barcode-parser-mod',
        target: { text: 'faster than the peer (ratio < 1)', met: ours.medianMs < peer.medianMs },
      },
      ours,
      peer,
    ),
    row({ workload: 'scan', case: 'engine parseScan (mixed)', size: `${mixed.length} mixed scans`, units: mixed.length, unit: 'scans', note: 'no peer parses EPCs and Digital Link: no baseline' }, all),
  ];
}
