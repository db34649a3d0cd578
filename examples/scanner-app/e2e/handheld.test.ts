/**
 * The scanner app on a 360×740 handheld, in English and in Chinese: quantity entry, running
 * totals, sound and vibration, refused scans kept in the list, the offline banner agreeing with
 * the header, the confirmation before completing a location, readable text and large targets.
 * Screenshots of the main states go to `examples/scanner-app/screenshots/`.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, startService, type RunningService } from '../../erp-service/test/service.js';
import { LOCALES, localeFor, type Locale } from '../src/i18n-catalogs.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const shots = fileURLToPath(new URL('../screenshots/', import.meta.url));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const WIDGET_EACH = '9506000134352';
const UNKNOWN = '4006381333931';

let service: RunningService;
let browser: Browser;
let distDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  distDir = await mkdtemp(join(tmpdir(), 'stocktake-handheld-'));
  await build({ configFile: join(appDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
  service = await startService({ scannerAppDir: distDir, auth: 'gateway' });
  await seedCatalog(service);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--font-render-hinting=none'] });
  await mkdir(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

/** A bin with 200 widgets and 5 cartons of milk, and a count of it for ana. */
async function countOf(zone: string): Promise<void> {
  expect((await service.call('PUT', `/locations/${zone}/01`, { body: { kind: 'bin' } })).status).toBe(200);
  const lines = [{ sku: 'WIDGET', to: `${zone}/01`, qty: '200' }, { sku: 'MILK', to: `${zone}/01`, qty: '5', lot: 'L7' }];
  expect((await service.call('POST', '/movements', { body: { id: `rcv-${zone}`, kind: 'receipt', lines } })).status).toBe(201);
  const opened = await service.call('POST', '/counts', { actor: 'zhao', body: { id: `CS-${zone.replaceAll('/', '-')}`, name: `Bin ${zone}/01`, scope: { locations: [zone] }, counters: ['ana'] } });
  expect(opened.status).toBe(201);
}

/** Records every beep and buzz the page makes. */
const spySignals = (): void => {
  const w = window as unknown as { __vibrations: unknown[]; __tones: OscillatorNode[] };
  w.__vibrations = [];
  w.__tones = [];
  Object.defineProperty(navigator, 'vibrate', { value: (pattern: unknown) => (w.__vibrations.push(pattern), true), configurable: true });
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    const oscillator = create.call(this);
    w.__tones.push(oscillator);
    return oscillator;
  };
};

async function signals(page: Page): Promise<{ vibrations: number[][]; tones: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __vibrations: number[][]; __tones: OscillatorNode[] };
    return { vibrations: w.__vibrations, tones: w.__tones.map((tone) => tone.frequency.value) };
  });
}

async function scan(page: Page, data: string): Promise<void> {
  await page.keyboard.type(data, { delay: 10 });
  await page.keyboard.press('Enter');
}

/** Text of status elements is at least 16 px, and every visible control at least 48×48 px. */
async function checkSizes(page: Page, where: string): Promise<void> {
  const small = await page.evaluate(() => {
    const found: string[] = [];
    const visible = (el: Element): boolean => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed';
    for (const el of document.querySelectorAll('button, select, input, [role=button]')) {
      if (!visible(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.height < 48 || box.width < 48) found.push(`target ${el.outerHTML.slice(0, 60)} ${box.width}×${box.height}`);
    }
    for (const el of document.querySelectorAll('[data-testid=status], [data-testid=feedback], [data-testid=feedback] *, [data-testid=offline-banner], .chip, .scan .what *, .totals-list *, .sheet .location span')) {
      if (!visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 16) found.push(`text ${el.outerHTML.slice(0, 60)} ${size}px`);
    }
    return found;
  });
  expect(small, where).toEqual([]);
}

async function flow(locale: Locale): Promise<void> {
  const m = LOCALES[locale];
  const zone = locale === 'en' ? 'WH1/H' : 'WH1/Z';
  await countOf(zone);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale, extraHTTPHeaders: { 'x-roles': 'counter' } });
  await context.addInitScript(spySignals);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const shot = (name: string) => page.screenshot({ path: join(shots, `${locale}-${name}.png`) });
  try {
    await page.goto(`${service.url}/scanner/`);
    // The browser's language decides; the header has the switch.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    await page.getByRole('button', { name: m.continue }).waitFor();
    await shot('1-sign-in');
    await checkSizes(page, 'sign in');
    await page.getByLabel(m.counter).fill('ana');
    await page.getByRole('button', { name: m.continue }).click();
    await page.locator('button.task').filter({ hasText: `${zone}` }).waitFor();
    await shot('2-tasks');
    await page.locator('button.task').filter({ hasText: zone }).click();
    await page.getByTestId('sheet').getByRole('button', { name: `${zone}/01` }).click();
    await page.getByTestId('feedback').filter({ hasText: m.counting(`${zone}/01`) }).waitFor();

    // × 200 on the keypad, then one scan counts 200.
    await page.getByTestId('times').click();
    for (const key of ['2', '0', '0']) await page.locator(`[data-testid=keypad] [data-key="${key}"]`).click();
    expect(await page.getByTestId('keypad-display').textContent()).toBe('200');
    await shot('3-quantity');
    await checkSizes(page, 'keypad');
    await page.getByTestId('keypad-ok').click();
    expect(await page.getByTestId('multiplier').textContent()).toBe(m.quantityNext('200'));
    await scan(page, WIDGET_EACH);
    await page.getByTestId('feedback').filter({ hasText: '200 ea' }).waitFor();
    expect(await page.getByTestId('multiplier').isHidden()).toBe(true);
    // Two more single units: the running total is 202.
    await scan(page, WIDGET_EACH);
    await scan(page, WIDGET_EACH);
    await page.locator('[data-testid=totals] li[data-sku=WIDGET] .total-qty').filter({ hasText: '202 ea' }).waitFor();
    await page.locator('.sheet .location').filter({ hasText: m.scanCount(3) }).waitFor();

    // An unknown barcode: refused, it stays in the list, marked, and the counter hears it.
    await scan(page, UNKNOWN);
    const refused = page.locator('[data-testid=scans] li[data-status=refused]');
    await refused.filter({ hasText: m.unknownBarcode(`0${UNKNOWN}`) }).waitFor();
    expect(await refused.locator('.chip').textContent()).toBe(m.statusRefused);
    const heard = await signals(page);
    expect(heard.vibrations).toEqual([[40], [40], [40], [200, 80, 200]]);
    expect(heard.tones).toEqual([1760, 1760, 1760, 330, 330]);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=status]')?.dataset['waiting'] === '0');
    await shot('4-counting');
    await checkSizes(page, 'counting');

    // Offline: the banner and the header say the same, and count the same waiting scans.
    await context.setOffline(true);
    await scan(page, WIDGET_EACH);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=status]')?.dataset['waiting'] === '1');
    const banner = page.getByTestId('offline-banner');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toBe(m.offlineBanner(1));
    expect(await page.getByTestId('status').textContent()).toBe(`${m.offline} · ${m.waiting(1)}`);
    await shot('5-offline');
    await checkSizes(page, 'offline');
    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid=status]')?.dataset['waiting'] === '0' && document.querySelector<HTMLElement>('[data-testid=status]')?.dataset['online'] === 'true');
    expect(await banner.isHidden()).toBe(true);
    expect(await page.getByTestId('status').textContent()).toBe(`${m.online} · ${m.allSent}`);

    // Complete asks first and names the milk nobody scanned: it will count as zero.
    await page.getByTestId('complete').click();
    const dialog = page.getByTestId('complete-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(m.confirmCounted(4));
    expect(await page.getByTestId('zero-list').locator('li').allTextContents()).toEqual([`Milk 1 l (MILK) · ${m.lot('L7')}`]);
    await shot('6-confirm-complete');
    await checkSizes(page, 'confirm');
    await page.getByTestId('confirm-cancel').click();
    expect(await page.locator('.sheet li.done').count()).toBe(0);
    await page.getByTestId('complete').click();
    await page.getByTestId('confirm-complete').click();
    await page.getByTestId('feedback').filter({ hasText: m.locationComplete(`${zone}/01`) }).waitFor();
    const review = (await (await service.call('GET', `/counts/CS-${zone.replaceAll('/', '-')}/review`, { actor: 'zhao' })).json()) as { lines: Array<{ sku: string; counted: string }> };
    expect(review.lines.map((line) => [line.sku, line.counted])).toEqual([['MILK', '0'], ['WIDGET', '203']]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('scanner app on a 360×740 handheld', () => {
  it('picks the language from the browser: zh and zh-* are Chinese, English otherwise', () => {
    expect(localeFor(['zh-CN', 'en'])).toBe('zh-CN');
    expect(localeFor(['zh-Hans-CN'])).toBe('zh-CN');
    expect(localeFor(['de-DE', 'en-GB', 'zh'])).toBe('en');
    expect(localeFor(['fr'])).toBe('en');
  });

  it('every locale has every string of the English catalog', () => {
    for (const messages of Object.values(LOCALES)) expect(Object.keys(messages).sort()).toEqual(Object.keys(LOCALES.en).sort());
  });

  it.each(['en', 'zh-CN'] as const)('counts with × N, totals, signals, refused scans, the offline banner and a confirmed completion (%s)', async (locale) => {
    await flow(locale);
  });

  it('switches language from the header and keeps the open task', async () => {
    await countOf('WH1/S');
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-US', extraHTTPHeaders: { 'x-roles': 'counter' } });
    try {
      const page = await context.newPage();
      await page.goto(`${service.url}/scanner/`);
      await page.getByLabel(LOCALES.en.counter).fill('ana');
      await page.getByRole('button', { name: LOCALES.en.continue }).click();
      await page.getByRole('heading', { name: LOCALES.en.chooseTask }).waitFor();
      await page.getByTestId('language').selectOption('zh-CN');
      await page.getByRole('heading', { name: LOCALES['zh-CN'].chooseTask }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      // In a task, the switch keeps the task open.
      await page.locator('button.task').filter({ hasText: 'WH1/S' }).click();
      await page.getByRole('heading', { name: LOCALES['zh-CN'].sheet }).waitFor();
      await page.getByTestId('language').selectOption('en');
      await page.getByRole('heading', { name: LOCALES.en.sheet }).waitFor();
      // The heading is drawn before the sheet's first render (that waits for the saved scans): poll.
      await expect.poll(() => page.getByTestId('sheet').locator('button.location').allTextContents()).toEqual(['WH1/S/01']);
    } finally {
      await context.close();
    }
  });

  it('counts on a browser with neither Web Audio nor vibration', async () => {
    await countOf('WH1/Q');
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en', extraHTTPHeaders: { 'x-roles': 'counter' } });
    await context.addInitScript(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      delete w['AudioContext'];
      delete w['webkitAudioContext'];
      Object.defineProperty(Navigator.prototype, 'vibrate', { value: undefined, configurable: true });
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${service.url}/scanner/`);
      expect(await page.evaluate(() => typeof AudioContext === 'undefined' && typeof navigator.vibrate !== 'function')).toBe(true);
      await page.getByLabel(LOCALES.en.counter).fill('ana');
      await page.getByRole('button', { name: LOCALES.en.continue }).click();
      await page.locator('button.task').filter({ hasText: 'WH1/Q' }).click();
      await page.getByTestId('sheet').getByRole('button', { name: 'WH1/Q/01' }).click();
      await scan(page, WIDGET_EACH);
      await page.getByTestId('feedback').filter({ hasText: '1 ea @ WH1/Q/01' }).waitFor();
      await scan(page, UNKNOWN);
      await page.locator('[data-testid=scans] li[data-status=refused]').waitFor();
      expect(await page.evaluate(() => document.body.dataset['signal'])).toBe('reject');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
