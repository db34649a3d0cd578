/**
 * Runs the GS1 and EPC conformance vectors of the shared conformance set against `src/scanner`.
 *
 * The vectors are kept in `test/scanner/conformance/gs1/`, an unedited copy of the shared
 * conformance set (`../shared/conformance/gs1/`; `kept-copy.test.ts` checks each file against the
 * SHA-256 recorded when it was copied, and the shared file too where it is beside the repository). Each vector is judged to one of:
 *
 * - `agree`: stocktake answers as the reference does;
 * - `classified`: the reference and a reasonable reader may differ, and stocktake's answer is the
 *   documented one (a `classify` mark on the vector, or an entry of `localClassifications`);
 * - `disagree`: anything else, with what stocktake answered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { aiTable } from '../../../src/scanner/gs1/ai-table.generated.js';
import { runLinter } from '../../../src/scanner/gs1/linters.js';
import {
  decodeEpc,
  formatBracketed,
  formatDigitalLink,
  formatElementString,
  getAiDefinition,
  isValidGtin,
  parseScan,
  type Gs1Element,
} from '../../../src/scanner/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The kept copy of the GS1 and EPC vectors, read by the conformance tests. */
export const vectorDirectory = resolve(here, 'gs1');

/** What the reference (or a `classify` mark) expects, as much as the harness reads of it. */
export interface Vector {
  readonly source: string;
  readonly group: string;
  readonly kind: string;
  readonly ref: string;
  readonly input?: string;
  readonly hex?: string;
  readonly value?: string;
  readonly ai?: string;
  readonly prefix?: string;
  readonly length?: number;
  readonly base?: string | null;
  readonly elements?: readonly (readonly [string, string])[];
  readonly def_?: unknown;
  readonly expect?: unknown;
  readonly scope?: 'full' | 'values';
  readonly textIsReject?: boolean;
  readonly ais?: readonly (readonly [string, string])[];
  readonly informational?: boolean;
  readonly classify?: { readonly when: 'any' | 'stocktake accepts' | 'stocktake rejects'; readonly why: string };
}

/** One vector's judgement. */
export interface Verdict {
  readonly vector: Vector;
  readonly verdict: 'agree' | 'classified' | 'disagree';
  /** What stocktake answered, in words (for a failure message). */
  readonly answer: string;
  /** Why the vector is classified, when it is. */
  readonly why?: string;
}

/** A documented difference the shared file does not mark: which vectors it covers, and why. */
export interface LocalClassification {
  /** A short name, as listed in docs/scanner.md ("GS1 conformance"). */
  readonly name: string;
  /** Why a reader may reasonably answer differently, and what stocktake does. */
  readonly why: string;
  /** Whether the classification covers a vector that stocktake answers differently. */
  readonly covers: (vector: Vector) => boolean;
}

const superscripts = (title: unknown): unknown => (typeof title === 'string' ? title.replaceAll('^2', '\u00b2').replaceAll('^3', '\u00b3') : title);

/**
 * Differences the shared file does not mark but stocktake has on purpose. Keep this list short:
 * every entry is documented in docs/scanner.md ("GS1 conformance").
 */
export const localClassifications: readonly LocalClassification[] = [
  {
    name: 'title-superscripts',
    why: "AI titles: the Barcode Syntax Dictionary release stocktake's table is generated from writes m\u00b2 and m\u00b3 where the reference engine's table writes m^2 and m^3; everything else of the definition is compared",
    covers: (vector) => {
      if (vector.kind !== 'ai-def' || vector.def_ === null || typeof vector.def_ !== 'object') return false;
      const expected = { ...(vector.def_ as Record<string, unknown>) };
      expected['title'] = superscripts(expected['title']);
      return JSON.stringify(getAiDefinition(vector.ai ?? '')) === JSON.stringify(expected);
    },
  },
];

/**
 * Reads one vector file of the kept copy of the shared set.
 *
 * @throws Error naming the path when the file is missing
 */
export function loadVectors(file: string): readonly Vector[] {
  const path = resolve(vectorDirectory, file);
  if (!existsSync(path)) {
    throw new Error(`GS1 conformance vectors not found at ${path}: restore the kept copy from ../shared/conformance/gs1`);
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { vectors: Vector[] };
  return parsed.vectors;
}

/** Dates in the vectors are resolved against a fixed year, so the suite does not age. */
const referenceDate = '2025-06-15';

const PAIRING_CODES = new Set(['missing_required_ai', 'excluded_ai_combination']);

type Outcome = { kind: 'accept'; elements: readonly Gs1Element[] } | { kind: 'text' } | { kind: 'reject'; code: string; message: string };

function parseOutcome(vector: Vector): Outcome {
  const result = parseScan(vector.input ?? '', { referenceDate });
  if (!result.ok) {
    // A vector of scope `values` checks each value alone: the reference did not check pairings.
    if (vector.scope === 'values' && PAIRING_CODES.has(result.error.code)) return { kind: 'accept', elements: [] };
    return { kind: 'reject', code: result.error.code, message: result.error.message };
  }
  return result.format === 'text' ? { kind: 'text' } : { kind: 'accept', elements: result.elements };
}

function describe(outcome: Outcome): string {
  if (outcome.kind === 'reject') return `reject ${outcome.code}: ${outcome.message}`;
  if (outcome.kind === 'text') return 'text';
  return `accept ${outcome.elements.map((e) => `(${e.ai})${e.value}`).join('')}`;
}

function sameElements(actual: readonly Gs1Element[], expected: readonly (readonly [string, string])[]): boolean {
  if (actual.length === 0) return true; // values only: pairings stopped the parse before the elements were returned
  return JSON.stringify(actual.map((e) => [e.ai, e.value])) === JSON.stringify(expected);
}

function judgeParse(vector: Vector): { agree: boolean; accepted: boolean; answer: string } {
  const outcome = parseOutcome(vector);
  const answer = describe(outcome);
  // Text (data that is not GS1) is read, not refused: it counts as accepted for a `classify` mark.
  const accepted = outcome.kind !== 'reject';
  switch (vector.expect) {
    case 'accept':
      return { agree: outcome.kind === 'accept' && (vector.ais === undefined || sameElements(outcome.elements, vector.ais)), accepted, answer };
    case 'text':
      return { agree: outcome.kind === 'text', accepted, answer };
    default:
      return { agree: outcome.kind === 'reject' || (outcome.kind === 'text' && vector.textIsReject === true), accepted, answer };
  }
}

function attempt<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

const toElements = (pairs: readonly (readonly [string, string])[] | undefined): Gs1Element[] => (pairs ?? []).map(([ai, value]) => ({ ai, value }));

function judgeOther(vector: Vector): { agree: boolean; answer: string } {
  const answerOf = (value: unknown) => ({ agree: JSON.stringify(value) === JSON.stringify(vector.expect), answer: JSON.stringify(value) });
  switch (vector.kind) {
    case 'ai-def':
      return { agree: JSON.stringify(getAiDefinition(vector.ai ?? '')) === JSON.stringify(vector.def_), answer: JSON.stringify(getAiDefinition(vector.ai ?? '')) };
    case 'ai-prefix-length': {
      const lengths = [...new Set(Object.keys(aiTable).filter((ai) => ai.startsWith(vector.prefix ?? '')).map((ai) => ai.length))];
      return { agree: lengths.length === 1 && lengths[0] === vector.length, answer: `lengths ${lengths.join(', ')}` };
    }
    case 'format-dl':
      return answerOf(attempt(() => formatDigitalLink(toElements(vector.elements), vector.base == null ? {} : { base: vector.base })));
    case 'format-es':
      return answerOf(attempt(() => formatElementString(toElements(vector.elements))));
    case 'format-bracketed':
      return answerOf(attempt(() => formatBracketed(toElements(vector.elements))));
    case 'gtin-valid':
      return answerOf(isValidGtin(vector.value ?? ''));
    case 'check-digit':
      return answerOf(runLinter('csum', vector.value ?? '', { referenceYear: 2025 }) === undefined);
    case 'epc':
      return judgeEpc(vector);
    default:
      return { agree: false, answer: `no harness for kind ${vector.kind}` };
  }
}

function judgeEpc(vector: Vector): { agree: boolean; answer: string } {
  const result = decodeEpc(vector.hex ?? '');
  const expected = vector.expect as Readonly<Record<string, unknown>>;
  if ('rejectCode' in expected) return { agree: !result.ok, answer: result.ok ? `decoded ${result.epc.uri}` : `reject ${result.error.code}` };
  if (!result.ok) return { agree: false, answer: `reject ${result.error.code}: ${result.error.message}` };
  return { agree: JSON.stringify(result.epc) === JSON.stringify(expected), answer: JSON.stringify(result.epc) };
}

/** Judges one vector. */
export function judge(vector: Vector): Verdict {
  if (vector.kind !== 'parse') {
    const { agree, answer } = judgeOther(vector);
    if (agree) return { vector, verdict: 'agree', answer };
    if (vector.classify?.when === 'any') return { vector, verdict: 'classified', answer, why: vector.classify.why };
    const local = localClassifications.find((c) => c.covers(vector));
    return local === undefined ? { vector, verdict: 'disagree', answer } : { vector, verdict: 'classified', answer, why: local.why };
  }
  const { agree, accepted, answer } = judgeParse(vector);
  if (agree) return { vector, verdict: 'agree', answer };
  const mark = vector.classify;
  const documented =
    mark !== undefined && (mark.when === 'any' || (mark.when === 'stocktake accepts' && accepted) || (mark.when === 'stocktake rejects' && !accepted));
  if (documented) return { vector, verdict: 'classified', answer, why: mark.why };
  const local = localClassifications.find((c) => c.covers(vector));
  return local === undefined ? { vector, verdict: 'disagree', answer } : { vector, verdict: 'classified', answer, why: local.why };
}

/** Counts of a run. */
export interface Tally {
  readonly total: number;
  readonly agree: number;
  readonly classified: number;
  readonly disagree: readonly Verdict[];
}

/** Judges every vector of a list. */
export function tally(vectors: readonly Vector[]): Tally {
  const verdicts = vectors.map(judge);
  return {
    total: verdicts.length,
    agree: verdicts.filter((v) => v.verdict === 'agree').length,
    classified: verdicts.filter((v) => v.verdict === 'classified').length,
    disagree: verdicts.filter((v) => v.verdict === 'disagree'),
  };
}
