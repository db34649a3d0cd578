/**
 * The repository keeps unedited copies of the shared GS1 and EPC vectors and of GS1's Barcode
 * Syntax Dictionary, so that a clone on its own runs the conformance tests. `kept-copies.sha256`
 * records the SHA-256 of each file as it was copied: every kept file must still have it, and where
 * the shared set is checked out beside the repository (as in the workspace), so must the shared file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vectorDirectory } from './vectors.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const sharedRoot = resolve(repoRoot, '../shared');

/** One line of the manifest: the digest, the kept file (from the repository root), the shared one (from `../shared`). */
interface KeptFile {
  readonly digest: string;
  readonly kept: string;
  readonly shared: string;
}

const manifest: KeptFile[] = readFileSync(resolve(here, 'kept-copies.sha256'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => {
    const [digest = '', kept = '', shared = ''] = line.split(/\s+/);
    return { digest, kept, shared };
  });

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the kept copies of the shared conformance files', () => {
  it('holds the vector files and their README', () => {
    expect(readdirSync(vectorDirectory).sort()).toEqual(['README.md', 'epc-known.json', 'gs1-syntax-engine-linters.json', 'gs1-syntax-engine.json']);
  });

  it('records every kept vector file and the dictionary in the manifest', () => {
    const kept = manifest.map((file) => file.kept).sort();
    expect(kept).toEqual([...readdirSync(vectorDirectory).map((file) => `test/scanner/conformance/gs1/${file}`), 'scripts/gs1/gs1-syntax-dictionary.txt'].sort());
    for (const file of manifest) expect(file.digest, file.kept).toMatch(/^[0-9a-f]{64}$/);
  });

  it('each kept file is byte for byte the one copied, and so is the shared file where it is beside the repository', () => {
    for (const file of manifest) {
      expect(sha256(resolve(repoRoot, file.kept)), file.kept).toBe(file.digest);
      const shared = resolve(sharedRoot, file.shared);
      if (existsSync(shared)) expect(sha256(shared), shared).toBe(file.digest);
    }
  });
});
