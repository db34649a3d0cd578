/**
 * The counting screen: a counter walks the blind sheet and scans with a keyboard-wedge scanner
 * or the camera. Scans go through the library's scan pipeline into the IndexedDB outbox and reach
 * the ERP service when it answers. Input (wedge, camera) is in `input.ts`; drawing in
 * `count-view.ts`; the words in `locales/`.
 */
import {
  applyScanPipelineChanges,
  createItemResolver,
  createScanPipeline,
  type ScanEvent,
  type ScanOutcome,
  type ScanPipeline,
  type ScanPipelineChanges,
  type ScanPipelineState,
  type ScanPipelineStateV1,
  type ScanWarning,
} from 'stocktake/scanner';
import { ApiError, Unreachable, type Api, type Item, type Session, type Sheet, type Task } from './api.js';
import { renderConnection, renderScans, renderSheet, renderTotals, counts, describe, type ScanRow } from './count-view.js';
import { askQuantity, confirmComplete } from './dialogs.js';
import { h, header, root } from './dom.js';
import { t } from './i18n.js';
import type { Store } from './idb.js';
import { connectInput, newEventId } from './input.js';
import type { Messages } from './locales/en.js';
import { Outbox, type Delivery } from './outbox.js';
import { signal } from './signal.js';

/** A location label is `LOC:` followed by the location id. */
const LOCATION_PREFIX = 'LOC:';

/** One saved change of a task's pipeline state. */
interface ChangeRow {
  seq?: number;
  taskKey: string;
  changes: ScanPipelineChanges;
}

type Tone = 'ok' | 'warn' | 'error' | 'info';

/** The words for a scan the pipeline flagged: a title and what to do. */
function flagLines(m: Messages, o: ScanOutcome & { status: 'flagged' }): [string, string] {
  switch (o.reason) {
    case 'unknown_gtin':
      return [m.unknownBarcode(o.resolution?.gtin ?? ''), m.unknownBarcodeHelp];
    case 'unknown_pack':
      return [m.unknownPack(o.resolution?.candidates?.join(', ') ?? m.aKnownItem), m.unknownPackHelp(o.resolution?.gtin ?? '')];
    case 'invalid_gtin':
      return [m.invalidGtin, m.invalidGtinHelp];
    case 'no_location':
      return [m.noLocation, m.noLocationHelp];
    case 'parse_error':
      return [m.unreadable, o.error?.message ?? ''];
    case 'not_an_item':
      return [m.notAnItem, o.scan?.data ?? ''];
    case 'no_gtin':
      return [m.noGtin, m.noGtinHelp];
    case 'ambiguous_gtin':
      return [m.ambiguous, `${m.ambiguousHelp(o.candidates?.join(m.or) ?? m.twoItems)} ${m.aimHint}`];
    case 'missing_lot':
      return [m.missingLot, m.missingLotHelp];
    case 'missing_serial':
      return [m.missingSerial, m.missingSerialHelp];
    default:
      return [m.unreadable, ''];
  }
}

/** The first warning about how the barcode was read, as a line for the counter. */
const warningLine = (m: Messages, warnings: readonly ScanWarning[] | undefined): string[] =>
  warnings === undefined || warnings.length === 0 ? [] : [warnings[0]!.code === 'possibly_gs1' ? m.gsHint : m.aimHint];

/**
 * Opens a task for counting.
 *
 * @param device - this device's id
 */
export async function openTask(store: Store, api: Api, counter: string, device: string, session: Session, task: Task): Promise<void> {
  const m = t();
  let sheet: Sheet;
  let items: Item[];
  try {
    [sheet, items] = await Promise.all([api.sheet(session.id, task.id), api.items()]);
  } catch (error) {
    sessionStorage.removeItem('stocktake.openTask');
    alert(error instanceof Unreachable ? m.serviceDownRetry : (error as Error).message);
    return;
  }
  sessionStorage.setItem('stocktake.openTask', JSON.stringify({ sessionId: session.id, taskId: task.id }));
  const taskKey = `${session.id}|${task.id}|${counter}`;
  const itemsBySku = new Map(items.map((item) => [item.sku, item]));
  const taskLocations = new Set(sheet.locations.map((l) => l.location));
  const scans = new Map((await store.getAll<ScanRow>('scans', 'task', taskKey)).map((row) => [row.eventId, row]));

  // --- view -------------------------------------------------------------------------------
  const status = h('span', { class: 'pill', 'data-testid': 'status', role: 'status' });
  const banner = h('div', { class: 'offline-banner', 'data-testid': 'offline-banner', role: 'alert', hidden: true });
  const current = h('div', { class: 'here-location', 'data-testid': 'current-location' });
  const feedback = h('div', { class: 'feedback info', 'data-testid': 'feedback', role: 'status', 'aria-live': 'polite' }, m.scanToStart);
  const sheetList = h('ol', { class: 'sheet', 'data-testid': 'sheet' });
  const totalsBox = h('section', { class: 'card totals', 'data-testid': 'totals', hidden: true });
  const scanList = h('ol', { class: 'scans', 'data-testid': 'scans' });
  const completeButton = h('button', { class: 'primary', 'data-testid': 'complete', onclick: () => void completeLocation() }, m.completeLocation);
  const manual = h('input', { name: 'code', placeholder: m.typeBarcode, 'aria-label': m.typeBarcode, autocomplete: 'off', inputmode: 'text' });
  const video = h('video', { class: 'camera', muted: true, playsinline: true, hidden: true });
  const cameraButton = h('button', { type: 'button' }, m.camera);
  const timesButton = h('button', { type: 'button', class: 'times', 'data-testid': 'times', 'aria-label': m.quantity, onclick: () => void chooseQuantity() }, m.timesButton);
  const multiplierChip = h('button', { type: 'button', class: 'multiplier', 'data-testid': 'multiplier', hidden: true, onclick: () => setMultiplier(undefined) });

  root.replaceChildren(
    header(session.name ?? session.id, status),
    banner,
    h('section', { class: 'card here' }, current, completeButton),
    feedback,
    multiplierChip,
    video,
    h(
      'form',
      {
        class: 'manual',
        onsubmit: (event) => {
          event.preventDefault();
          const raw = manual.value.trim();
          manual.value = '';
          manual.blur();
          if (raw !== '') void handleScan({ eventId: newEventId(device), source: 'manual', raw, time: new Date().toISOString(), device });
        },
      },
      manual,
      h('button', { type: 'submit' }, m.add),
      timesButton,
      cameraButton,
    ),
    totalsBox,
    h('h2', {}, m.sheet),
    sheetList,
    h('h2', {}, m.scans),
    scanList,
  );

  function say(tone: Tone, ...lines: string[]): void {
    feedback.className = `feedback ${tone}`;
    feedback.replaceChildren(...lines.map((line, i) => (i === 0 ? h('strong', {}, line) : h('div', {}, line))));
  }

  async function renderStatus(): Promise<void> {
    // One source for the header and the banner: the browser's network state and the last send.
    renderConnection(status, banner, { online: outbox.reachable && navigator.onLine, waiting: await outbox.pending() });
  }

  function render(): void {
    const here = pipeline.location;
    const rows = [...scans.values()];
    current.replaceChildren(h('span', { class: 'muted' }, m.location), h('strong', {}, here ?? '—'));
    completeButton.disabled = here === undefined || sheet.locations.find((l) => l.location === here)?.done === true;
    renderSheet(sheetList, sheet, here, rows, chooseLocation);
    renderTotals(totalsBox, here, rows, itemsBySku);
    renderScans(scanList, rows, itemsBySku, (row) => void undo(row));
    const waiting = pipeline.multiplier;
    multiplierChip.hidden = waiting === undefined;
    multiplierChip.textContent = waiting === undefined ? '' : m.quantityNext(waiting);
  }

  async function saveRow(row: ScanRow): Promise<void> {
    scans.set(row.eventId, row);
    await store.put('scans', row);
    render();
  }

  // --- engine -----------------------------------------------------------------------------
  const outbox = new Outbox(store, api, (delivery) => void delivered(delivery), () => void renderStatus());
  // The pipeline's state: the last compacted state plus the changes saved after each scan since.
  const savedState = await store.get<ScanPipelineState | ScanPipelineStateV1>('state', taskKey);
  const savedChanges = await store.getAll<ChangeRow>('changes', 'task', taskKey);
  const restored = applyScanPipelineChanges(savedState, savedChanges.map((row) => row.changes));
  const pipeline: ScanPipeline = createScanPipeline({ resolver: createItemResolver(items), sink: outbox.sink(), session: session.id, task: task.id, counter, device, state: restored });
  // Compact once per start: the state first, then the changes it holds (replaying them onto it is harmless).
  await store.put('state', restored, taskKey);
  await store.deleteAll('changes', 'task', taskKey);
  let savedRevision = restored.revision;
  let saving = Promise.resolve();
  /** Saves what changed since the last save: a few hundred bytes per scan, however long the session. */
  const saveState = (): Promise<void> =>
    (saving = saving.then(async () => {
      const changes = pipeline.changes(savedRevision);
      if (changes.to === changes.from) return;
      await store.put('changes', { taskKey, changes } satisfies ChangeRow);
      savedRevision = changes.to;
    }));

  async function delivered(delivery: Delivery): Promise<void> {
    const row = scans.get(delivery.eventId);
    if (row === undefined) return;
    if (delivery.kind === 'void') {
      if (delivery.outcome === 'rejected') await saveRow({ ...row, message: m.undoRefused(delivery.problem?.detail ?? m.unknownReason) });
      return;
    }
    if (row.status === 'undone') return;
    await saveRow({ ...row, status: delivery.outcome === 'sent' ? 'sent' : 'rejected', ...(delivery.problem === undefined ? {} : { message: delivery.problem.detail }) });
    if (delivery.outcome === 'rejected' && row.entry !== undefined) {
      signal('reject');
      say('error', m.serviceRefused, `${describe(itemsBySku, row.entry).title}: ${delivery.problem?.detail ?? ''}`);
    }
  }

  function setMultiplier(next: string | undefined): void {
    pipeline.setMultiplier(next);
    void saveState();
    if (next === undefined) say('info', m.quantityCancelled);
    render();
  }

  async function chooseQuantity(): Promise<void> {
    const qty = await askQuantity(pipeline.multiplier ?? '');
    if (qty === undefined) return;
    setMultiplier(qty);
    say('info', m.quantityNext(qty), m.quantityHelp);
  }

  function chooseLocation(location: string): void {
    if (!taskLocations.has(location)) {
      signal('reject');
      say('error', m.notInTask(location), m.yourLocations([...taskLocations].join(', ')));
      return;
    }
    if (sheet.locations.find((l) => l.location === location)?.done === true) {
      say('warn', m.alreadyComplete(location), m.askReopen);
      return;
    }
    pipeline.setLocation(location);
    void saveState();
    say('info', m.counting(location), m.scanItemsHere);
    render();
  }

  /** A scan the app did not count: it stays in the list, marked, with the reason. */
  async function refuse(event: ScanEvent, tone: Tone, title: string, ...lines: string[]): Promise<void> {
    signal('reject');
    say(tone, title, ...lines);
    await saveRow({ eventId: event.eventId, taskKey, raw: event.raw, title, status: 'refused', ...(lines[0] ? { message: lines[0] } : {}), at: Date.now() });
  }

  async function handleScan(event: ScanEvent): Promise<void> {
    const raw = event.raw;
    if (raw.startsWith(LOCATION_PREFIX)) return chooseLocation(raw.slice(LOCATION_PREFIX.length));
    if (taskLocations.has(raw)) return chooseLocation(raw);
    const outcome = await pipeline.scan(event);
    await saveState();
    switch (outcome.status) {
      case 'recorded': {
        const { title, detail } = describe(itemsBySku, outcome.entry, outcome.expiry);
        signal('accept');
        await saveRow({
          eventId: outcome.eventId,
          taskKey,
          entry: outcome.entry,
          ...(outcome.expiry ? { expiry: outcome.expiry } : {}),
          ...(outcome.note ? { note: outcome.note } : {}),
          status: scans.get(outcome.eventId)?.status ?? 'queued',
          at: Date.now(),
        });
        say('ok', title, detail, ...(outcome.note ? [m.notKept(outcome.note)] : []), ...warningLine(m, outcome.warnings));
        void outbox.flush();
        return;
      }
      case 'flagged': {
        const [title, detail] = flagLines(m, outcome);
        return refuse(event, outcome.reason === 'no_location' ? 'warn' : 'error', title, detail, ...warningLine(m, outcome.scan?.warnings));
      }
      case 'duplicate':
        return refuse(event, 'warn', m.alreadyCounted, m.alreadyCountedHelp(outcome.identity.replace(/^sgtin:/, '')));
      case 'conflict':
        return refuse(event, 'error', m.scanRefused, m.scanRefusedHelp);
      case 'failed':
        signal('reject');
        say('error', m.saveFailed, String(outcome.error));
        return;
      default:
        render();
        return;
    }
  }

  async function undo(row: ScanRow): Promise<void> {
    const outcome = await pipeline.undo(row.eventId);
    await saveState();
    if (outcome.status === 'failed') {
      say('error', m.undoFailed, String(outcome.error));
      return;
    }
    await saveRow({ ...row, status: 'undone' });
    say('info', m.scanUndone, row.entry === undefined ? '' : describe(itemsBySku, row.entry, row.expiry).detail);
  }

  /** What completing `here` counts as zero: keys the sheet expects there that no counted scan names. */
  function uncounted(here: string): string[] {
    const scanned = new Set([...scans.values()].filter(counts).filter((row) => row.entry.location === here).map((row) => `${row.entry.sku}\u0000${row.entry.lot ?? ''}`));
    const expected = sheet.locations.find((l) => l.location === here)?.keys ?? [];
    return expected
      .filter(({ key }) => !scanned.has(`${key.sku}\u0000${key.lot ?? ''}`) && !(key.lot === undefined && [...scanned].some((id) => id.startsWith(`${key.sku}\u0000`))))
      .map(({ key, name }) => `${name ?? itemsBySku.get(key.sku)?.name ?? key.sku} (${key.sku})${key.lot === undefined ? '' : ` · ${m.lot(key.lot)}`}${key.serial === undefined ? '' : ` · ${m.serial(key.serial)}`}`);
  }

  async function completeLocation(): Promise<void> {
    const here = pipeline.location;
    if (here === undefined) return;
    const scansHere = [...scans.values()].filter((row) => counts(row) && row.entry.location === here).length;
    if (!(await confirmComplete({ location: here, scans: scansHere, zero: uncounted(here) }))) return;
    completeButton.disabled = true;
    await outbox.flush();
    const waiting = await outbox.pending();
    if (waiting > 0) {
      say('warn', m.stillWaiting(waiting), m.completeWhenOnline);
      render();
      return;
    }
    try {
      await api.completeLocation(session.id, here);
      sheet = await api.sheet(session.id, task.id);
      say('ok', m.locationComplete(here), m.nextLocation);
    } catch (error) {
      say('error', m.couldNotComplete(here), error instanceof Unreachable ? m.serviceDownRetry : error instanceof ApiError ? error.message : String(error));
    }
    render();
  }

  connectInput({ device, video, cameraButton, handleScan, say: (tone, ...lines) => say(tone, ...lines) });

  // Send whatever waits: now, when the browser says it is back online, and every few seconds.
  window.addEventListener('online', () => void outbox.flush().then(renderStatus));
  window.addEventListener('offline', () => void renderStatus());
  setInterval(() => void outbox.pending().then((n) => (n > 0 ? outbox.flush() : undefined)), 2000);

  render();
  await renderStatus();
  if (pipeline.location !== undefined) say('info', m.counting(pipeline.location), m.scanItemsHere);
  void outbox.flush();
}
