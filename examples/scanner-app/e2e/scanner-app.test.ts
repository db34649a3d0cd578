/**
 * End to end: the built scanner app in headless Chromium against the ERP service.
 * A counter scans with a (simulated) keyboard-wedge scanner, goes offline, scans more, comes back,
 * completes the locations; the service must hold every entry once and show the variances.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, startService, type RunningService } from '../../erp-service/test/service.js';
import { writeBarcodeVideo } from './fake-camera.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const outputDir = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MILK_LOT_L1 = ']C1' + '0109506000134376' + '10L1'; // then GS (sent as F8) and (17) expiry
const WIDGET_CASE = '19506000134359';

let service: RunningService;
let context: BrowserContext;
let userDataDir: string;
const requests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  await build({ configFile: join(appDir, 'vite.config.ts'), logLevel: 'warn' });
  // The page sends X-Actor: the service runs as behind a gateway, and each browser context adds the
  // counter's roles as that gateway would.
  service = await startService({ scannerAppDir: join(appDir, 'dist'), auth: 'gateway' });
  await seedCatalog(service);
  const receipt = (id: string, lines: unknown[]) => service.call('POST', '/movements', { body: { id, kind: 'receipt', lines }, actor: 'li' });
  expect((await receipt('rcv-1', [{ sku: 'MILK', to: 'WH1/A/01', qty: '10', lot: 'L1' }, { sku: 'WIDGET', to: 'WH1/A/01', qty: '30' }])).status).toBe(201);
  expect((await receipt('rcv-2', [{ sku: 'WIDGET', to: 'WH1/A/02', qty: '5' }])).status).toBe(201);
  const opened = await service.call('POST', '/counts', { body: { id: 'CS-E2E', name: 'Zone A count', scope: { locations: ['WH1/A'] }, counters: ['ana', 'chen'] }, actor: 'zhao' });
  expect(opened.status).toBe(201);
  const camera = await service.call('POST', '/counts', { body: { id: 'CS-CAM', name: 'Zone B spot count', scope: { locations: ['WH1/B'] }, counters: ['ana'] }, actor: 'zhao' });
  expect(camera.status).toBe(201);
  expect((await service.call('PUT', '/locations/WH1/C/01', { body: { kind: 'bin' } })).status).toBe(200);
  const bluetooth = await service.call('POST', '/counts', { body: { id: 'CS-BT', name: 'Zone C count', scope: { locations: ['WH1/C'] }, counters: ['ana'] }, actor: 'zhao' });
  expect(bluetooth.status).toBe(201);

  userDataDir = await mkdtemp(join(tmpdir(), 'stocktake-e2e-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 420, height: 900 },
  });
  await context.setExtraHTTPHeaders({ 'x-roles': 'counter' });
  context.on('request', (request) => requests.push(request.url()));
});

afterAll(async () => {
  await context?.close();
  await service?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

async function entries(): Promise<Array<{ entryId: string; kind: string; key?: { sku: string; location: string; lot?: string }; qty?: string; source?: { eventId: string } }>> {
  return (await service.call('GET', '/counts/CS-E2E/entries', { actor: 'zhao' })).json() as never;
}

/** A keyboard-wedge scanner: a burst of keys ~10 ms apart, then Enter. */
async function wedge(page: Page, ...parts: Array<string | { key: string }>): Promise<void> {
  for (const part of parts) {
    if (typeof part === 'string') await page.keyboard.type(part, { delay: 10 });
    else await page.keyboard.press(part.key);
  }
  await page.keyboard.press('Enter');
}

async function feedback(page: Page, text: string): Promise<string> {
  const box = page.getByTestId('feedback');
  try {
    await box.filter({ hasText: text }).waitFor({ timeout: 10_000 });
  } catch (error) {
    throw new Error(`expected feedback "${text}", got "${(await box.textContent()) ?? ''}"`, { cause: error });
  }
  return (await box.textContent()) ?? '';
}

/** Rows of scans that became entries (refused scans stay in the list too, marked). */
const COUNTED_ROWS = '[data-testid=scans] li:not([data-status=refused])';

async function scanRows(page: Page, count: number): Promise<void> {
  try {
    await page.waitForFunction(([n, selector]) => document.querySelectorAll(selector).length === n, [count, COUNTED_ROWS] as const, { timeout: 10_000 });
  } catch (error) {
    const rows = await page.locator(COUNTED_ROWS).count();
    const said = await page.getByTestId('feedback').textContent();
    throw new Error(`expected ${count} scans, got ${rows}; feedback "${said ?? ''}"`, { cause: error });
  }
}

async function waiting(page: Page, count: number, online: boolean): Promise<void> {
  await page.waitForFunction(
    ([n, up]) => {
      const pill = document.querySelector<HTMLElement>('[data-testid=status]');
      return pill?.dataset['waiting'] === String(n) && pill.dataset['online'] === String(up);
    },
    [count, online] as const,
    { timeout: 15_000 },
  );
}

describe('scanner app', () => {
  it('counts a zone with a wedge scanner, on and offline, without losing or doubling a scan', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${service.url}/scanner/`);

    // Sign in and choose the task.
    await page.getByLabel('Counter').fill('ana');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('button.task').filter({ hasText: 'WH1/A' }).click();
    const sheet = page.getByTestId('sheet');
    await sheet.locator('li').nth(1).waitFor();
    expect(await sheet.locator('button.location').evaluateAll((els) => els.map((el) => el.getAttribute('data-location')))).toEqual(['WH1/A/01', 'WH1/A/02']);
    expect(await page.textContent('body')).not.toMatch(/\b(10|30|5) ea\b/); // blind: no book quantities

    // An item before any location is refused; it stays in the list, marked.
    await wedge(page, WIDGET_CASE);
    await feedback(page, 'Scan or tap a location first');
    await page.locator('[data-testid=scans] li[data-status=refused]').filter({ hasText: 'Scan or tap a location first' }).waitFor();

    // Tap the first bin, then scan: three cartons of milk (GS1-128 with lot, GS, expiry) and two cases.
    await sheet.getByRole('button', { name: /WH1\/A\/01/ }).click();
    await feedback(page, 'Counting WH1/A/01');
    for (let i = 1; i <= 3; i++) {
      await wedge(page, MILK_LOT_L1, { key: 'F8' }, '17261231');
      await scanRows(page, i);
    }
    expect(await feedback(page, 'Milk 1 l')).toContain('1 ea · lot L1 · exp 2026-12-31 @ WH1/A/01');
    await wedge(page, WIDGET_CASE);
    await scanRows(page, 4);
    await wedge(page, WIDGET_CASE);
    await scanRows(page, 5);
    expect(await feedback(page, 'Widget (WIDGET)')).toContain('1 case = 12 ea @ WH1/A/01');
    await waiting(page, 0, true);
    expect(await entries()).toHaveLength(5);

    // Offline: scan the next bin's label, a milk carton that is undone, a case, and three bad scans.
    await context.setOffline(true);
    await wedge(page, 'LOC:WH1/A/02');
    await feedback(page, 'Counting WH1/A/02');
    await wedge(page, MILK_LOT_L1, { key: 'F8' }, '17261231');
    await scanRows(page, 6);
    await waiting(page, 1, false);
    await page.locator(COUNTED_ROWS).first().getByRole('button', { name: 'Undo' }).click();
    await feedback(page, 'Scan undone');
    await waiting(page, 0, false);
    await wedge(page, WIDGET_CASE);
    await scanRows(page, 7);
    await waiting(page, 1, false);
    await wedge(page, '4006381333931');
    expect(await feedback(page, 'Unknown barcode')).toContain('No item has this GTIN');
    await wedge(page, '29506000134356');
    expect(await feedback(page, 'Unknown pack of WIDGET')).toContain('packaging level is not registered');
    await wedge(page, 'LOC:WH1/B/01');
    expect(await feedback(page, 'WH1/B/01 is not in your task')).toContain('WH1/A/01, WH1/A/02');
    expect(await page.getByTestId('current-location').textContent()).toContain('WH1/A/02');

    // The queue lives in IndexedDB and nothing reached the service.
    const queued = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('stocktake-scanner');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const rows = await new Promise<Array<{ kind: string; entry: { entryId: string; sku: string; location: string } }>>((resolve, reject) => {
        const req = db.transaction('outbox').objectStore('outbox').getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return rows.map((row) => ({ kind: row.kind, entryId: row.entry.entryId, sku: row.entry.sku, location: row.entry.location }));
    });
    expect(queued).toEqual([{ kind: 'entry', entryId: expect.stringMatching(/^scan:/), sku: 'WIDGET', location: 'WH1/A/02' }]);
    expect(await entries()).toHaveLength(5);
    await expect(page.getByTestId('status').textContent()).resolves.toContain('Offline · 1 waiting');

    // Back online, but the first answer is lost on the way back: the service stored the batch,
    // the app resends it, and the service answers `exists`.
    let delivered: { results: Array<{ result: string }> } | undefined;
    await page.route(
      '**/counts/CS-E2E/entries',
      async (route) => {
        const response = await route.fetch();
        delivered = (await response.json()) as never;
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    await context.setOffline(false);
    await waiting(page, 0, true);
    expect(delivered?.results.map((r) => r.result)).toEqual(['created']);
    const stored = await entries();
    expect(stored).toHaveLength(6);
    expect(new Set(stored.map((e) => e.entryId)).size).toBe(6);
    expect(stored.every((e) => e.entryId === `scan:${e.source?.eventId}`)).toBe(true);
    expect(stored.at(-1)).toMatchObject({ key: { sku: 'WIDGET', location: 'WH1/A/02' }, qty: '12' });
    expect(queued[0]!.entryId).toBe(stored.at(-1)!.entryId);

    // Complete both bins (each asks first; everything expected there was scanned).
    await page.getByTestId('complete').click();
    await page.getByTestId('zero-none').waitFor();
    await page.getByTestId('confirm-complete').click();
    await feedback(page, 'WH1/A/02 complete');
    await sheet.getByRole('button', { name: /WH1\/A\/01/ }).click();
    await page.getByTestId('complete').click();
    await page.getByTestId('confirm-complete').click();
    await feedback(page, 'WH1/A/01 complete');
    expect(await sheet.locator('li.done').count()).toBe(2);

    // Closing the round shows the variances.
    const review = (await (await service.call('POST', '/counts/CS-E2E/close-round', { actor: 'zhao', body: {} })).json()) as {
      state: string;
      round: number;
      recountTasks: Array<{ round: number; excludedCounters: string[] }>;
      lines: Array<{ sku: string; location: string; lot?: string; expected: string; counted: string; variance: string; status: string; rounds: Array<{ entryIds: string[] }> }>;
    };
    // Round 1 is closed; every line is beyond tolerance, so it goes to a blind recount by someone else.
    expect(review).toMatchObject({ state: 'counting', round: 2 });
    expect(review.recountTasks.length).toBeGreaterThan(0);
    expect(review.recountTasks.every((task) => task.round === 2 && task.excludedCounters.includes('ana'))).toBe(true);
    expect(review.lines.map((l) => [l.sku, l.location, l.lot ?? null, l.expected, l.counted, l.variance])).toEqual([
      ['MILK', 'WH1/A/01', 'L1', '10', '3', '-7'],
      ['WIDGET', 'WH1/A/01', null, '30', '24', '-6'],
      ['WIDGET', 'WH1/A/02', null, '5', '12', '7'],
    ]);
    expect(review.lines.map((l) => l.status)).toEqual(['recount', 'recount', 'recount']);
    expect(review.lines.flatMap((l) => l.rounds[0]!.entryIds).sort()).toEqual(stored.map((e) => e.entryId).sort());

    // What the counter sees: the sheet, and the last scan on top of the list.
    const last = page.locator(COUNTED_ROWS).first();
    expect(await page.locator('[data-testid=scans] li[data-status=refused]').count()).toBe(3);
    await expect(last.getAttribute('data-status')).resolves.toBe('sent');
    expect(await last.textContent()).toContain('1 case = 12 ea @ WH1/A/02');
    expect(await page.locator('[data-testid=scans] li[data-status=undone]').count()).toBe(1);
    expect(await sheet.isVisible()).toBe(true);
    expect(await last.isVisible()).toBe(true);
    await mkdir(outputDir, { recursive: true });
    const png = join(outputDir, 'scanner-app.png');
    await page.screenshot({ path: png, fullPage: true });
    expect((await stat(png)).size).toBeGreaterThan(20_000);

    expect(errors).toEqual([]);
    const origin = new URL(service.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    await page.close();
  });
});

describe('scanner app with a scanner as it behaves in the field', () => {
  /** Opens the Zone C task at WH1/C/01 in a fresh page. */
  async function openZoneC(): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${service.url}/scanner/`);
    const counterField = page.getByLabel('Counter');
    if (await counterField.isVisible()) {
      await counterField.fill('ana');
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.locator('button.task').filter({ hasText: 'WH1/C' }).click();
    await page.getByTestId('sheet').getByRole('button', { name: /WH1\/C\/01/ }).click();
    await feedback(page, 'Counting WH1/C/01');
    return page;
  }
  const SERIALISED_WIDGET = ']d2' + '0109506000134352' + '21SN-9';
  /** A Bluetooth scanner: Ctrl+M Ctrl+J (CR LF) after the data. */
  const crlf = async (page: Page, data: string): Promise<void> => {
    await page.keyboard.type(data, { delay: 10 });
    await page.keyboard.press('Control+KeyM');
    await page.keyboard.press('Control+KeyJ');
  };

  it('keeps a scan whole across a stall, reads Ctrl+] as GS, undoes a sent serial and restores its state after a reload', async () => {
    const page = await openZoneC();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    // A GS1-128 with a 200 ms stall inside the lot and GS sent as Ctrl+].
    await page.keyboard.type(']C1' + '0109506000134376' + '10L', { delay: 10 });
    await page.waitForTimeout(200);
    await page.keyboard.type('1', { delay: 10 });
    await page.keyboard.press('Control+BracketRight');
    await page.keyboard.type('17261231', { delay: 10 });
    await page.keyboard.press('Enter');
    expect(await feedback(page, 'Milk 1 l')).toContain('1 ea · lot L1 · exp 2026-12-31 @ WH1/C/01');

    // A serial on an item that is not tracked by serial: counted, the serial kept as a note; CR LF ends it once.
    await crlf(page, SERIALISED_WIDGET);
    expect(await feedback(page, 'Widget (WIDGET)')).toContain('Not kept: serial SN-9');
    await scanRows(page, 2);
    await crlf(page, SERIALISED_WIDGET);
    await feedback(page, 'Already counted');
    await waiting(page, 0, true);

    // Undo the sent scan: a void reaches the service and the unit counts again.
    await page.locator(COUNTED_ROWS).first().getByRole('button', { name: 'Undo' }).click();
    await feedback(page, 'Scan undone');
    await waiting(page, 0, true);
    await crlf(page, SERIALISED_WIDGET);
    await scanRows(page, 3);
    await feedback(page, 'Widget (WIDGET)');
    await waiting(page, 0, true);
    expect(errors).toEqual([]);
    await page.close();

    // After a reload the pipeline is rebuilt from its saved state and changes: the serial is still counted.
    const again = await openZoneC();
    await crlf(again, SERIALISED_WIDGET);
    await feedback(again, 'Already counted');
    const stored = (await (await service.call('GET', '/counts/CS-BT/entries', { actor: 'zhao' })).json()) as Array<{ entryId: string; kind: string; key?: { sku: string; lot?: string; serial?: string } }>;
    expect(stored.map((e) => [e.kind, e.key?.sku ?? null, e.key?.lot ?? null, e.key?.serial ?? null])).toEqual([
      ['count', 'MILK', 'L1', null],
      ['count', 'WIDGET', null, null],
      ['void', 'WIDGET', null, null],
      ['count', 'WIDGET', null, null],
    ]);
    expect(stored[2]!.entryId).toBe(`void:${stored[1]!.entryId}`);
    await again.close();
  });
});

describe('scanner app camera', () => {
  it('reads an EAN-13 from the camera with the polyfill, its WASM served by the app', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stocktake-camera-'));
    const video = join(dir, 'barcode.y4m');
    await writeBarcodeVideo(video, '9506000134352'); // WIDGET, one each
    const camera = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
      viewport: { width: 420, height: 900 },
    });
    try {
      const seen: Array<{ url: string; status: number; type: string | undefined }> = [];
      camera.on('response', (response) => seen.push({ url: response.url(), status: response.status(), type: response.headers()['content-type'] }));
      await camera.grantPermissions(['camera'], { origin: service.url });
      await camera.setExtraHTTPHeaders({ 'x-roles': 'counter' });
      const page = await camera.newPage();
      await page.goto(`${service.url}/scanner/`);
      await page.getByLabel('Counter').fill('ana');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('button.task').filter({ hasText: 'WH1/B' }).click();
      await page.getByTestId('sheet').getByRole('button', { name: /WH1\/B\/01/ }).click();
      expect(await page.evaluate(() => 'BarcodeDetector' in globalThis)).toBe(false); // Chromium on Linux has none: the polyfill runs
      await page.getByRole('button', { name: 'Camera' }).click();
      expect(await feedback(page, 'Widget (WIDGET)')).toContain('1 ea @ WH1/B/01');
      await page.getByRole('button', { name: 'Stop camera' }).click();
      await waiting(page, 0, true);

      const wasm = seen.filter((r) => r.url.endsWith('.wasm'));
      expect(wasm).toEqual([expect.objectContaining({ status: 200, type: 'application/wasm' })]);
      expect(wasm[0]!.url.startsWith(`${service.url}/scanner/assets/`)).toBe(true);
      expect(seen.filter((r) => !r.url.startsWith(service.url))).toEqual([]);

      const stored = (await (await service.call('GET', '/counts/CS-CAM/entries', { actor: 'zhao' })).json()) as Array<{ key: unknown; qty: string; source: { raw: string; symbology?: string } }>;
      expect(stored).toEqual([
        expect.objectContaining({ key: { sku: 'WIDGET', location: 'WH1/B/01' }, qty: '1', source: expect.objectContaining({ raw: '9506000134352', symbology: ']E0' }) }),
      ]);
    } finally {
      await camera.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
