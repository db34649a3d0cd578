/**
 * The scanner app: a counter picks a task, walks the blind sheet, and scans with a keyboard-wedge
 * scanner or the camera. Scans go through the library's scan pipeline into an IndexedDB outbox
 * and reach the ERP service when it answers.
 */
import { Decimal } from 'decimal.js';
import {
  applyScanPipelineChanges,
  createItemResolver,
  createScanPipeline,
  createWedgeDecoder,
  type ScanCountEntry,
  type ScanEvent,
  type ScanOutcome,
  type ScanPipeline,
  type ScanPipelineChanges,
  type ScanPipelineState,
  type ScanPipelineStateV1,
  type ScanWarning,
  type WedgeOutput,
} from 'stocktake/scanner';
import { Api, ApiError, Unreachable, type Item, type Session, type Sheet, type Task } from './api.js';
import { startCamera, symbologyOf, type CameraScanner } from './camera.js';
import { openAppStore, type Store } from './idb.js';
import { Outbox, type Delivery } from './outbox.js';
import './style.css';

/** A location label is `LOC:` followed by the location id. */
const LOCATION_PREFIX = 'LOC:';
/** Scanners send the GS1 group separator as Ctrl+] (always understood) or a key such as F8; list yours here. */
const GS_KEYS = ['F8'];
/**
 * `'codes'` when the scanner's keyboard country is USA and the device's keyboard layout is not
 * (German, French, ...); `'keys'` when they match. Set per device: `localStorage['stocktake.keyboard']`.
 */
const KEYBOARD = localStorage.getItem('stocktake.keyboard') === 'codes' ? 'codes' : 'keys';

type ScanStatus = 'queued' | 'sent' | 'rejected' | 'undone';

/** One line of the scan log, kept in IndexedDB. */
interface ScanRow {
  eventId: string;
  taskKey: string;
  entry: ScanCountEntry;
  expiry?: string;
  /** A lot or serial on the barcode that the item does not track. */
  note?: string;
  status: ScanStatus;
  message?: string;
  at: number;
}

/** One saved change of a task's pipeline state. */
interface ChangeRow {
  seq?: number;
  taskKey: string;
  changes: ScanPipelineChanges;
}

type Tone = 'ok' | 'warn' | 'error' | 'info';

// ---------------------------------------------------------------------------------------------
// DOM helpers

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | ((event: Event) => void)> = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false) el.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

const root = document.querySelector<HTMLElement>('#app')!;

function deviceId(): string {
  let id = localStorage.getItem('stocktake.device');
  if (id === null) {
    const bytes = crypto.getRandomValues(new Uint8Array(4));
    id = `hh-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    localStorage.setItem('stocktake.device', id);
  }
  return id;
}

function newEventId(device: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${device}-${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ---------------------------------------------------------------------------------------------
// Start: who counts, which task

const apiBase = new URL('/', location.href);
const device = deviceId();

async function start(): Promise<void> {
  const store = await openAppStore();
  const counter = localStorage.getItem('stocktake.counter');
  if (counter === null) return showLogin(store);
  return showTasks(store, counter);
}

function showLogin(store: Store): void {
  const input = h('input', { id: 'counter', name: 'counter', autocomplete: 'username', required: true, placeholder: 'e.g. ana' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: (event) => {
        event.preventDefault();
        const value = input.value.trim();
        if (value === '') return;
        localStorage.setItem('stocktake.counter', value);
        void showTasks(store, value);
      },
    },
    h('label', { for: 'counter' }, 'Counter'),
    input,
    h('button', { type: 'submit', class: 'primary' }, 'Continue'),
  );
  root.replaceChildren(header('Sign in'), form);
  input.focus();
}

function header(title: string, right?: Node): HTMLElement {
  return h('header', { class: 'bar' }, h('h1', {}, title), right ?? null);
}

async function showTasks(store: Store, counter: string): Promise<void> {
  const api = new Api(apiBase, counter);
  const list = h('div', { class: 'tasks', 'data-testid': 'tasks' }, h('p', { class: 'muted' }, 'Loading tasks…'));
  const signOut = h('button', { class: 'link', onclick: () => (localStorage.removeItem('stocktake.counter'), showLogin(store)) }, `${counter} · sign out`);
  root.replaceChildren(header('Choose a task', signOut), list);
  let sessions: Session[];
  try {
    sessions = await api.countingSessions();
  } catch (error) {
    list.replaceChildren(
      h('p', { class: 'feedback error' }, error instanceof Unreachable ? 'The service does not answer.' : String((error as Error).message)),
      h('button', { onclick: () => void showTasks(store, counter) }, 'Try again'),
    );
    return;
  }
  const mine = sessions.flatMap((session) =>
    session.tasks
      .filter((task) => task.round === session.round && !task.excludedCounters.includes(counter) && (task.assignee === undefined || task.assignee === counter))
      .map((task) => ({ session, task })),
  );
  if (mine.length === 0) {
    list.replaceChildren(h('p', { class: 'muted' }, 'No counting task for you right now.'), h('button', { onclick: () => void showTasks(store, counter) }, 'Refresh'));
    return;
  }
  list.replaceChildren(
    ...mine.map(({ session, task }) =>
      h(
        'button',
        { class: 'task', 'data-task': task.id, onclick: () => void openTask(store, api, counter, session, task) },
        h('strong', {}, session.name ?? session.id),
        h('span', {}, `${task.round > 1 ? `Recount round ${task.round} · ` : ''}${task.locations.join(', ')}`),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Counting

async function openTask(store: Store, api: Api, counter: string, session: Session, task: Task): Promise<void> {
  let sheet: Sheet;
  let items: Item[];
  try {
    [sheet, items] = await Promise.all([api.sheet(session.id, task.id), api.items()]);
  } catch (error) {
    alert(error instanceof Unreachable ? 'The service does not answer; try again.' : (error as Error).message);
    return;
  }
  const taskKey = `${session.id}|${task.id}|${counter}`;
  const itemsBySku = new Map(items.map((item) => [item.sku, item]));
  const taskLocations = new Set(sheet.locations.map((l) => l.location));
  const scans = new Map((await store.getAll<ScanRow>('scans', 'task', taskKey)).map((row) => [row.eventId, row]));

  // --- view -------------------------------------------------------------------------------
  const status = h('span', { class: 'pill', 'data-testid': 'status' });
  const current = h('div', { class: 'here-location', 'data-testid': 'current-location' });
  const feedback = h('div', { class: 'feedback info', 'data-testid': 'feedback', role: 'status', 'aria-live': 'polite' }, 'Scan or tap a location to start.');
  const sheetList = h('ol', { class: 'sheet', 'data-testid': 'sheet' });
  const scanList = h('ol', { class: 'scans', 'data-testid': 'scans' });
  const completeButton = h('button', { class: 'primary', 'data-testid': 'complete', onclick: () => void completeLocation() }, 'Complete location');
  const manual = h('input', { name: 'code', placeholder: 'Type a barcode', autocomplete: 'off', inputmode: 'text' });
  const video = h('video', { class: 'camera', muted: true, playsinline: true, hidden: true });
  const cameraButton = h('button', { onclick: () => void toggleCamera() }, 'Camera');

  root.replaceChildren(
    header(session.name ?? session.id, status),
    h('section', { class: 'card here' }, current, completeButton),
    feedback,
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
      h('button', { type: 'submit' }, 'Add'),
      cameraButton,
    ),
    h('h2', {}, 'Sheet'),
    sheetList,
    h('h2', {}, 'Scans'),
    scanList,
  );

  function say(tone: Tone, ...lines: string[]): void {
    feedback.className = `feedback ${tone}`;
    feedback.replaceChildren(...lines.map((line, i) => (i === 0 ? h('strong', {}, line) : h('div', {}, line))));
  }

  async function renderStatus(): Promise<void> {
    const waiting = await outbox.pending();
    const online = outbox.reachable;
    status.className = `pill ${online ? (waiting === 0 ? 'ok' : 'busy') : 'off'}`;
    status.textContent = `${online ? 'Online' : 'Offline'} · ${waiting === 0 ? 'all sent' : `${waiting} waiting`}`;
    status.dataset['waiting'] = String(waiting);
    status.dataset['online'] = String(online);
  }

  function renderSheet(): void {
    const here = pipeline.location;
    current.replaceChildren(h('span', { class: 'muted' }, 'Location'), h('strong', {}, here ?? '—'));
    completeButton.disabled = here === undefined || sheet.locations.find((l) => l.location === here)?.done === true;
    sheetList.replaceChildren(
      ...sheet.locations.map((l) => {
        const counted = [...scans.values()].filter((row) => row.entry.location === l.location && row.status !== 'undone' && row.status !== 'rejected').length;
        return h(
          'li',
          { class: `${l.location === here ? 'current' : ''} ${l.done ? 'done' : ''}`.trim() },
          h(
            'button',
            { class: 'location', 'data-location': l.location, onclick: () => chooseLocation(l.location) },
            h('span', {}, l.location),
            h('span', { class: 'muted' }, l.done ? 'complete' : counted > 0 ? `${counted} scan${counted === 1 ? '' : 's'}` : ''),
          ),
        );
      }),
    );
  }

  function describe(entry: ScanCountEntry, expiry?: string): { title: string; detail: string } {
    const item = itemsBySku.get(entry.sku);
    const factor = item?.packs?.find((p) => p.uom === entry.uom)?.factor;
    const base = factor === undefined ? '' : ` = ${new Decimal(entry.qty).times(factor).toFixed()} ${item!.baseUom}`;
    const extra = [entry.lot && `lot ${entry.lot}`, entry.serial && `serial ${entry.serial}`, expiry && `exp ${expiry}`].filter(Boolean).join(' · ');
    return {
      title: `${item?.name ?? entry.sku} (${entry.sku})`,
      detail: `${entry.qty} ${entry.uom}${base}${extra === '' ? '' : ` · ${extra}`} @ ${entry.location}`,
    };
  }

  const statusText: Record<ScanStatus, string> = { queued: 'waiting', sent: 'sent', rejected: 'refused', undone: 'undone' };

  function renderScans(): void {
    const rows = [...scans.values()].sort((a, b) => b.at - a.at).slice(0, 50);
    scanList.replaceChildren(
      ...rows.map((row) => {
        const { title, detail } = describe(row.entry, row.expiry);
        return h(
          'li',
          { class: `scan ${row.status}`, 'data-event': row.eventId, 'data-status': row.status },
          h(
            'div',
            { class: 'what' },
            h('strong', {}, title),
            h('span', {}, detail),
            row.note ? h('span', { class: 'why', 'data-testid': 'note' }, row.note) : null,
            row.message ? h('span', { class: 'why' }, row.message) : null,
          ),
          h('span', { class: `chip ${row.status}` }, statusText[row.status]),
          row.status === 'queued' || row.status === 'sent' ? h('button', { class: 'undo', onclick: () => void undo(row) }, 'Undo') : null,
        );
      }),
    );
  }

  async function saveRow(row: ScanRow): Promise<void> {
    scans.set(row.eventId, row);
    await store.put('scans', row);
    renderScans();
    renderSheet();
  }

  // --- engine -----------------------------------------------------------------------------
  const outbox = new Outbox(store, api, (delivery) => void delivered(delivery), () => void renderStatus());
  // The pipeline's state: the last compacted state plus the changes saved after each scan since.
  const savedState = await store.get<ScanPipelineState | ScanPipelineStateV1>('state', taskKey);
  const savedChanges = await store.getAll<ChangeRow>('changes', 'task', taskKey);
  const restored = applyScanPipelineChanges(savedState, savedChanges.map((row) => row.changes));
  const pipeline: ScanPipeline = createScanPipeline({
    resolver: createItemResolver(items),
    sink: outbox.sink(),
    session: session.id,
    task: task.id,
    counter,
    device,
    state: restored,
  });
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
      if (delivery.outcome === 'rejected') await saveRow({ ...row, message: `Undo refused: ${delivery.problem?.detail ?? 'unknown reason'}` });
      return;
    }
    if (row.status === 'undone') return;
    await saveRow({
      ...row,
      status: delivery.outcome === 'sent' ? 'sent' : 'rejected',
      ...(delivery.problem === undefined ? {} : { message: delivery.problem.detail }),
    });
    if (delivery.outcome === 'rejected') say('error', 'The service refused a scan', `${describe(row.entry).title}: ${delivery.problem?.detail ?? ''}`);
  }

  function chooseLocation(location: string): void {
    if (!taskLocations.has(location)) {
      say('error', `${location} is not in your task`, `Your locations: ${[...taskLocations].join(', ')}`);
      return;
    }
    if (sheet.locations.find((l) => l.location === location)?.done === true) {
      say('warn', `${location} is already complete`, 'Ask a supervisor to reopen it if you found more.');
      return;
    }
    pipeline.setLocation(location);
    void saveState();
    say('info', `Counting ${location}`, 'Scan the items here.');
    renderSheet();
  }

  const AIM_HINT = 'Set the scanner to send AIM symbology identifiers.';
  const flagText: Record<string, (o: ScanOutcome & { status: 'flagged' }) => [string, string]> = {
    unknown_gtin: (o) => [`Unknown barcode ${o.resolution?.gtin ?? ''}`.trim(), 'No item has this GTIN. Set the goods aside and tell a supervisor.'],
    unknown_pack: (o) => [
      `Unknown pack of ${o.resolution?.candidates?.join(', ') ?? 'a known item'}`,
      `GTIN ${o.resolution?.gtin ?? ''}: this packaging level is not registered. Count the units inside instead.`,
    ],
    invalid_gtin: () => ['Not a valid GTIN', 'The check digit is wrong; scan again.'],
    no_location: () => ['Scan or tap a location first', 'Then scan the items there.'],
    parse_error: (o) => ['Unreadable barcode', o.error?.message ?? ''],
    not_an_item: (o) => ['Not an item barcode', o.scan?.data ?? ''],
    no_gtin: () => ['This barcode names no item', 'Scan the item’s own barcode.'],
    ambiguous_gtin: (o) => ['Ambiguous barcode', `It can stand for ${o.candidates?.join(' or ') ?? 'two items'}. ${AIM_HINT}`],
    missing_lot: () => ['This item is counted by lot', 'Its barcode carries no lot: scan the label with the lot (GS1 DataMatrix or GS1-128).'],
    missing_serial: () => ['This item is counted by serial', 'Its barcode carries no serial: scan the label with the serial number.'],
  };
  /** The first warning about how the barcode was read, as a line for the counter. */
  const warningLine = (warnings: readonly ScanWarning[] | undefined): string[] =>
    warnings === undefined || warnings.length === 0 ? [] : [warnings[0]!.code === 'possibly_gs1' ? `${AIM_HINT} Enable GS transmission too.` : AIM_HINT];

  async function handleScan(event: ScanEvent): Promise<void> {
    const raw = event.raw;
    if (raw.startsWith(LOCATION_PREFIX)) return chooseLocation(raw.slice(LOCATION_PREFIX.length));
    if (taskLocations.has(raw)) return chooseLocation(raw);
    const outcome = await pipeline.scan(event);
    await saveState();
    switch (outcome.status) {
      case 'recorded': {
        const { title, detail } = describe(outcome.entry, outcome.expiry);
        await saveRow({
          eventId: outcome.eventId,
          taskKey,
          entry: outcome.entry,
          ...(outcome.expiry ? { expiry: outcome.expiry } : {}),
          ...(outcome.note ? { note: outcome.note } : {}),
          status: scans.get(outcome.eventId)?.status ?? 'queued',
          at: Date.now(),
        });
        say('ok', title, detail, ...(outcome.note ? [`Not kept: ${outcome.note}`] : []), ...warningLine(outcome.warnings));
        void outbox.flush();
        return;
      }
      case 'flagged': {
        const [title, detail] = flagText[outcome.reason]!(outcome);
        say(outcome.reason === 'no_location' ? 'warn' : 'error', title, detail, ...warningLine(outcome.scan?.warnings));
        return;
      }
      case 'duplicate':
        say('warn', 'Already counted', `This serialised item was counted before (${outcome.identity.replace(/^sgtin:/, '')}).`);
        return;
      case 'conflict':
        say('error', 'Scan refused', 'Its id was used before for another scan; scan again.');
        return;
      case 'failed':
        say('error', 'Could not save the scan on this device', String(outcome.error));
        return;
      default:
        return;
    }
  }

  async function undo(row: ScanRow): Promise<void> {
    const outcome = await pipeline.undo(row.eventId);
    await saveState();
    if (outcome.status === 'failed') {
      say('error', 'Could not undo the scan', String(outcome.error));
      return;
    }
    await saveRow({ ...row, status: 'undone' });
    say('info', 'Scan undone', describe(row.entry, row.expiry).detail);
  }

  async function completeLocation(): Promise<void> {
    const here = pipeline.location;
    if (here === undefined) return;
    completeButton.disabled = true;
    await outbox.flush();
    const waiting = await outbox.pending();
    if (waiting > 0) {
      say('warn', `${waiting} scan${waiting === 1 ? '' : 's'} still waiting`, 'Complete the location when the service answers again.');
      renderSheet();
      return;
    }
    try {
      await api.completeLocation(session.id, here);
      sheet = await api.sheet(session.id, task.id);
      say('ok', `${here} complete`, 'Go on to the next location.');
    } catch (error) {
      say('error', `Could not complete ${here}`, error instanceof Unreachable ? 'The service does not answer; try again.' : error instanceof ApiError ? error.message : String(error));
    }
    renderSheet();
  }

  // --- input ------------------------------------------------------------------------------
  // The decoder's defaults keep a Bluetooth scanner's stalls (up to 300 ms) inside one scan and
  // read Ctrl+] as GS, CapsLock as the scanner meant it, and the layout as KEYBOARD says.
  const wedge = createWedgeDecoder({ device, gsKeys: GS_KEYS, keyboard: KEYBOARD, createEventId: () => newEventId(device) });
  let chain = Promise.resolve();
  const handleWedge = (outputs: WedgeOutput[]): void => {
    for (const out of outputs) {
      if (out.type === 'scan') chain = chain.then(() => handleScan(out.event)).catch((error: unknown) => say('error', 'Scan failed', String(error)));
      else if (out.text.trim() !== '') say('info', 'Typing is ignored here', 'Scan, or type a barcode into the field below.');
    }
  };
  const onKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    // Keys belong to the scanner here: keep Enter from clicking the focused button.
    if (event.key.length === 1 || event.key === 'Enter' || GS_KEYS.includes(event.key)) event.preventDefault();
    handleWedge(wedge.feed(event));
  };
  document.addEventListener('keydown', onKey);
  // The same clock as feed's (the decoder's own), and every scan it completes is delivered.
  setInterval(() => handleWedge(wedge.tick()), 100);

  let camera: CameraScanner | undefined;
  async function toggleCamera(): Promise<void> {
    if (camera !== undefined) {
      camera.stop();
      camera = undefined;
      video.hidden = true;
      cameraButton.textContent = 'Camera';
      return;
    }
    try {
      video.hidden = false;
      cameraButton.textContent = 'Stop camera';
      camera = await startCamera(video, (found) => {
        const symbology = symbologyOf(found.format);
        chain = chain.then(() =>
          handleScan({ eventId: newEventId(device), source: 'camera', raw: found.rawValue, ...(symbology ? { symbology } : {}), time: new Date().toISOString(), device }),
        );
      });
    } catch (error) {
      video.hidden = true;
      cameraButton.textContent = 'Camera';
      say('error', 'The camera is not available', String((error as Error).message ?? error));
    }
  }

  // Send whatever waits: now, when the browser says it is back online, and every few seconds.
  window.addEventListener('online', () => void outbox.flush());
  setInterval(() => void outbox.pending().then((n) => (n > 0 ? outbox.flush() : undefined)), 2000);

  renderSheet();
  renderScans();
  await renderStatus();
  if (pipeline.location !== undefined) say('info', `Counting ${pipeline.location}`, 'Scan the items here.');
  void outbox.flush();
}

void start();
