/**
 * Keyboard-wedge decoding by timing: a fast scanner (~10 ms per key), a slow scanner (~80 ms),
 * a person typing (150-300 ms), a paste (every key at the same time), prefix/suffix/terminator,
 * GS substitutes and the characters `- / : . ]`; then what real scanners do: stalls inside a
 * scan and scans back to back, control characters as Ctrl+key, auto-repeat, CapsLock, other
 * keyboard layouts, and one clock. Key streams come from a simulated scanner and system
 * (`wedge/simulate.ts`).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { isStocktakeError } from '../../src/errors.js';
import { createWedgeDecoder, GS, gtinCheckDigit, parseScan, type CreateWedgeDecoderOptions, type WedgeOutput } from '../../src/scanner/index.js';
import { propertyRuns } from '../support/property.js';
import { scanKeys, typedKeys, type Layout, type TimedKey } from './wedge/simulate.js';

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
    expect(decoder.tick(T0 + 70 + 300)).toEqual([]); // still within maxKeyGap of the last key: a stall may follow
    expect(scans(decoder.tick(T0 + 70 + 301)).map((e) => e.raw)).toEqual(['12345670']);
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

  it('refuses bad options with invalid_input at their path and bad keys without holding them (property)', () => {
    const badOption = fc.oneof(
      fc.record({ name: fc.constantFrom('maxKeyGap', 'stallGap', 'maxAverageGap'), value: fc.oneof(fc.integer({ max: 0 }), fc.constant('10'), fc.constant(Number.NaN)) }),
      fc.record({ name: fc.constant('minLength'), value: fc.oneof(fc.integer({ max: 0 }), fc.constant(2.5)) }),
      fc.record({ name: fc.constantFrom('keyboard', 'capsLock', 'paste'), value: fc.string().filter((v) => !['keys', 'codes', 'restore', 'asIs', 'manual', 'wedge', 'typed'].includes(v)) }),
      fc.record({ name: fc.constantFrom('now', 'createEventId'), value: fc.oneof(fc.integer(), fc.string()) }),
      fc.integer({ min: 1, max: 1000 }).map((gap) => ({ name: 'stallGap', value: gap + 300 })), // longer than the default maxKeyGap
    );
    fc.assert(
      fc.property(badOption, ({ name, value }) => {
        try {
          createWedgeDecoder({ [name]: value } as CreateWedgeDecoderOptions);
          expect.unreachable();
        } catch (error) {
          expect(isStocktakeError(error) && error.code).toBe('invalid_input');
          expect(isStocktakeError(error) && error.path).toEqual(['options', name]);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
    const decoder = createWedgeDecoder();
    fc.assert(
      fc.property(fc.oneof(fc.constant(Number.POSITIVE_INFINITY), fc.constant(Number.NaN), fc.constant('1' as unknown as number)), (time) => {
        expect(() => decoder.feed({ key: 'a' }, time)).toThrow(expect.objectContaining({ code: 'invalid_input', path: ['time'] }));
        expect(() => decoder.tick(time)).toThrow(expect.objectContaining({ code: 'invalid_input', path: ['time'] }));
        expect(decoder.pending).toBe(0);
      }),
      { numRuns: propertyRuns(20) },
    );
  });
});

/** Feeds timed key events and ends with a tick long after the last key. */
function decode(options: CreateWedgeDecoderOptions, input: readonly TimedKey[]): WedgeOutput[] {
  let n = 0;
  const decoder = createWedgeDecoder({ createEventId: () => `e${++n}`, ...options });
  const out = input.flatMap((k) => decoder.feed(k));
  const last = input[input.length - 1];
  if (last !== undefined) out.push(...decoder.tick(last.time + 10_000));
  return out;
}
const raws = (out: WedgeOutput[]) => scans(out).map((e) => e.raw);
const DATAMATRIX = `]d20109506000134352` + `17261231` + `10LOTA1`;
/** ~10 ms per key, with a stall before key `at`. */
const stallAt = (at: number, stall: number) => (i: number) => (i === at ? stall : 8 + (i % 5));

describe('stalls and back-to-back scans (a burst is decided as a whole)', () => {
  it('keeps a GS1 DataMatrix whole across a 125 ms stall: lot LOTA1 stays LOTA1', () => {
    const at = DATAMATRIX.indexOf('LOTA1') + 1; // right after the L
    for (const terminator of ['Enter', null]) {
      const out = decode({}, scanKeys(DATAMATRIX, { start: T0, gap: stallAt(at, 125), terminator }));
      expect(raws(out), String(terminator)).toEqual([DATAMATRIX]);
      expect(typed(out)).toEqual([]);
    }
    const parsed = parseScan(DATAMATRIX);
    expect(parsed.ok && parsed.lot).toBe('LOTA1');
  });

  it('keeps a scan whole across a stall of 100-250 ms anywhere in it, with or without Enter (property)', () => {
    const labels = fc.constantFrom(DATAMATRIX, `]C10109506000134352` + `10AB-12/3${GS}21S:9`, '9506000134352', 'LOC:WH1/A/01/3', `]E001234558`);
    fc.assert(
      fc.property(labels, fc.nat(), fc.integer({ min: 100, max: 250 }), fc.integer({ min: 5, max: 40 }), fc.boolean(), (label, where, stall, pace, enter) => {
        const at = 1 + (where % ([...label].length - 1));
        const out = decode({}, scanKeys(label, { start: T0, gap: (i) => (i === at ? stall : pace + (i % 3)), terminator: enter ? 'Enter' : null }));
        expect(raws(out)).toEqual([label]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('hands people typing back as typing, at any pace between 150 and 300 ms per key (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z\-/]{1,20}$/), fc.array(fc.integer({ min: 150, max: 300 }), { minLength: 20, maxLength: 20 }), fc.boolean(), (text, gaps, enter) => {
        const keys = typedKeys(text, T0, (i) => gaps[i]!);
        const last = keys[keys.length - 1]!;
        const out = decode({}, enter ? [...keys, { key: 'Enter', time: last.time + 200 }] : keys);
        expect(scans(out)).toEqual([]);
        expect(typed(out).join('')).toBe(text);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('separates two identical labels sent 30 ms apart without a suffix', () => {
    for (const label of ['9506000134352', 'LOC:WH1/A/01', `]d20109506000134352` + `21SN-1`]) {
      const first = scanKeys(label, { start: T0, gap: () => 10, terminator: null });
      const second = scanKeys(label, { start: first[first.length - 1]!.time + 30, gap: () => 10, terminator: null });
      expect(raws(decode({}, [...first, ...second])), label).toEqual([label, label]);
    }
  });

  it('separates different barcodes sent back to back without a suffix, by AIM identifier or by what parses', () => {
    const pairs: Array<[string, string]> = [
      [`]C10109506000134352` + `10L1`, `]E09506000134352`], // AIM identifiers
      ['9506000134352', '19506000134359'], // two GTINs; together they are no barcode
      ['106141412345678908', '9506000134352'], // an SSCC and a GTIN
    ];
    for (const [a, b] of pairs) {
      const first = scanKeys(a, { start: T0, gap: () => 10, terminator: null });
      const second = scanKeys(b, { start: first[first.length - 1]!.time + 40, gap: () => 10, terminator: null });
      expect(raws(decode({}, [...first, ...second])), `${a} + ${b}`).toEqual([a, b]);
    }
  });

  it('never merges two barcodes sent back to back without a suffix when the pause between them is twice the usual gap (property)', () => {
    // Without AIM identifiers a last field of variable length (a serial) could swallow the next
    // scan, so those labels end in fixed-length fields; with identifiers anything goes.
    const gtin13 = fc.stringMatching(/^[1-9][0-9]{11}$/).map((b) => b + gtinCheckDigit(b));
    const label = (aim: boolean) =>
      fc.oneof(
        gtin13.map((g) => (aim ? `]E0${g}` : g)),
        fc.tuple(gtin13, fc.stringMatching(/^[A-Z0-9]{1,12}$/)).map(([g, serial]) => (aim ? `]d201${`0${g}`}21${serial}` : `01${`0${g}`}17261231`)),
      );
    const pair = fc.boolean().chain((aim) => fc.tuple(label(aim), label(aim)));
    fc.assert(
      fc.property(pair, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 5, max: 15 }), ([a, b], extra, pace) => {
        const between = Math.max(20, 2 * pace) + extra; // twice the usual gap, and at least 20 ms
        const first = scanKeys(a, { start: T0, gap: () => pace, terminator: null });
        const second = scanKeys(b, { start: first[first.length - 1]!.time + between, gap: () => pace, terminator: null });
        expect(raws(decode({}, [...first, ...second]))).toEqual([a, b]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('separates scans at the configured prefix, whatever the gap', () => {
    const first = scanKeys('$$LOC:A-01', { start: T0, gap: () => 10, terminator: null });
    const second = scanKeys('$$LOC:A-02', { start: first[first.length - 1]!.time + 150, gap: stallAt(4, 200), terminator: null });
    expect(raws(decode({ prefix: '$$' }, [...first, ...second]))).toEqual(['LOC:A-01', 'LOC:A-02']);
  });

  it('tells a person typing right before a scan from the scan', () => {
    const person = typedKeys('12', T0, () => 220);
    const scan = scanKeys('9506000134352', { start: person[1]!.time + 180, gap: () => 10 });
    const out = decode({}, [...person, ...scan]);
    expect(raws(out)).toEqual(['9506000134352']);
    expect(typed(out)).toEqual(['12']);
    const stray = decode({}, [{ key: '7', time: T0 }, ...scanKeys('9506000134352', { start: T0 + 150, gap: () => 10 })]);
    expect(raws(stray)).toEqual(['9506000134352']);
    expect(typed(stray)).toEqual(['7']);
    const label = scanKeys('LOC:A-01', { start: T0, gap: () => 10, terminator: null });
    expect(raws(decode({}, [...label, ...scanKeys('9506000134352', { start: T0 + 110, gap: () => 10 })]))).toEqual(['LOC:A-01', '9506000134352']);
  });

  it('ends a burst at a pause longer than maxKeyGap, and typing at the next pause longer than stallGap', () => {
    let n = 0;
    const decoder = createWedgeDecoder({ createEventId: () => `e${++n}` });
    scanKeys('9506000134352', { start: T0, gap: () => 10, terminator: null }).forEach((k) => decoder.feed(k));
    const end = T0 + 120;
    expect(decoder.tick(end + 250)).toEqual([]); // may still be a stall
    expect(raws(decoder.tick(end + 301))).toEqual(['9506000134352']);
    decoder.feed({ key: 'a', time: T0 + 5000 });
    expect(decoder.tick(T0 + 5000 + 200)).toEqual([]); // one key: a scanner may stall after it
    decoder.feed({ key: 'b', time: T0 + 5200 });
    expect(decoder.tick(T0 + 5200 + 121)).toEqual([{ type: 'typed', text: 'ab', keys: [{ key: 'a', time: T0 + 5000 }, { key: 'b', time: T0 + 5200 }] }]);
  });
});

describe('control keys (Ctrl+key) and auto-repeat', () => {
  it('reads Ctrl+] as GS: a GS1-128 with two variable fields', () => {
    const data = `]C10109506000134352` + `10L-7${GS}21SN/1${GS}17261231`;
    const out = decode({}, scanKeys(data, { start: T0, gap: () => 10 }));
    expect(raws(out)).toEqual([data]);
    const parsed = parseScan(raws(out)[0]!);
    expect(parsed.ok && parsed.ais).toMatchObject({ '10': 'L-7', '21': 'SN/1', '17': '261231' });
  });

  it('ends a scan at Ctrl+M or Ctrl+J, and a CR LF suffix is one end, not a stray j on the next serial', () => {
    const serial = (s: string, start: number) => scanKeys(`]d20109506000134352` + `21${s}\r\n`, { start, gap: () => 10, terminator: null });
    const first = serial('S1', T0);
    const second = serial('S2', first[first.length - 1]!.time + 500);
    const out = decode({}, [...first, ...second]);
    expect(out.map((o) => o.type)).toEqual(['scan', 'scan']);
    expect(raws(out)).toEqual([`]d20109506000134352` + `21S1`, `]d20109506000134352` + `21S2`]);
    expect(raws(decode({}, scanKeys(`9506000134352\n`, { start: T0, gap: () => 10, terminator: null })))).toEqual(['9506000134352']);
  });

  it('reads Ctrl+I as Tab, RS and EOT of an ISO/IEC 15434 message as themselves', () => {
    expect(raws(decode({ terminators: ['Tab'] }, scanKeys('LOC:A-01\t', { start: T0, gap: () => 10, terminator: null })))).toEqual(['LOC:A-01']);
    const message = `[)>\u001e06${GS}1P12345${GS}S998\u001e\u0004`;
    expect(raws(decode({}, scanKeys(message, { start: T0, gap: () => 10 })))).toEqual([message]);
  });

  it('hands other Ctrl+key shortcuts and Meta+key back as typing; AltGr characters are characters', () => {
    const copy = decode({}, [...typedKeys('ABCDE', T0, () => 10), { key: 'c', code: 'KeyC', ctrlKey: true, time: T0 + 50 }]);
    expect(scans(copy)).toEqual([]);
    expect(decode({}, [{ key: 'v', code: 'KeyV', metaKey: true, time: T0 }]).map((o) => o.type)).toEqual(['typed']);
    // German layout on Windows: AltGr+9 is "]" with ctrlKey and altKey set.
    const altGr = typedKeys('LOC', T0, () => 10).concat({ key: ']', code: 'Digit9', ctrlKey: true, altKey: true, time: T0 + 30 }, ...typedKeys('A1', T0 + 40, () => 10));
    expect(raws(decode({}, altGr))).toEqual(['LOC]A1']);
  });

  it('never lets an auto-repeated key into scan data', () => {
    const keys = scanKeys('9506000134352', { start: T0, gap: () => 10 });
    const withRepeats = keys.flatMap((k, i) => (i === 3 ? [k, { ...k, repeat: true, time: k.time + 1 }, { ...k, repeat: true, time: k.time + 2 }] : [k]));
    expect(raws(decode({}, withRepeats))).toEqual(['9506000134352']);
  });
});

describe('CapsLock and Shift', () => {
  it('restores the case the scanner sent when CapsLock is on (]d2 stays ]d2, LOTA1 stays LOTA1)', () => {
    const keys = scanKeys(DATAMATRIX, { start: T0, gap: () => 10, capsLock: true });
    expect(keys.map((k) => k.key).join('')).toContain(']D2'); // what the system delivers
    expect(raws(decode({}, keys))).toEqual([DATAMATRIX]);
    const lower = `]d20109506000134352` + `10lot-a1`;
    expect(raws(decode({}, scanKeys(lower, { start: T0, gap: () => 10, capsLock: true })))).toEqual([lower]);
  });

  it('takes letters as they come with capsLock: asIs, for scanners that compensate themselves', () => {
    const keys = scanKeys(DATAMATRIX, { start: T0, gap: () => 10, capsLock: true });
    expect(raws(decode({ capsLock: 'asIs' }, keys))).toEqual([keys.slice(0, -1).map((k) => k.key).join('')]);
  });

  it('inverts letters when Shift is not reported', () => {
    const keys = scanKeys('LOTa1xyz', { start: T0, gap: () => 10, capsLock: true }).map(({ shiftKey: _s, ...k }) => k);
    expect(raws(decode({}, keys))).toEqual(['LOTa1xyz']);
  });
});

describe("keyboard layouts: keyboard: 'codes'", () => {
  it('reads a US scanner on a German (QWERTZ) system from event.code: LOTY7 stays LOTY7', () => {
    const data = `]C10109506000134352` + `10LOTY7-Z${GS}21/_:`;
    const keys = scanKeys(data, { start: T0, gap: () => 10, layout: 'de' });
    expect(raws(decode({}, keys))[0]).toContain('LOTZ7'); // what 'keys' makes of it
    expect(raws(decode({ keyboard: 'codes' }, keys))).toEqual([data]);
  });

  it('reads a US scanner on a French (AZERTY) system: digits without Shift stay digits', () => {
    const data = `]d20109506000134352` + `10QAZWM.1`;
    const keys = scanKeys(data, { start: T0, gap: () => 10, layout: 'fr' });
    expect(raws(decode({ keyboard: 'codes' }, keys))).toEqual([data]);
    expect(raws(decode({ keyboard: 'keys' }, keys))[0]).not.toBe(data);
  });

  it("ignores CapsLock with 'codes' and reads the keypad as digits", () => {
    expect(raws(decode({ keyboard: 'codes' }, scanKeys(DATAMATRIX, { start: T0, gap: () => 10, capsLock: true, layout: 'de' })))).toEqual([DATAMATRIX]);
    const keypad = [...'12345670'].map((d, i) => ({ key: 'End', code: `Numpad${d}`, time: T0 + i * 10 }));
    expect(raws(decode({ keyboard: 'codes' }, [...keypad, { key: 'Enter', code: 'NumpadEnter', time: T0 + 80 }]))).toEqual(['12345670']);
  });

  it("matches any scanner data on any layout with 'codes' (property)", () => {
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)); // every printable ASCII character
    const chars = fc.constantFrom(...printable, GS);
    fc.assert(
      fc.property(fc.array(chars, { minLength: 4, maxLength: 30 }), fc.constantFrom('us', 'de', 'fr') as fc.Arbitrary<Layout>, fc.boolean(), (data, layout, capsLock) => {
        const text = data.join('');
        expect(raws(decode({ keyboard: 'codes' }, scanKeys(text, { start: T0, gap: () => 10, layout, capsLock })))).toEqual([text]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('one clock', () => {
  it('times keys by their timeStamp on the decoder clock and stamps scans with wall time, even after the device slept', () => {
    let wall = Date.parse('2025-03-01T08:00:00.000Z');
    let monotonic = 1_000; // performance.now(): stopped while the device slept
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => monotonic);
    try {
      wall += 3_600_000; // an hour asleep; the performance clock did not move
      const decoder = createWedgeDecoder({ now: () => wall, createEventId: () => 'e1' });
      const out: WedgeOutput[] = [];
      for (const char of '9506000134352') {
        monotonic += 10;
        wall += 10;
        out.push(...decoder.feed({ key: char, timeStamp: monotonic }));
      }
      expect(out).toEqual([]);
      wall += 250;
      monotonic += 250;
      expect(decoder.tick()).toEqual([]); // 250 ms: within maxKeyGap
      wall += 60;
      const [scan] = decoder.tick(); // on the same clock the keys were timed by
      expect(scan?.type === 'scan' && scan.event.time).toBe('2025-03-01T09:00:00.010Z');
    } finally {
      spy.mockRestore();
    }
  });

  it('delivers every scan the documented way: feed(event) and tick(), the same handler for both', () => {
    let wall = T0;
    const decoder = createWedgeDecoder({ now: () => wall });
    const delivered: string[] = [];
    const deliver = (outputs: WedgeOutput[]) => {
      for (const out of outputs) if (out.type === 'scan') delivered.push(out.event.raw);
    };
    for (const [label, terminator] of [['9506000134352', 'Enter'], ['LOC:A-01', null]] as const) {
      for (const k of scanKeys(label, { start: wall, gap: () => 10, terminator })) {
        wall = k.time;
        const { time: _t, ...event } = k;
        deliver(decoder.feed(event));
      }
      for (let i = 0; i < 5; i++) {
        wall += 100;
        deliver(decoder.tick());
      }
    }
    expect(delivered).toEqual(['9506000134352', 'LOC:A-01']);
  });
});
