/**
 * A keyboard-wedge decoder: tells scanner bursts from typing by timing, prefix, suffix and
 * terminator, without a DOM.
 *
 * @module
 */
import * as z from 'zod';
import { textSchema } from '../text.js';

import { safeParseInput } from '../validate.js';
import { fromZodError, StocktakeError } from '../errors.js';
import type { ScanEvent } from './types.js';
import { decideBurst, type BurstEnd, type BurstRules } from './wedge/burst.js';
import { keyTime, readKey, type KeyReading, type ReadKey, type WedgeKeyEvent } from './wedge/key.js';

export type { WedgeKeyEvent } from './wedge/key.js';

/**
 * One key with the time it arrived, in epoch milliseconds: the form of earlier releases, still
 * accepted by {@link WedgeDecoder.feed}. The other fields of {@link WedgeKeyEvent} may be added.
 */
export interface WedgeKey extends Partial<Omit<WedgeKeyEvent, 'key'>> {
  /** `KeyboardEvent.key`: a single character, or a key name such as `Enter`, `Tab`, `Shift`. */
  readonly key: string;
  /** When the key arrived, in epoch milliseconds, on the same clock as the times given to `tick`. */
  readonly time: number;
}

/** What the decoder hands back: a scan, or keys that were typed by a person. */
export type WedgeOutput =
  | { readonly type: 'scan'; readonly event: ScanEvent }
  | { readonly type: 'typed'; readonly text: string; readonly keys: readonly WedgeKey[] };

/** Options for {@link createWedgeDecoder}. */
export interface CreateWedgeDecoderOptions {
  /**
   * The longest pause inside one scan, in ms (default 300): a longer pause always ends the
   * burst. Bluetooth and busy USB scanners stall for 100-250 ms inside a scan.
   */
  readonly maxKeyGap?: number;
  /**
   * The longest ordinary pause between two keys of a scanner, in ms (default 120). A longer
   * pause is a stall inside a scan or the end of one, decided from the whole burst (people
   * typing around it, the prefix or suffix, AIM identifiers, which reading makes whole
   * barcodes); a burst that looks like typing so far ends at once. Fast scanners send a key
   * every ~10 ms, slow ones every ~80 ms; people type at 150-300 ms per key.
   */
  readonly stallGap?: number;
  /** The longest average pause over a scan, stalls excluded, in ms (default 100). */
  readonly maxAverageGap?: number;
  /** The fewest characters (prefix and suffix excluded) a scan has (default 4). */
  readonly minLength?: number;
  /** Characters the scanner is programmed to send first; required and stripped when set. */
  readonly prefix?: string;
  /** Characters the scanner is programmed to send last (before the terminator); required and stripped when set. */
  readonly suffix?: string;
  /**
   * Keys that end a scan (default `['Enter']`); they are not part of the data. CR and LF, also
   * as Ctrl+M and Ctrl+J, are `Enter`; HT (Ctrl+I) is `Tab`.
   */
  readonly terminators?: readonly string[];
  /** Accept a burst only when it ends with a terminator, not by a pause (default false). */
  readonly requireTerminator?: boolean;
  /**
   * Keys the scanner sends in place of GS (ASCII 29), e.g. `['F8']` or `['~']`. A key that is
   * ASCII 29 itself and Ctrl+] are always GS.
   */
  readonly gsKeys?: readonly string[];
  /**
   * How characters are read: `'keys'` (default) takes `event.key`, what the operating system's
   * layout made of the key, for a scanner whose keyboard country matches the system's;
   * `'codes'` takes `event.code` on the US layout, for a scanner set to USA on a system with
   * another layout (German, French, ...). Named keys (Enter, F8) are read from `key` in both.
   */
  readonly keyboard?: 'keys' | 'codes';
  /**
   * `'restore'` (default): with CapsLock on, letters are given the case the scanner sent (it
   * holds Shift for capitals; the system inverted them). `'asIs'`: for a scanner that
   * compensates for CapsLock itself. Irrelevant with `keyboard: 'codes'`.
   */
  readonly capsLock?: 'restore' | 'asIs';
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
  /**
   * The decoder's one clock, epoch milliseconds (default `Date.now`): the time of a key fed
   * without one (its `timeStamp` is moved onto this clock) and of `tick()` without a time.
   */
  readonly now?: () => number;
}

/** A stateful decoder of keyboard-wedge input. */
export interface WedgeDecoder {
  /**
   * Feeds one key: a browser `KeyboardEvent` as it is, or the same fields. Its time is `time`
   * when given, else the key's own `time` (the earlier `{ key, time }` form), else its
   * `timeStamp` on the decoder's clock, else now.
   *
   * @param key - the key event
   * @param time - when it arrived, epoch ms on the clock `tick` gets (omit it to use the decoder's clock)
   * @returns what completed: scans and typing that ended, possibly none
   */
  feed(key: WedgeKeyEvent | WedgeKey, time?: number): WedgeOutput[];
  /**
   * Tells the decoder the time, so a burst that ended without a terminator is completed.
   * Call it every ~100 ms and handle what it returns like what `feed` returns.
   *
   * @param time - the current time, on the clock the keys' times are on (default: the decoder's clock)
   * @returns what completed
   */
  tick(time?: number): WedgeOutput[];
  /**
   * Completes the current burst now, whatever the time.
   *
   * @returns what completed
   */
  flush(): WedgeOutput[];
  /** How many keys are held, waiting for the burst to end. */
  readonly pending: number;
}

const DEFAULT_MAX_KEY_GAP = 300;
const DEFAULT_STALL_GAP = 120;

/** The zod schema of {@link CreateWedgeDecoderOptions}. */
export const createWedgeDecoderOptionsSchema = z
  .object({
    maxKeyGap: z.number().positive().optional(),
    stallGap: z.number().positive().optional(),
    maxAverageGap: z.number().positive().optional(),
    minLength: z.number().int().min(1).optional(),
    prefix: textSchema.min(1).optional(),
    suffix: textSchema.min(1).optional(),
    terminators: z.array(textSchema.min(1)).optional(),
    requireTerminator: z.boolean().optional(),
    gsKeys: z.array(textSchema.min(1)).optional(),
    keyboard: z.enum(['keys', 'codes']).optional(),
    capsLock: z.enum(['restore', 'asIs']).optional(),
    paste: z.enum(['manual', 'wedge', 'typed']).optional(),
    device: textSchema.min(1).optional(),
    /** Makes the event id of each scan. */
    createEventId: z.custom<() => string>((v) => typeof v === 'function', 'must be a function').optional(),
    /** The decoder's clock in epoch ms. */
    now: z.custom<() => number>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict()
  .refine((o) => o.stallGap === undefined || o.stallGap <= (o.maxKeyGap ?? DEFAULT_MAX_KEY_GAP), {
    message: 'must not be longer than maxKeyGap',
    path: ['stallGap'],
  });

/** @internal A unique id without Node APIs. */
export function defaultEventId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID !== undefined) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

const asWedgeKey = (k: ReadKey): WedgeKey => ({ key: k.key, time: k.time });

/**
 * Creates a keyboard-wedge decoder. Feed it every key the app receives while it listens; it
 * holds keys until their burst ends and then hands them back as scans or as typing.
 *
 * - A burst ends at a terminator (default `Enter`; CR and LF are Enter), at a pause longer than
 *   `maxKeyGap` (300 ms), at a non-character key such as `Backspace` (always typing), or at a
 *   pause longer than `stallGap` (120 ms) when what came before looks like typing.
 * - The burst is decided as a whole: a pause longer than `stallGap` (a Bluetooth scanner
 *   stalling), or one much longer than the burst's usual gap (two scans back to back), either
 *   joins or separates the data around it, by people typing around it, the configured prefix
 *   or suffix, AIM identifiers, two identical labels, and which reading makes whole barcodes.
 *   A piece is a scan when it has `minLength` characters, its average gap without stalls is at
 *   most `maxAverageGap`, it carries the prefix and suffix, and (with `requireTerminator`)
 *   ended at the terminator.
 * - Every character is kept, including `- / : . ]`. Control characters sent as Ctrl+key become
 *   themselves: Ctrl+] is GS, Ctrl+^ RS, Ctrl+D EOT, Ctrl+M and Ctrl+J end the scan, Ctrl+I is
 *   Tab; GS (ASCII 29) and the configured `gsKeys` become GS in `raw`. Other Ctrl+key presses,
 *   auto-repeated keys (`repeat`) and modifier keys never enter scan data.
 * - With CapsLock on, letters get back the case the scanner sent (`capsLock`); with
 *   `keyboard: 'codes'` characters come from `event.code` on the US layout.
 * - A paste (all keys at the same time) is handled by the `paste` option.
 * - The scan's `time` is its first key's time, as ISO 8601. The decoder keeps one clock (`now`,
 *   default `Date.now`): feed events without a time and call `tick()` without one.
 *
 * @param options - timing, prefix/suffix/terminators, GS substitutes, layout, paste handling, ids
 * @returns the decoder
 * @throws StocktakeError `invalid_input` for bad options
 * @example
 * ```ts
 * const wedge = createWedgeDecoder({ device: 'handheld-7' });
 * const deliver = (outputs: WedgeOutput[]) => {
 *   for (const out of outputs) if (out.type === 'scan') void pipeline.scan(out.event);
 * };
 * window.addEventListener('keydown', (e) => deliver(wedge.feed(e)));
 * setInterval(() => deliver(wedge.tick()), 100); // scans that end without a terminator
 * ```
 */
export function createWedgeDecoder(options: CreateWedgeDecoderOptions = {}): WedgeDecoder {
  const checked = safeParseInput(createWedgeDecoderOptionsSchema, options, ['options']);
  if (!checked.success) throw fromZodError(checked.error, ['options']);
  const o = checked.data;
  const maxKeyGap = o.maxKeyGap ?? DEFAULT_MAX_KEY_GAP;
  const rules: BurstRules = {
    stallGap: o.stallGap ?? Math.min(DEFAULT_STALL_GAP, maxKeyGap),
    maxAverageGap: o.maxAverageGap ?? 100,
    minLength: o.minLength ?? 4,
    requireTerminator: o.requireTerminator ?? false,
    paste: o.paste ?? 'manual',
    ...(o.prefix === undefined ? {} : { prefix: o.prefix }),
    ...(o.suffix === undefined ? {} : { suffix: o.suffix }),
  };
  const reading: KeyReading = { keyboard: o.keyboard ?? 'keys', capsLock: o.capsLock ?? 'restore', gsKeys: new Set(o.gsKeys ?? []) };
  const terminators = new Set(o.terminators ?? ['Enter']);
  const createEventId = o.createEventId ?? defaultEventId;
  const now = o.now ?? Date.now;

  let keys: ReadKey[] = [];
  /** When the last scan ended at a terminator: a second terminator right after it (CR LF) belongs to it. */
  let terminatedAt: number | undefined;

  function finish(ended: BurstEnd): WedgeOutput[] {
    const burst = keys;
    keys = [];
    return decideBurst(burst, ended, rules).map((piece): WedgeOutput => {
      if (piece.type === 'typed') {
        const text = piece.keys.map((k) => (k.kind === 'char' ? k.text : '')).join('');
        return { type: 'typed', text, keys: piece.keys.map(asWedgeKey) };
      }
      const event: ScanEvent = {
        eventId: createEventId(),
        source: piece.paste && rules.paste === 'manual' ? 'manual' : 'wedge',
        raw: piece.raw,
        time: new Date(piece.first.time).toISOString(),
        ...(o.device === undefined ? {} : { device: o.device }),
      };
      return { type: 'scan', event };
    });
  }

  /** Whether the held keys may still be a scan waiting out a stall: one key, or keys usually quick. */
  function mayBeStalledScan(): boolean {
    const chars = keys.filter((k) => k.kind === 'char');
    if (chars.length < 2) return true;
    const gaps = chars.slice(1).map((k, i) => k.time - chars[i]!.time).sort((a, b) => a - b);
    return gaps[gaps.length >> 1]! <= rules.maxAverageGap;
  }

  /** Ends the held burst when the pause since its last key is too long for it. */
  function endAfterPause(time: number): WedgeOutput[] {
    const last = keys[keys.length - 1];
    if (last === undefined) return [];
    const pause = time - last.time;
    return pause > maxKeyGap || (pause > rules.stallGap && !mayBeStalledScan()) ? finish('pause') : [];
  }

  return {
    feed(input: WedgeKeyEvent | WedgeKey, time?: number): WedgeOutput[] {
      if (typeof input?.key !== 'string' || input.key === '') {
        throw new StocktakeError('invalid_input', 'a wedge key needs a non-empty key', { path: ['key'] });
      }
      const given = time ?? (input as { time?: unknown }).time;
      if (given !== undefined && (typeof given !== 'number' || !Number.isFinite(given))) {
        throw new StocktakeError('invalid_input', 'a wedge key time must be a finite number', { path: [time === undefined ? 'key' : 'time'] });
      }
      const read = readKey(input, keyTime(input, given, now), reading);
      if (read === undefined) return [];
      const out = endAfterPause(read.time);
      if (read.kind === 'named' && terminators.has(read.name)) {
        if (keys.length === 0 && terminatedAt !== undefined && read.time - terminatedAt <= rules.stallGap) {
          terminatedAt = read.time; // the second half of a CR LF suffix
          return out;
        }
        const hadData = keys.length > 0;
        keys.push(read);
        out.push(...finish('terminator'));
        terminatedAt = hadData ? read.time : undefined;
      } else if (read.kind === 'named') {
        keys.push(read);
        out.push(...finish('other'));
        terminatedAt = undefined;
      } else {
        keys.push(read);
      }
      return out;
    },
    tick(time?: number): WedgeOutput[] {
      if (time !== undefined && (typeof time !== 'number' || !Number.isFinite(time))) {
        throw new StocktakeError('invalid_input', 'tick needs a finite time', { path: ['time'] });
      }
      return endAfterPause(time ?? now());
    },
    flush(): WedgeOutput[] {
      return finish('pause');
    },
    get pending(): number {
      return keys.length;
    },
  };
}
