/**
 * Text every storage adapter keeps alike. PostgreSQL's `text` and `jsonb` cannot hold a NUL
 * character (`\u0000`), and a lone UTF-16 surrogate has no UTF-8 encoding: a driver replaces it
 * with U+FFFD or the server refuses it, while the in-memory store keeps it as given. So such
 * text is refused where it arrives, with `invalid_input` and its path, on every adapter alike,
 * instead of failing on one store as a storage error (or being changed silently).
 *
 * @module
 */
import * as z from 'zod';

/**
 * What a field that is not {@link isStorableText} is told.
 *
 * @internal
 */
export const UNSTORABLE_TEXT_MESSAGE = 'Expected text without NUL characters or unpaired UTF-16 surrogates';

/** A NUL character, or a surrogate that is not half of a pair (`u` mode reads pairs as one code point). */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/**
 * Tells whether a string can be stored as it is by every adapter: it holds no NUL character and no
 * unpaired UTF-16 surrogate. Every other character is kept exactly, tabs, line breaks and emoji
 * included.
 *
 * @param value - a string
 * @returns true when every adapter stores and returns it unchanged
 * @example
 * ```ts
 * isStorableText('Hex bolt “M8” 🔩'); // true
 * isStorableText('A\u0000B');         // false
 * isStorableText('\uD800');           // false: half of a pair
 * ```
 */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * The base of every text field of every input schema: a string that {@link isStorableText}.
 * Narrow it with zod's string checks (`textSchema.max(500)`); the rule runs first and stops the
 * field's other checks, so the error names this rule.
 *
 * @example
 * ```ts
 * const noteSchema = textSchema.max(500);
 * noteSchema.safeParse('checked twice').success; // true
 * noteSchema.safeParse('bad\u0000').success;     // false
 * ```
 */
export const textSchema = z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

/**
 * The path of the first string (a value or a property name) in plain JSON data that is not
 * {@link isStorableText}, for free-form data such as audit event payloads.
 *
 * @internal
 */
export function unstorableTextPath(value: unknown, path: ReadonlyArray<string | number> = []): Array<string | number> | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : [...path];
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const [index, element] of value.entries()) {
      const found = unstorableTextPath(element, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, element] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key];
    const found = unstorableTextPath(element, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
