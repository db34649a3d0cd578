/**
 * Validation of GS1 element values against the Barcode Syntax Dictionary: components, character
 * sets, linters (check digits, dates, ...), duplicates and the `req` / `ex` pairings.
 *
 * @module
 */
import { scanFailure, type Gs1Element, type ScanFailure } from '../types.js';
import { aiMatches, getAiDefinition } from './ai.js';
import type { Gs1CharacterSet } from './ai-types.js';
import { runLinter, type LintContext } from './linters.js';

/**
 * An element with where it was found in the raw input, for error positions.
 *
 * @internal
 */
export interface PositionedElement extends Gs1Element {
  /** Index of the AI in the raw input. */
  readonly position: number;
  /** Index of the value in the raw input (-1 when the value was decoded and has no 1:1 position). */
  readonly valuePosition: number;
}

const CSET_PATTERNS: Readonly<Record<Gs1CharacterSet, RegExp>> = {
  N: /[^0-9]/,
  X: /[^!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]/,
  Y: /[^#\-/0-9A-Z]/,
  Z: /[^A-Za-z0-9_\-=]/,
};
const CSET_NAMES: Readonly<Record<Gs1CharacterSet, string>> = {
  N: 'digits',
  X: 'GS1 CSET 82',
  Y: 'GS1 CSET 39',
  Z: 'GS1 CSET 64',
};

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 32 || code > 126 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
}

/**
 * GS1 CSET 64 (base64url) padding, as GS1's reference linter reads it: `=` only at the end, at
 * most two of them, after at least one data character, and a padded value is a whole number of
 * three-character groups.
 */
function cset64PaddingFault(part: string): { message: string; offset: number } | undefined {
  const first = part.indexOf('=');
  if (first < 0) return undefined;
  if (/=[^=]/.test(part)) return { message: "'=' is only allowed as padding at the end", offset: first };
  const padding = part.length - first;
  if (first === 0 || padding > 2 || part.length % 3 !== 0) {
    return { message: `'${'='.repeat(padding)}' is not valid padding: at most two '=' after the data, to a length that is a multiple of 3`, offset: first };
  }
  return undefined;
}

/**
 * Validates one AI value against its components and their linters.
 *
 * @internal
 */
export function validateValue(element: PositionedElement, context: LintContext): ScanFailure | undefined {
  const { ai, value } = element;
  const definition = getAiDefinition(ai);
  if (definition === undefined) return scanFailure('unknown_ai', `(${ai}) is not a GS1 Application Identifier`, element.position, ai);
  const at = (offset: number): number => (element.valuePosition < 0 ? element.position : element.valuePosition + offset);
  let pos = 0;
  for (const component of definition.components) {
    const remaining = value.length - pos;
    if (remaining <= 0 && component.optional) break;
    if (remaining < component.min) {
      return scanFailure('value_too_short', `(${ai}) ${definition.title}: value is too short`, at(value.length), ai);
    }
    const part = value.slice(pos, pos + component.max);
    const bad = CSET_PATTERNS[component.cset].exec(part);
    if (bad !== null) {
      const ch = part.slice(bad.index).codePointAt(0) ?? 0;
      return scanFailure(
        'invalid_character',
        `(${ai}) ${definition.title}: ${describeChar(String.fromCodePoint(ch))} is not allowed (${CSET_NAMES[component.cset]})`,
        at(pos + bad.index),
        ai,
      );
    }
    if (component.cset === 'Z') {
      const padding = cset64PaddingFault(part);
      if (padding !== undefined) return scanFailure('invalid_character', `(${ai}) ${definition.title}: ${padding.message}`, at(pos + padding.offset), ai);
    }
    for (const linter of component.linters) {
      const failure = runLinter(linter, part, context);
      if (failure !== undefined) {
        return scanFailure(failure.code, `(${ai}) ${definition.title}: ${failure.message}`, at(pos + failure.offset), ai);
      }
    }
    pos += part.length;
  }
  if (pos < value.length) {
    return scanFailure('value_too_long', `(${ai}) ${definition.title}: value is too long`, at(pos), ai);
  }
  return undefined;
}

/**
 * Validates a whole message: every value, then duplicates and the dictionary's pairings.
 * Repeated AIs with identical values are merged; with different values they are an error.
 *
 * @internal
 */
export function validateElements(
  elements: readonly PositionedElement[],
  context: LintContext,
): { ok: true; elements: Gs1Element[] } | ScanFailure {
  const seen = new Map<string, string>();
  const unique: Gs1Element[] = [];
  for (const element of elements) {
    const failure = validateValue(element, context);
    if (failure !== undefined) return failure;
    const previous = seen.get(element.ai);
    if (previous === undefined) {
      seen.set(element.ai, element.value);
      unique.push({ ai: element.ai, value: element.value });
    } else if (previous !== element.value) {
      return scanFailure('duplicate_ai', `(${element.ai}) appears twice with different values`, element.position, element.ai);
    }
  }
  const present = [...seen.keys()];
  const positionOf = (ai: string): number => elements.find((e) => e.ai === ai)?.position ?? 0;
  for (const ai of present) {
    const definition = getAiDefinition(ai);
    if (definition === undefined) continue;
    for (const alternatives of definition.req) {
      const satisfied = alternatives.some((group) => group.every((pattern) => present.some((p) => aiMatches(p, pattern))));
      if (!satisfied) {
        const wanted = alternatives.map((g) => g.map((p) => `(${p})`).join('+')).join(' or ');
        return scanFailure('missing_required_ai', `(${ai}) ${definition.title} requires ${wanted}`, positionOf(ai), ai);
      }
    }
    for (const excluded of definition.ex) {
      for (const pattern of excluded) {
        const other = present.find((p) => p !== ai && aiMatches(p, pattern));
        if (other !== undefined) {
          return scanFailure('excluded_ai_combination', `(${ai}) ${definition.title} must not appear with (${other})`, positionOf(other), ai);
        }
      }
    }
  }
  const unserialised = digitalSignatureFault(seen);
  if (unserialised !== undefined) return scanFailure('missing_required_ai', unserialised.message, positionOf('8030'), '8030');
  return { ok: true, elements: unique };
}

/** Keys whose serial component is optional, with the length of the key without it. */
const SERIAL_OPTIONAL_KEYS: Readonly<Record<string, { length: number; title: string }>> = {
  '253': { length: 13, title: 'GDTI' },
  '255': { length: 13, title: 'GCN' },
  '8003': { length: 14, title: 'GRAI' },
};

/**
 * A digital signature (AI 8030) signs one serialised key: GDTI, GCN and GRAI satisfy its `req` only
 * with their serial component (as GS1's reference checks, beyond the dictionary's `req`). Runs after
 * the `req` check, so a key of another kind is already known to be present when none of these is.
 */
function digitalSignatureFault(seen: ReadonlyMap<string, string>): { message: string } | undefined {
  if (!seen.has('8030')) return undefined;
  const keys = [...seen.keys()];
  const serialisedOther = getAiDefinition('8030')?.req.every((alternatives) =>
    alternatives.some((group) => group.every((pattern) => !(pattern in SERIAL_OPTIONAL_KEYS) && keys.some((p) => aiMatches(p, pattern)))),
  );
  if (serialisedOther === true) return undefined;
  const bare = Object.entries(SERIAL_OPTIONAL_KEYS).find(([ai, key]) => seen.get(ai)?.length === key.length);
  if (bare === undefined) return undefined;
  const [ai, key] = bare;
  return { message: `(8030) DIGSIG needs a serialised key: (${ai}) ${key.title} has no serial component` };
}
