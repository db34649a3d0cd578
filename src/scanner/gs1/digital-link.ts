/**
 * GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax): a primary key and its
 * qualifiers as path segments, in the order the dictionary's `dlpkey` attribute defines, and data
 * attributes (AIs with the dictionary's `?` flag) in the query.
 *
 * @module
 */
import { StocktakeError } from '../../errors.js';
import { scanFailure, type Gs1Element, type ScanFailure } from '../types.js';
import { getAiDefinition } from './ai.js';
import type { PositionedElement } from './validate.js';

/** Options for {@link formatDigitalLink}. */
export interface FormatDigitalLinkOptions {
  /** The scheme and host (and optional path prefix) to put before the key, default `https://id.gs1.org`. */
  readonly base?: string;
}

const URI = /^(https?|HTTPS?):\/\/([^/?#\s]+)([^?#\s]*)(\?[^#\s]*)?(#\S*)?$/;

function decode(text: string, query = false): string | undefined {
  try {
    // In the query, '+' stands for a space (as in GS1's reference parser); in the path it is itself.
    return decodeURIComponent(query ? text.replaceAll('+', ' ') : text);
  } catch {
    return undefined;
  }
}

/** Position of each path segment inside the raw input. */
interface Segment {
  readonly text: string;
  readonly position: number;
}

function isSubsequence(qualifiers: readonly string[], sequence: readonly string[]): boolean {
  let at = 0;
  for (const q of qualifiers) {
    const found = sequence.indexOf(q, at);
    if (found === -1) return false;
    at = found + 1;
  }
  return true;
}

/**
 * Reads a GS1 Digital Link URI into elements (values not validated). Returns `undefined` when the
 * URI is not a Digital Link at all (no path segment is a primary key AI), and a failure when it
 * is one but malformed.
 *
 * @internal
 */
export function splitDigitalLink(uri: string, offset: number): PositionedElement[] | ScanFailure | undefined {
  const match = URI.exec(uri);
  if (match === null) return undefined;
  const path = match[3] ?? '';
  const query = match[4] ?? '';
  const pathStart = match[1]!.length + 3 + match[2]!.length;
  const segments: Segment[] = [];
  let cursor = pathStart;
  for (const text of path.split('/')) {
    segments.push({ text, position: offset + cursor });
    cursor += text.length + 1;
  }
  segments.shift(); // the empty text before the first '/'
  const isKey = (s: Segment | undefined): boolean => s !== undefined && getAiDefinition(s.text)?.dlpkey !== undefined;
  if (!segments.some(isKey)) return undefined;
  const lastSegment = segments[segments.length - 1];
  if (lastSegment !== undefined && lastSegment.text === '') {
    return scanFailure('invalid_digital_link', 'a Digital Link path must not end with "/"', lastSegment.position);
  }

  let firstError: ScanFailure | undefined;
  let found: PositionedElement[] | undefined;
  for (let i = 0; i < segments.length && found === undefined; i++) {
    const keySegment = segments[i];
    if (keySegment === undefined || !isKey(keySegment)) continue;
    const definition = getAiDefinition(keySegment.text);
    const rest = segments.slice(i);
    if (rest.length % 2 !== 0) {
      firstError ??= scanFailure('invalid_digital_link', `Digital Link path after (${keySegment.text}) must alternate AI and value`, keySegment.position, keySegment.text);
      continue;
    }
    const pairs: PositionedElement[] = [];
    let failure: ScanFailure | undefined;
    for (let j = 0; j < rest.length; j += 2) {
      const aiSeg = rest[j]!;
      const valueSeg = rest[j + 1]!;
      const value = decode(valueSeg.text);
      if (value === undefined || value === '') {
        failure = scanFailure('invalid_digital_link', `(${aiSeg.text}) has a malformed or empty value in the Digital Link path`, valueSeg.position, aiSeg.text);
        break;
      }
      const raw = value === valueSeg.text;
      pairs.push({ ai: aiSeg.text, value, position: aiSeg.position, valuePosition: raw ? valueSeg.position : -1 });
    }
    if (failure === undefined) {
      const qualifiers = pairs.slice(1).map((p) => p.ai);
      const sequences = definition?.dlpkey ?? [];
      if (!sequences.some((sequence) => isSubsequence(qualifiers, sequence))) {
        const allowed = sequences.map((s) => (s.length === 0 ? 'none' : s.join(', '))).join(' | ');
        failure = scanFailure(
          'invalid_digital_link',
          `(${keySegment.text}) accepts the key qualifiers ${allowed} in that order; got ${qualifiers.join(', ') || 'none'}`,
          pairs[1]?.position ?? keySegment.position,
          keySegment.text,
        );
      }
    }
    if (failure === undefined) found = pairs;
    else firstError ??= failure;
  }
  if (found === undefined) {
    return firstError ?? scanFailure('invalid_digital_link', 'not a valid GS1 Digital Link path', offset + pathStart);
  }

  const keyDefinition = getAiDefinition(found[0]?.ai ?? '');
  const qualifierCount = found.length - 1;
  if (query.length > 1) {
    let qpos = offset + pathStart + path.length + 1;
    for (const param of query.slice(1).split('&')) {
      const here = qpos;
      qpos += param.length + 1;
      if (param === '') continue;
      const eq = param.indexOf('=');
      const name = eq === -1 ? param : param.slice(0, eq);
      if (!/^[0-9]+$/.test(name)) continue; // non-GS1 parameters (linkType, context, ...) are ignored
      const definition = getAiDefinition(name);
      if (definition === undefined) return scanFailure('unknown_ai', `(${name}) in the Digital Link query is not a GS1 Application Identifier`, here, name);
      if (!definition.dlDataAttribute) {
        return scanFailure('invalid_digital_link', `(${name}) ${definition.title} is not permitted as a Digital Link data attribute`, here, name);
      }
      const value = eq === -1 ? undefined : decode(param.slice(eq + 1), true);
      if (value === undefined || value === '') {
        return scanFailure('invalid_digital_link', `(${name}) has a malformed or empty value in the Digital Link query`, here, name);
      }
      if (found.some((p) => p.ai === name)) {
        return scanFailure('invalid_digital_link', `(${name}) appears twice in the Digital Link`, here, name);
      }
      const pathQualifiers = found.slice(1, qualifierCount + 1).map((p) => p.ai);
      if ((keyDefinition?.dlpkey ?? []).some((seq) => seq.includes(name) && isSubsequence(pathQualifiers, seq))) {
        return scanFailure('invalid_digital_link', `(${name}) is a key qualifier of (${found[0]?.ai ?? ''}) and belongs in the path, not the query`, here, name);
      }
      const raw = value === param.slice(eq + 1);
      // Past this point `found` also holds query elements; qualifierCount keeps the path's.
      found.push({ ai: name, value, position: here, valuePosition: raw ? here + eq + 1 : -1 });
    }
  }
  // A zero-suppressed GTIN-8/12/13 in (01) is read as its GTIN-14 (as the standard's own examples do).
  return found.map((p) => (p.ai === '01' && /^([0-9]{8}|[0-9]{12,13})$/.test(p.value) ? { ...p, value: p.value.padStart(14, '0'), valuePosition: -1 } : p));
}

function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Writes elements as a GS1 Digital Link URI: the primary key and its qualifiers as path
 * segments in the dictionary's order, every other element as a query attribute (pre-defined
 * length AIs first, then the others, each in the order given). When several elements are primary
 * keys, the first that can carry all the others is used. Identical repeats are written once. Values are percent-encoded (everything but `A-Z a-z 0-9 - . _ ~`).
 *
 * @param elements - exactly one primary key (e.g. AI 01, 00, 414), its qualifiers, and data attributes
 * @param options - the base URI
 * @returns the URI
 * @throws StocktakeError `invalid_input` when no element is a primary key, or an element can
 *   neither be a qualifier of the key nor a data attribute
 * @example
 * ```ts
 * formatDigitalLink([
 *   { ai: '01', value: '09506000134352' }, { ai: '10', value: 'ABC123' }, { ai: '17', value: '201225' },
 * ]);
 * // 'https://id.gs1.org/01/09506000134352/10/ABC123?17=201225'
 * ```
 */
export function formatDigitalLink(elements: readonly Gs1Element[], options: FormatDigitalLinkOptions = {}): string {
  const base = (options.base ?? 'https://id.gs1.org').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(base)) {
    throw new StocktakeError('invalid_input', 'base must be an http(s) URI without query or fragment', { path: ['options', 'base'] });
  }
  if (!Array.isArray(elements)) throw new StocktakeError('invalid_input', 'elements must be an array', { path: ['elements'] });
  elements.forEach((e, index) => {
    if (typeof e?.ai !== 'string' || getAiDefinition(e.ai) === undefined) {
      throw new StocktakeError('invalid_input', `(${String(e?.ai)}) is not a GS1 Application Identifier`, { path: ['elements', index, 'ai'] });
    }
    if (typeof e.value !== 'string' || e.value === '') {
      throw new StocktakeError('invalid_input', `(${e.ai}) needs a non-empty value`, { path: ['elements', index, 'value'] });
    }
  });
  const unique: Gs1Element[] = [];
  for (const e of elements) {
    const same = unique.find((u) => u.ai === e.ai);
    if (same === undefined) unique.push(e);
    else if (same.value !== e.value) throw new StocktakeError('invalid_input', `(${e.ai}) appears twice with different values`, { path: ['elements'] });
  }
  for (const key of unique) {
    const sequences = getAiDefinition(key.ai)?.dlpkey;
    if (sequences === undefined) continue;
    const others = unique.filter((e) => e !== key);
    const qualifierAis = new Set(sequences.flat());
    const candidates = others.filter((e) => qualifierAis.has(e.ai)).map((e) => e.ai);
    const sequence = sequences.find((s) => candidates.every((c) => s.includes(c)));
    if (sequence === undefined) continue;
    const qualifiers = sequence.flatMap((ai) => others.filter((e) => e.ai === ai));
    // Pre-defined length AIs first, then the rest, each in the order given (as GS1's reference encoder does).
    const rest = others.filter((e) => !qualifiers.includes(e));
    const fixed = (e: Gs1Element): boolean => getAiDefinition(e.ai)?.predefinedLength === true;
    const attributes = [...rest.filter(fixed), ...rest.filter((e) => !fixed(e))];
    const bad = attributes.find((e) => getAiDefinition(e.ai)?.dlDataAttribute !== true);
    if (bad !== undefined) continue;
    const path = [key, ...qualifiers].map((e) => `/${e.ai}/${encodeSegment(e.value)}`).join('');
    const query = attributes.map((e) => `${e.ai}=${encodeSegment(e.value)}`).join('&');
    return `${base}${path}${query === '' ? '' : `?${query}`}`;
  }
  throw new StocktakeError('invalid_input', 'the elements have no primary key that can carry all of them in a Digital Link', {
    path: ['elements'],
  });
}
