/**
 * Generates `src/scanner/gs1/ai-table.generated.ts` from GS1's Barcode Syntax Dictionary
 * (`scripts/gs1/gs1-syntax-dictionary.txt`, a copy of the project's shared one; Apache-2.0).
 *
 * Run with `npx tsx scripts/generate-gs1-table.ts [dictionary] [output]`. The test
 * `test/scanner/gs1/ai-table.test.ts` checks that regenerating gives the committed file.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { AiComponent, AiDefinition, Gs1CharacterSet } from '../src/scanner/gs1/ai-types.js';

const FLAG_CHARS = `*!?"$%&'()+,-./:;<=>@[\\]^_\`{|}~`;
const COMPONENT = /^(\[)?([NXYZ])(?:(\.\.)(\d+)|(\d+))(\])?((?:,[A-Za-z0-9]+)*)$/;
const AI_RANGE = /^(\d{2,4})(?:-(\d{2,4}))?$/;

/** The release line of the dictionary (`# Release: ...`), when it has one. */
function releaseOf(text: string): string | undefined {
  const match = /^#\s*Release:\s*(\S+)/m.exec(text);
  return match?.[1];
}

function parseComponent(token: string, line: number): AiComponent {
  const match = COMPONENT.exec(token);
  if (match === null) throw new Error(`line ${line}: bad component ${token}`);
  const [, open, cset, dots, varMax, fixed, close, linters] = match;
  if ((open === undefined) !== (close === undefined)) throw new Error(`line ${line}: unbalanced [ ] in ${token}`);
  const max = Number(dots === undefined ? fixed : varMax);
  return {
    cset: cset as Gs1CharacterSet,
    min: dots === undefined ? max : 1,
    max,
    optional: open !== undefined,
    linters: (linters ?? '').split(',').filter((l) => l !== ''),
  };
}

/**
 * Parses the Barcode Syntax Dictionary into one definition per AI (ranges such as `3100-3105`
 * are expanded), in the dictionary's order.
 *
 * @param text - the dictionary file's content
 * @returns the definitions
 */
export function parseSyntaxDictionary(text: string): AiDefinition[] {
  const out: AiDefinition[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    if (/^\s*(#|$)/.test(rawLine)) return;
    const hash = rawLine.indexOf('#');
    const body = hash === -1 ? rawLine : rawLine.slice(0, hash);
    const title = hash === -1 ? '' : rawLine.slice(hash + 1).trim();
    const tokens = body.trim().split(/\s+/);
    const range = AI_RANGE.exec(tokens.shift() ?? '');
    if (range === null) throw new Error(`line ${lineNo}: bad AI ${rawLine}`);
    let flags = '';
    if (tokens[0] !== undefined && [...tokens[0]].every((c) => FLAG_CHARS.includes(c))) flags = tokens.shift() ?? '';
    const components: AiComponent[] = [];
    while (tokens[0] !== undefined && COMPONENT.test(tokens[0])) components.push(parseComponent(tokens.shift() ?? '', lineNo));
    if (components.length === 0) throw new Error(`line ${lineNo}: no specification`);
    const req: string[][][] = [];
    const ex: string[][] = [];
    let dlpkey: string[][] | undefined;
    for (const token of tokens) {
      const eq = token.indexOf('=');
      const key = eq === -1 ? token : token.slice(0, eq);
      const value = eq === -1 ? undefined : token.slice(eq + 1);
      if (key === 'req' && value !== undefined) req.push(value.split(',').map((g) => g.split('+')));
      else if (key === 'ex' && value !== undefined) ex.push(value.split(','));
      else if (key === 'dlpkey') dlpkey = value === undefined ? [[]] : value.split('|').map((seq) => seq.split(','));
      else throw new Error(`line ${lineNo}: unknown attribute ${token}`);
    }
    const first = range[1] ?? '';
    const last = range[2] ?? first;
    if (last.length !== first.length || Number(last) < Number(first)) throw new Error(`line ${lineNo}: bad range`);
    for (let n = Number(first); n <= Number(last); n++) {
      const definition: AiDefinition = {
        ai: String(n).padStart(first.length, '0'),
        title,
        predefinedLength: flags.includes('*'),
        dlDataAttribute: flags.includes('?'),
        components,
        req,
        ex,
        ...(dlpkey === undefined ? {} : { dlpkey }),
      };
      out.push(definition);
    }
  });
  return out;
}

const str = (s: string): string => JSON.stringify(s);
const list = (items: readonly string[]): string => `[${items.map(str).join(', ')}]`;

function componentSource(c: AiComponent): string {
  return `{ cset: ${str(c.cset)}, min: ${c.min}, max: ${c.max}, optional: ${c.optional}, linters: ${list(c.linters)} }`;
}

function definitionSource(d: AiDefinition): string {
  const parts = [
    `ai: ${str(d.ai)}`,
    `title: ${str(d.title)}`,
    `predefinedLength: ${d.predefinedLength}`,
    `dlDataAttribute: ${d.dlDataAttribute}`,
    `components: [${d.components.map(componentSource).join(', ')}]`,
    `req: [${d.req.map((r) => `[${r.map(list).join(', ')}]`).join(', ')}]`,
    `ex: [${d.ex.map(list).join(', ')}]`,
  ];
  if (d.dlpkey !== undefined) parts.push(`dlpkey: [${d.dlpkey.map(list).join(', ')}]`);
  return `  ${str(d.ai)}: { ${parts.join(', ')} },`;
}

/**
 * Renders the TypeScript source of the AI table for a dictionary.
 *
 * @param text - the dictionary file's content
 * @returns the content of `ai-table.generated.ts`
 */
export function generateAiTable(text: string): string {
  const definitions = parseSyntaxDictionary(text);
  const release = releaseOf(text);
  return [
    '// This file is generated by scripts/generate-gs1-table.ts from GS1\'s Barcode Syntax Dictionary',
    `// (gs1-syntax-dictionary.txt${release === undefined ? '' : `, release ${release}`}; Copyright GS1 AISBL, Apache-2.0).`,
    '// Do not edit it by hand: run `npx tsx scripts/generate-gs1-table.ts` instead.',
    '',
    "import type { AiDefinition } from './ai-types.js';",
    '',
    '/** The release of the Barcode Syntax Dictionary this table was generated from. */',
    `export const syntaxDictionaryRelease = ${str(release ?? 'unknown')};`,
    '',
    '/**',
    ' * Every Application Identifier of the dictionary, keyed by AI, ranges expanded.',
    ' *',
    ' * @internal',
    ' */',
    'export const aiTable: Readonly<Record<string, AiDefinition>> = {',
    ...definitions.map(definitionSource),
    '};',
    '',
  ].join('\n');
}

/**
 * The dictionary's default location: the copy kept in the repository (Apache-2.0, GS1 AISBL), so
 * a clone regenerates and tests without anything beside it. Pass another path to update it.
 */
export const defaultDictionaryPath = resolve(dirname(fileURLToPath(import.meta.url)), 'gs1/gs1-syntax-dictionary.txt');
/** The generated file's location inside the repository. */
export const generatedTablePath = resolve(dirname(fileURLToPath(import.meta.url)), '../src/scanner/gs1/ai-table.generated.ts');

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const input = process.argv[2] ?? defaultDictionaryPath;
  const output = process.argv[3] ?? generatedTablePath;
  writeFileSync(output, generateAiTable(readFileSync(input, 'utf8')));
  console.log(`wrote ${output}`);
}
