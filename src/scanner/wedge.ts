/**
 * A keyboard-wedge decoder: tells scanner bursts from typing by timing, prefix, suffix and
 * terminator, without a DOM.
 *
 * @module
 */
import * as z from 'zod';

import { safeParseInput } from '../validate.js';
import { fromZodError, StocktakeError } from '../errors.js';
import { GS } from './gs1/element-string.js';
import type { ScanEvent } from './types.js';

/** One key as the app saw it: `KeyboardEvent.key` and a time in milliseconds. */
export interface WedgeKey {
  /** `KeyboardEvent.key`: a single character, or a key name such as `Enter`, `Tab`, `Shift`. */
  readonly key: string;
  /**
   * When the key arrived, in epoch milliseconds (`Date.now()`, or
   * `performance.timeOrigin + event.timeStamp`). Used for timing and for the scan's `time`.
   */
  readonly time: number;
}

/** What the decoder hands back: a scan, or keys that were typed by a person. */
export type WedgeOutput =
  | { readonly type: 'scan'; readonly event: ScanEvent }
  | { readonly type: 'typed'; readonly text: string; readonly keys: readonly WedgeKey[] };

/** Options for {@link createWedgeDecoder}. */
export interface CreateWedgeDecoderOptions {
  /**
   * The longest pause between two keys of one burst, in ms (default 120). A longer pause ends
   * the burst. Fast scanners send a key every ~10 ms, slow ones every ~80 ms; people type at
   * 150-300 ms per key.
   */
  readonly maxKeyGap?: number;
  /** The longest average pause over a burst for it to count as a scan, in ms (default 100). */
  readonly maxAverageGap?: number;
  /** The fewest characters (prefix and suffix excluded) a scan has (default 4). */
  readonly minLength?: number;
  /** Characters the scanner is programmed to send first; required and stripped when set. */
  readonly prefix?: string;
  /** Characters the scanner is programmed to send last (before the terminator); required and stripped when set. */
  readonly suffix?: string;
  /** Keys that end a scan (default `['Enter']`); they are not part of the data. */
  readonly terminators?: readonly string[];
  /** Accept a burst only when it ends with a terminator, not by a pause (default false). */
  readonly requireTerminator?: boolean;
  /**
   * Keys the scanner sends in place of GS (ASCII 29), e.g. `['F8']` or `['~']`. A key that is
   * ASCII 29 itself is always kept as GS.
   */
  readonly gsKeys?: readonly string[];
  /**
   * What a paste is (two or more keys with the same time, faster than any scanner):
   * `'manual'` (default) emits a scan with source `manual`; `'wedge'` emits a wedge scan;
   * `'typed'` hands the keys back as typing.
   */
  readonly paste?: 'manual' | 'wedge' | 'typed';
  /** The device id put on every event. */
  readonly device?: string;
  /** Creates event ids (default `crypto.randomUUID()`); ids must be unique and are kept on resend. */
  readonly createEventId?: () => string;
}

/** A stateful decoder of keyboard-wedge input. */
export interface WedgeDecoder {
  /**
   * Feeds one key.
   *
   * @param key - the key and its time
   * @returns what completed: a scan or typing that ended, possibly none
   */
  feed(key: WedgeKey): WedgeOutput[];
  /**
   * Tells the decoder the time, so a burst that ended without a terminator is completed.
   *
   * @param time - the current time in epoch ms
   * @returns what completed
   */
  tick(time: number): WedgeOutput[];
  /**
   * Completes the current burst now, whatever the time.
   *
   * @returns what completed
   */
  flush(): WedgeOutput[];
  /** How many keys are held, waiting for the burst to end. */
  readonly pending: number;
}

/** The zod schema of {@link CreateWedgeDecoderOptions}. */
export const createWedgeDecoderOptionsSchema = z
  .object({
    maxKeyGap: z.number().positive().optional(),
    maxAverageGap: z.number().positive().optional(),
    minLength: z.number().int().min(1).optional(),
    prefix: z.string().min(1).optional(),
    suffix: z.string().min(1).optional(),
    terminators: z.array(z.string().min(1)).optional(),
    requireTerminator: z.boolean().optional(),
    gsKeys: z.array(z.string().min(1)).optional(),
    paste: z.enum(['manual', 'wedge', 'typed']).optional(),
    device: z.string().min(1).optional(),
    /** Makes the event id of each scan. */
    createEventId: z.custom<() => string>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict();

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'OS']);

/** @internal A unique id without Node APIs. */
export function defaultEventId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID !== undefined) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Creates a keyboard-wedge decoder. Feed it every key the app receives while it listens; it
 * holds keys until their burst ends (a terminator, a pause longer than `maxKeyGap`, or a
 * non-character key such as `Backspace`) and then hands them back either as a scan or as typing.
 *
 * - A burst is a scan when it has at least `minLength` characters, its average pause is at most
 *   `maxAverageGap`, it carries the configured prefix and suffix, and (with `requireTerminator`)
 *   ended with a terminator. The defaults accept scanners at ~10 ms and ~80 ms per key and reject
 *   a person typing at 150-300 ms per key.
 * - Every character is kept, including `- / : . ]`; GS (ASCII 29) and the configured `gsKeys`
 *   become GS in `raw`. Modifier keys (`Shift`, ...) are ignored.
 * - A paste (all keys at the same time) is handled by the `paste` option.
 * - The scan's `time` is the first key's time, as ISO 8601.
 *
 * @param options - timing, prefix/suffix/terminators, GS substitutes, paste handling, ids
 * @returns the decoder
 * @throws StocktakeError `invalid_input` for bad options
 * @example
 * ```ts
 * const wedge = createWedgeDecoder({ device: 'handheld-7' });
 * window.addEventListener('keydown', (e) => {
 *   for (const out of wedge.feed({ key: e.key, time: performance.timeOrigin + e.timeStamp })) {
 *     if (out.type === 'scan') pipeline.scan(out.event);
 *   }
 * });
 * setInterval(() => wedge.tick(Date.now()), 100);
 * ```
 */
export function createWedgeDecoder(options: CreateWedgeDecoderOptions = {}): WedgeDecoder {
  const checked = safeParseInput(createWedgeDecoderOptionsSchema, options, ['options']);
  if (!checked.success) throw fromZodError(checked.error, ['options']);
  const o = checked.data;
  const maxKeyGap = o.maxKeyGap ?? 120;
  const maxAverageGap = o.maxAverageGap ?? 100;
  const minLength = o.minLength ?? 4;
  const terminators = new Set(o.terminators ?? ['Enter']);
  const gsKeys = new Set(o.gsKeys ?? []);
  const paste = o.paste ?? 'manual';
  const createEventId = o.createEventId ?? defaultEventId;

  let keys: WedgeKey[] = [];

  const isCharacter = (key: string): boolean => [...key].length === 1 && !terminators.has(key);

  function finish(endedBy: 'terminator' | 'pause' | 'other'): WedgeOutput[] {
    const burst = keys;
    keys = [];
    if (burst.length === 0) return [];
    const typed = (): WedgeOutput[] => [
      { type: 'typed', text: burst.filter((k) => isCharacter(k.key)).map((k) => k.key).join(''), keys: burst },
    ];
    if (endedBy === 'other') return typed();
    const chars = burst.filter((k) => isCharacter(k.key) || gsKeys.has(k.key));
    let text = chars.map((k) => (gsKeys.has(k.key) ? GS : k.key)).join('');
    const gaps: number[] = [];
    for (let i = 1; i < burst.length; i++) gaps.push(Math.max(0, burst[i]!.time - burst[i - 1]!.time));
    const isPaste = burst.length >= 2 && gaps.every((g) => g === 0);
    if (isPaste && paste === 'typed') return typed();
    if (o.prefix !== undefined) {
      if (!text.startsWith(o.prefix)) return typed();
      text = text.slice(o.prefix.length);
    }
    if (o.suffix !== undefined) {
      if (!text.endsWith(o.suffix)) return typed();
      text = text.slice(0, -o.suffix.length);
    }
    if (text.length < minLength) return typed();
    if (o.requireTerminator === true && endedBy !== 'terminator') return typed();
    const average = gaps.length === 0 ? 0 : gaps.reduce((a, b) => a + b, 0) / gaps.length;
    if (!isPaste && average > maxAverageGap) return typed();
    const first = burst[0]!;
    const event: ScanEvent = {
      eventId: createEventId(),
      source: isPaste && paste === 'manual' ? 'manual' : 'wedge',
      raw: text,
      time: new Date(first.time).toISOString(),
      ...(o.device === undefined ? {} : { device: o.device }),
    };
    return [{ type: 'scan', event }];
  }

  return {
    feed(input: WedgeKey): WedgeOutput[] {
      if (typeof input?.key !== 'string' || input.key === '' || typeof input.time !== 'number' || !Number.isFinite(input.time)) {
        throw new StocktakeError('invalid_input', 'a wedge key needs a non-empty key and a finite time', { path: ['key'] });
      }
      const key: WedgeKey = { key: input.key, time: input.time };
      if (MODIFIERS.has(key.key)) return [];
      const out: WedgeOutput[] = [];
      const last = keys[keys.length - 1];
      if (last !== undefined && key.time - last.time > maxKeyGap) out.push(...finish('pause'));
      keys.push(key);
      if (terminators.has(key.key)) out.push(...finish('terminator'));
      else if (!isCharacter(key.key) && !gsKeys.has(key.key)) out.push(...finish('other'));
      return out;
    },
    tick(time: number): WedgeOutput[] {
      const last = keys[keys.length - 1];
      return last !== undefined && time - last.time > maxKeyGap ? finish('pause') : [];
    },
    flush(): WedgeOutput[] {
      return finish('pause');
    },
    get pending(): number {
      return keys.length;
    },
  };
}
