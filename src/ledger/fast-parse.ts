/**
 * A fast path for validating `ledger.post` and `ledger.postMany` input. Zod is about a sixth of
 * the time of an in-memory post; most movements have the plain shape (a few string fields and
 * lines of strings), which a direct check accepts for a fraction of that. The direct check only
 * ever accepts: anything it is not sure of (a missing or extra field, an `undefined` value, a
 * non-plain object, a bad value) goes to the zod schema, which accepts it or throws the
 * `invalid_input` error with its path exactly as before. What it accepts is what the schema
 * outputs for that input, field for field and in the same key order.
 *
 * @internal
 * @module
 */
import type { ErrorPath } from '../errors.js';
import { isStorableText } from '../text.js';
import { instantSchema } from '../time.js';
import { parseInput } from '../validate.js';
import { movementInputSchema, type ParsedMovementInput } from './schemas.js';
import type * as z from 'zod';

/** The header fields in the schema's order: the order zod writes its output in. */
const HEADER_KEYS = ['id', 'kind', 'occurredAt', 'actor', 'reference', 'reason', 'override', 'lines'] as const;
const LINE_KEYS = ['sku', 'from', 'to', 'qty', 'uom', 'lot', 'serial'] as const;
const HEADER_KEY_SET: ReadonlySet<string> = new Set(HEADER_KEYS);
const LINE_KEY_SET: ReadonlySet<string> = new Set(LINE_KEYS);
/** `idSchema`'s pattern: no control characters, no surrounding white space. */
const ID_PATTERN = /^(?!\s)[^\p{Cc}]*(?<!\s)$/u;
/** `positiveDecimalSchema`'s pattern (18 integer and 12 fractional digits); a non-zero digit makes it positive. */
const QTY_PATTERN = /^(0|[1-9]\d{0,17})(\.\d{1,12})?$/;
const NON_ZERO = /[1-9]/;
/** `uomSchema`'s pattern. */
const UOM_PATTERN = /^[A-Za-z0-9_.-]{1,16}$/;
const DIRECTIONS: Readonly<Record<string, { readonly from: 'required' | 'forbidden' | 'either'; readonly to: 'required' | 'forbidden' | 'either' }>> = {
  receipt: { from: 'forbidden', to: 'required' },
  issue: { from: 'required', to: 'forbidden' },
  transfer: { from: 'required', to: 'required' },
  adjustment: { from: 'either', to: 'either' },
};

/**
 * Validates one movement input: the fast check, else `movementInputSchema` (which throws
 * `invalid_input` with the path of the first bad field).
 *
 * @internal
 */
export function parseMovementInput(input: unknown): ParsedMovementInput {
  return acceptMovement(input) ?? parseInput(movementInputSchema, input);
}

/**
 * Validates a `postMany` batch: every movement through the fast check, else the whole batch
 * through its schema (an array of `movementInputSchema` of at most `max`), so an error's path
 * starts with the movement's index as before.
 *
 * @internal
 */
export function parseMovementBatch(
  inputs: unknown,
  schema: z.ZodType<ParsedMovementInput[]>,
  max: number,
  prefix: ErrorPath = [],
): ParsedMovementInput[] {
  if (Array.isArray(inputs) && Object.getPrototypeOf(inputs) === Array.prototype && inputs.length <= max) {
    const accepted: ParsedMovementInput[] = [];
    for (let index = 0; index < inputs.length; index++) {
      const movement = acceptMovement(inputs[index]);
      if (movement === undefined) break;
      accepted.push(movement);
    }
    if (accepted.length === inputs.length) return accepted;
  }
  return parseInput(schema, inputs, prefix);
}

/**
 * The schema's output for an input of the plain shape, or `undefined` when the input is not
 * certainly valid (the schema then decides). Reading a property may throw (a getter): that too
 * leaves the decision to the schema.
 *
 * @internal
 */
export function acceptMovement(input: unknown): ParsedMovementInput | undefined {
  try {
    return accept(input);
  } catch {
    return undefined;
  }
}

function accept(input: unknown): ParsedMovementInput | undefined {
  if (!isPlainObject(input)) return undefined;
  for (const key of Object.keys(input)) if (!HEADER_KEY_SET.has(key) || input[key] === undefined) return undefined;
  const { id, kind, actor, reference, reason, override, occurredAt } = input;
  if (!isId(id) || typeof kind !== 'string' || !isId(actor)) return undefined;
  const rule = DIRECTIONS[kind];
  if (rule === undefined || !Object.hasOwn(DIRECTIONS, kind)) return undefined;
  if (reference !== undefined && !isText(reference, 0, 200)) return undefined;
  if (reason !== undefined && !isText(reason, 0, 500)) return undefined;
  let overrideOut: { reason: string } | undefined;
  if (override !== undefined) {
    if (!isPlainObject(override)) return undefined;
    const keys = Object.keys(override);
    if (keys.length !== 1 || keys[0] !== 'reason' || !isText(override['reason'], 1, 500)) return undefined;
    overrideOut = { reason: override['reason'] as string };
  }
  let at: string | undefined;
  if (occurredAt !== undefined) {
    const parsed = instantSchema.safeParse(occurredAt);
    if (!parsed.success) return undefined;
    at = parsed.data;
  }
  const lines = acceptLines(input['lines'], kind, rule);
  if (lines === undefined) return undefined;
  // Built in the schema's key order, with exactly the keys the input has.
  const out: Record<string, unknown> = {};
  for (const key of HEADER_KEYS) {
    if (!(key in input)) continue;
    out[key] = key === 'lines' ? lines : key === 'occurredAt' ? at : key === 'override' ? overrideOut : input[key];
  }
  return out as ParsedMovementInput;
}

type Rule = (typeof DIRECTIONS)[string];

function acceptLines(value: unknown, kind: string, rule: Rule): ParsedMovementInput['lines'] | undefined {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return undefined;
  if (value.length < 1 || value.length > 10_000) return undefined;
  const lines: Array<ParsedMovementInput['lines'][number]> = [];
  for (let index = 0; index < value.length; index++) {
    const line: unknown = value[index];
    if (!isPlainObject(line)) return undefined;
    const out: Record<string, string> = {};
    let count = 0;
    for (const key of Object.keys(line)) if (!LINE_KEY_SET.has(key)) return undefined;
    for (const key of LINE_KEYS) {
      if (!(key in line)) continue;
      const field = line[key];
      if (!acceptField(key, field)) return undefined;
      out[key] = field as string;
      count++;
    }
    if (count !== Object.keys(line).length || out['sku'] === undefined || out['qty'] === undefined) return undefined;
    const { from, to } = out;
    if (rule.from === 'required' && from === undefined) return undefined;
    if (rule.from === 'forbidden' && from !== undefined) return undefined;
    if (rule.to === 'required' && to === undefined) return undefined;
    if (rule.to === 'forbidden' && to !== undefined) return undefined;
    if (kind === 'adjustment' && (from === undefined) === (to === undefined)) return undefined;
    if (kind === 'transfer' && from === to) return undefined;
    lines.push(out as ParsedMovementInput['lines'][number]);
  }
  return lines;
}

function acceptField(key: string, value: unknown): boolean {
  switch (key) {
    case 'from':
    case 'to':
      return isLocationId(value);
    case 'qty':
      return typeof value === 'string' && QTY_PATTERN.test(value) && NON_ZERO.test(value);
    case 'uom':
      return typeof value === 'string' && UOM_PATTERN.test(value);
    default:
      return isId(value);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isText(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max && isStorableText(value);
}

function isId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const ascii = asciiId(value, false);
  return ascii === undefined ? isText(value, 1, 200) && ID_PATTERN.test(value) : ascii;
}

function isLocationId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const ascii = asciiId(value, true);
  if (ascii !== undefined) return ascii;
  if (!isId(value)) return false;
  for (const segment of value.split('/')) {
    if (segment.length === 0 || segment.trim() !== segment || segment === '.' || segment === '..') return false;
  }
  return true;
}

/**
 * The id rules for printable ASCII text, by one pass over its code units: 1 to 200 of them, no
 * control character, no space at either end (of the text and, for a location, of each
 * `/`-separated segment, which must not be empty, `.` or `..`). `undefined` for text with other
 * characters, which the regular expressions decide.
 */
function asciiId(value: string, location: boolean): boolean | undefined {
  const length = value.length;
  if (length < 1 || length > 200) return false;
  let start = 0;
  for (let index = 0; index <= length; index++) {
    const code = index < length ? value.charCodeAt(index) : SLASH;
    if (code > 0x7e) return undefined;
    if (code < 0x20) return false;
    if (code !== SLASH || !location) continue;
    const size = index - start;
    if (size === 0 || value.charCodeAt(start) === SPACE || value.charCodeAt(index - 1) === SPACE) return false;
    if (value.charCodeAt(start) === DOT && (size === 1 || (size === 2 && value.charCodeAt(start + 1) === DOT))) return false;
    start = index + 1;
  }
  return value.charCodeAt(0) !== SPACE && value.charCodeAt(length - 1) !== SPACE;
}

const SLASH = 0x2f;
const SPACE = 0x20;
const DOT = 0x2e;
