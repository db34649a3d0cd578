/**
 * The repository keeps an unedited copy of the shared GS1 and EPC vectors so that a clone on its
 * own runs the conformance tests; where the shared set is checked out beside the repository (as in
 * CI), the kept copy must be the same files, byte for byte.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedVectorDirectory, vectorDirectory } from './vectors.js';

describe('the kept copy of the GS1 and EPC vectors', () => {
  it('holds the vector files and their README', () => {
    expect(readdirSync(vectorDirectory).sort()).toEqual(['README.md', 'epc-known.json', 'gs1-syntax-engine-linters.json', 'gs1-syntax-engine.json']);
  });

  it.runIf(existsSync(sharedVectorDirectory))('is the shared set, byte for byte', () => {
    for (const file of readdirSync(sharedVectorDirectory)) {
      expect(readFileSync(resolve(vectorDirectory, file)).equals(readFileSync(resolve(sharedVectorDirectory, file))), file).toBe(true);
    }
  });
});
