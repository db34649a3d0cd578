/**
 * Serialises plain data as JSON with object keys sorted and `undefined` properties left out, so
 * equal data always gives the same text (idempotency fingerprints, audit hashes).
 *
 * The text is written directly, without building sorted copies of the objects first: every command
 * fingerprints its input and hashes an audit event, so this runs several times per command. It is
 * byte-for-byte the text of `JSON.stringify` applied to a copy with sorted keys, including where
 * that copy would reorder keys: JavaScript objects list array-index keys (`"0"`, `"10"`) first in
 * numeric order, so those come first here too. Stored fingerprints and audit hashes depend on it.
 *
 * @internal
 */
export function canonicalJson(value: unknown): string {
  // Like JSON.stringify, undefined (or a function) at the top gives undefined despite the type.
  const text = write(value) as string;
  // The text is built by appending, which V8 keeps as a tree of pieces (about forty per
  // movement) until something reads a character; fingerprints are stored for the life of the
  // store, so read one now and keep the flat copy.
  if (text !== undefined) text.charCodeAt(0);
  return text;
}

/** The JSON text of a value, or `undefined` where JSON leaves the value out. */
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += write(value[index]) ?? 'null';
    }
    return `${text}]`;
  }
  if (value instanceof Date) return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  let text = '{';
  for (const key of orderedKeys(record)) {
    const written = write(record[key]);
    if (written === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${quote(key)}:${written}`;
  }
  return `${text}}`;
}

/** Text JSON writes as is between quotes: no quote, backslash, control character or surrogate. */
const PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** A string as JSON; the common plain case without calling `JSON.stringify`. */
function quote(text: string): string {
  return PLAIN_TEXT.test(text) ? `"${text}"` : JSON.stringify(text);
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && ARRAY_INDEX.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}

/** Keys sorted by code unit, with array-index keys first in numeric order (as objects list them). */
function orderedKeys(record: Record<string, unknown>): string[] {
  // The default sort compares strings by UTF-16 code units.
  const keys = Object.keys(record).sort();
  if (!keys.some(isArrayIndex)) return keys;
  const indexKeys = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexKeys, ...keys.filter((key) => !isArrayIndex(key))];
}
