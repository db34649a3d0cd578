/**
 * A fake camera for Chromium (`--use-file-for-fake-video-capture`): a Y4M video showing an
 * EAN-13 barcode, drawn from the symbology's encoding tables.
 */
import { writeFile } from 'node:fs/promises';

const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const G = ['0100111', '0110011', '0011011', '0100001', '0011101', '0111001', '0000101', '0010001', '0001001', '0010111'];
const R = ['1110010', '1100110', '1101100', '1000010', '1011100', '1001110', '1010000', '1000100', '1001000', '1110100'];
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/**
 * The 95 modules of an EAN-13 symbol (1 = bar).
 *
 * @param digits - 13 digits including the check digit
 */
export function ean13Modules(digits: string): string {
  if (!/^\d{13}$/.test(digits)) throw new Error('EAN-13 needs 13 digits');
  const d = [...digits].map(Number);
  const parity = PARITY[d[0]!]!;
  let out = '101';
  for (let i = 1; i <= 6; i++) out += (parity[i - 1] === 'L' ? L : G)[d[i]!]!;
  out += '01010';
  for (let i = 7; i <= 12; i++) out += R[d[i]!]!;
  return out + '101';
}

/**
 * Writes a Y4M file (4:2:0) of a barcode on white.
 *
 * @param path - where to write
 * @param digits - the EAN-13
 */
export async function writeBarcodeVideo(path: string, digits: string): Promise<void> {
  const width = 640;
  const height = 480;
  const moduleWidth = 4;
  const modules = ean13Modules(digits);
  const left = Math.floor((width - modules.length * moduleWidth) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 120; y < 360; y++) {
    for (let m = 0; m < modules.length; m++) {
      if (modules[m] !== '1') continue;
      luma.fill(16, y * width + left + m * moduleWidth, y * width + left + (m + 1) * moduleWidth);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(path, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
}
