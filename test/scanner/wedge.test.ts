/**
 * Keyboard-wedge decoding by timing: a fast scanner (~10 ms per key), a slow scanner (~80 ms),
 * a person typing (150-300 ms), a paste (every key at the same time), prefix/suffix/terminator,
 * GS substitutes and the characters `- / : . ]`.
 */
import { describe, expect, it } from 'vitest';

import { isStocktakeError } from '../../src/errors.js';
import { createWedgeDecoder, GS, parseScan, type CreateWedgeDecoderOptions, type WedgeOutput } from '../../src/scanner/index.js';

const T0 = Date.parse('2025-03-01T08:00:00.000Z');

/** Types `text` (then Enter unless `enter` is false) with the given gaps between keys. */
function keys(text: string | readonly string[], gaps: (i: number) => number, start = T0, enter = true) {
  const list = typeof text === 'string' ? [...text] : [...text];
  if (enter) list.push('Enter');
  let t = start;
  return list.map((key, i) => {
    if (i > 0) t += gaps(i);
    return { key, time: t };
  });
}

function run(options: CreateWedgeDecoderOptions, input: ReturnType<typeof keys>, endTime?: number): WedgeOutput[] {
  let n = 0;
  const decoder = createWedgeDecoder({ createEventId: () => `e${++n}`, ...options });
  const out = input.flatMap((k) => decoder.feed(k));
  if (endTime !== undefined) out.push(...decoder.tick(endTime));
  return out;
}

const scans = (out: WedgeOutput[]) => out.flatMap((o) => (o.type === 'scan' ? [o.event] : []));
const typed = (out: WedgeOutput[]) => out.flatMap((o) => (o.type === 'typed' ? [o.text] : []));
const DATA = ']C10109506000134352' + '10AB-12/3:4.5';

describe('createWedgeDecoder', () => {
  it('accepts a fast scanner (~10 ms per key) and keeps every character', () => {
    const out = run({}, keys(DATA, (i) => 8 + (i % 5)));
    expect(scans(out)).toEqual([{ eventId: 'e1', source: 'wedge', raw: DATA, time: new Date(T0).toISOString() }]);
    expect(parseScan(scans(out)[0]!.raw).ok).toBe(true);
  });

  it('accepts a slow scanner (~80 ms per key, with jitter)', () => {
    const out = run({ device: 'gun-2' }, keys(DATA, (i) => 65 + ((i * 7) % 31)));
    expect(scans(out).map((e) => [e.raw, e.device])).toEqual([[DATA, 'gun-2']]);
  });

  it('hands a person typing (150-300 ms per key) back as typing', () => {
    const out = run({}, keys('09506000134352', (i) => 150 + ((i * 37) % 151)));
    expect(scans(out)).toEqual([]);
    expect(typed(out).join('')).toBe('09506000134352');
  });

  it('rejects a burst whose keys are quick but average is too slow', () => {
    const out = run({ maxKeyGap: 200, maxAverageGap: 50 }, keys('ABCDEFGH', () => 110));
    expect(scans(out)).toEqual([]);
    expect(typed(out)).toEqual(['ABCDEFGH']);
  });

  it('handles a paste deliberately: a manual scan by default, or typing, or a wedge scan', () => {
    const paste = keys('09506000134352', () => 0);
    expect(scans(run({}, paste)).map((e) => e.source)).toEqual(['manual']);
    expect(scans(run({ paste: 'wedge' }, paste)).map((e) => e.source)).toEqual(['wedge']);
    const asTyped = run({ paste: 'typed' }, paste);
    expect(scans(asTyped)).toEqual([]);
    expect(typed(asTyped)).toEqual(['09506000134352']);
  });

  it('ends a burst without terminator on a pause (tick or the next key)', () => {
    let n = 0;
    const decoder = createWedgeDecoder({ createEventId: () => `e${++n}` });
    const burst = keys('12345670', () => 10, T0, false);
    expect(burst.flatMap((k) => decoder.feed(k))).toEqual([]);
    expect(decoder.pending).toBe(8);
    expect(decoder.tick(T0 + 70 + 100)).toEqual([]); // still within maxKeyGap of the last key
    expect(scans(decoder.tick(T0 + 70 + 121)).map((e) => e.raw)).toEqual(['12345670']);
    expect(decoder.pending).toBe(0);
    // the next burst's first key also closes an open burst
    burst.forEach((k) => decoder.feed({ ...k, time: k.time + 10_000 }));
    expect(scans(decoder.feed({ key: 'A', time: T0 + 20_000 })).map((e) => e.raw)).toEqual(['12345670']);
    expect(typed(decoder.flush())).toEqual(['A']);
  });

  it('requires a terminator when asked', () => {
    const out = run({ requireTerminator: true }, keys('12345670', () => 10, T0, false), T0 + 1000);
    expect(scans(out)).toEqual([]);
    expect(typed(out)).toEqual(['12345670']);
  });

  it('checks and strips prefix and suffix; other terminators', () => {
    const options = { prefix: '$$', suffix: '#', terminators: ['Tab'] };
    const good = run(options, [...keys('$$LOC:A-01#', () => 10, T0, false), { key: 'Tab', time: T0 + 200 - 90 }]);
    expect(scans(good).map((e) => e.raw)).toEqual(['LOC:A-01']);
    const noPrefix = run(options, [...keys('LOC:A-01#', () => 10, T0, false), { key: 'Tab', time: T0 + 90 }]);
    expect(scans(noPrefix)).toEqual([]);
    const noSuffix = run(options, [...keys('$$LOC:A-01', () => 10, T0, false), { key: 'Tab', time: T0 + 100 }]);
    expect(scans(noSuffix)).toEqual([]);
  });

  it('keeps GS and maps configured GS keys to GS; ignores modifiers', () => {
    const seq = [']', 'C', '1', '0', '1', '0', '9', '5', '0', '6', '0', '0', '0', '1', '3', '4', '3', '5', '2', '1', '0', 'Shift', 'A', 'B', 'F8', '2', '1', 'X', GS, '9', '9', 'Z'];
    const out = run({ gsKeys: ['F8'] }, keys(seq, () => 12));
    const raw = scans(out)[0]!.raw;
    expect(raw).toBe(`]C10109506000134352` + `10AB${GS}21X${GS}99Z`);
    const parsed = parseScan(raw);
    expect(parsed.ok && parsed.ais).toEqual({ '01': '09506000134352', '10': 'AB', '21': 'X', '99': 'Z' });
  });

  it('treats a burst ended by a non-character key as typing', () => {
    const out = run({}, [...keys('ABCDE', () => 10, T0, false), { key: 'Backspace', time: T0 + 50 }]);
    expect(scans(out)).toEqual([]);
    expect(out).toEqual([{ type: 'typed', text: 'ABCDE', keys: expect.any(Array) }]);
  });

  it('applies the minimum length and lets a lone Enter through as typing', () => {
    expect(scans(run({}, keys('ABC', () => 10)))).toEqual([]);
    expect(scans(run({ minLength: 3 }, keys('ABC', () => 10))).length).toBe(1);
    expect(run({}, [{ key: 'Enter', time: T0 }])).toEqual([{ type: 'typed', text: '', keys: [{ key: 'Enter', time: T0 }] }]);
  });

  it('uses crypto.randomUUID ids by default', () => {
    const decoder = createWedgeDecoder();
    const out = keys('12345670', () => 10).flatMap((k) => decoder.feed(k));
    expect(scans(out)[0]!.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('validates options and keys', () => {
    for (const bad of [{ maxKeyGap: -1 }, { minLength: 0 }, { paste: 'drop' }, { createEventId: 'x' }, { extra: true }]) {
      try {
        createWedgeDecoder(bad as never);
        expect.unreachable();
      } catch (error) {
        expect(isStocktakeError(error) && error.code).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path[0]).toBe('options');
      }
    }
    const decoder = createWedgeDecoder();
    expect(() => decoder.feed({ key: '', time: 1 })).toThrow();
    expect(() => decoder.feed({ key: 'a', time: Number.NaN })).toThrow();
  });
});
