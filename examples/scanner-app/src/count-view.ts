/**
 * What the counting screen shows, drawn from its state: the connection status (header pill and
 * offline banner from one source, so they always agree), the sheet, the running totals and the
 * scan list with accepted and refused scans.
 */
import type { ScanCountEntry } from 'stocktake/scanner';
import type { Item, Sheet } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import type { Messages } from './locales/en.js';
import { baseQty, totals } from './totals.js';

/**
 * Where a scan stands: `queued` and `sent` count; `rejected` the service refused; `refused` the
 * app did not count (unknown barcode, no location, a serial counted before…); `undone`.
 */
export type ScanStatus = 'queued' | 'sent' | 'rejected' | 'refused' | 'undone';

/** One line of the scan log, kept in IndexedDB. */
export interface ScanRow {
  eventId: string;
  taskKey: string;
  /** The entry, for scans that became one. */
  entry?: ScanCountEntry;
  /** What was scanned, for refused scans. */
  raw?: string;
  /** Why a refused scan was not counted. */
  title?: string;
  expiry?: string;
  /** A lot or serial on the barcode that the item does not track. */
  note?: string;
  status: ScanStatus;
  message?: string;
  at: number;
}

/** Whether a row counts toward the totals. */
export const counts = (row: ScanRow): row is ScanRow & { entry: ScanCountEntry } => row.entry !== undefined && (row.status === 'queued' || row.status === 'sent');

/** The connection as the outbox last saw it. */
export interface Connection {
  readonly online: boolean;
  readonly waiting: number;
}

/** Draws the header pill and the offline banner from the same {@link Connection}. */
export function renderConnection(pill: HTMLElement, banner: HTMLElement, { online, waiting }: Connection): void {
  const m = t();
  pill.className = `pill ${online ? (waiting === 0 ? 'ok' : 'busy') : 'off'}`;
  pill.textContent = `${online ? m.online : m.offline} · ${waiting === 0 ? m.allSent : m.waiting(waiting)}`;
  pill.dataset['waiting'] = String(waiting);
  pill.dataset['online'] = String(online);
  banner.hidden = online;
  banner.textContent = online ? '' : m.offlineBanner(waiting);
  banner.dataset['waiting'] = String(waiting);
}

/** A scan's entry in words: item, quantity (with its base units), lot, serial, expiry, where. */
export function describe(items: ReadonlyMap<string, Item>, entry: ScanCountEntry, expiry?: string): { title: string; detail: string } {
  const m = t();
  const item = items.get(entry.sku);
  const factor = item?.packs?.find((pack) => pack.uom === entry.uom)?.factor;
  const base = factor === undefined ? '' : ` = ${baseQty(entry, item)} ${item!.baseUom}`;
  const extra = [entry.lot && m.lot(entry.lot), entry.serial && m.serial(entry.serial), expiry && m.expiry(expiry)].filter(Boolean).join(' · ');
  return {
    title: `${item?.name ?? entry.sku} (${entry.sku})`,
    detail: `${entry.qty} ${entry.uom}${base}${extra === '' ? '' : ` · ${extra}`} @ ${entry.location}`,
  };
}

const statusText = (m: Messages): Record<ScanStatus, string> => ({
  queued: m.statusQueued,
  sent: m.statusSent,
  rejected: m.statusRejected,
  refused: m.statusRefused,
  undone: m.statusUndone,
});

/** Draws the scan list, newest first: refused and rejected scans stay, marked, with the reason. */
export function renderScans(list: HTMLElement, rows: readonly ScanRow[], items: ReadonlyMap<string, Item>, undo: (row: ScanRow) => void): void {
  const m = t();
  const text = statusText(m);
  list.replaceChildren(
    ...[...rows]
      .sort((a, b) => b.at - a.at)
      .slice(0, 50)
      .map((row) => {
        const { title, detail } = row.entry === undefined ? { title: row.title ?? '', detail: row.raw ?? '' } : describe(items, row.entry, row.expiry);
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
          h('span', { class: `chip ${row.status}` }, text[row.status]),
          row.status === 'queued' || row.status === 'sent' ? h('button', { class: 'undo', onclick: () => undo(row) }, m.undo) : null,
        );
      }),
  );
}

/** Draws the running totals of one location. */
export function renderTotals(box: HTMLElement, location: string | undefined, rows: readonly ScanRow[], items: ReadonlyMap<string, Item>): void {
  const m = t();
  if (location === undefined) {
    box.replaceChildren();
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const here = totals(rows.filter(counts).map((row) => row.entry).filter((entry) => entry.location === location), items);
  box.replaceChildren(
    h('h2', {}, m.totalsHere(location)),
    here.length === 0
      ? h('p', { class: 'muted' }, m.nothingCountedHere)
      : h(
          'ul',
          { class: 'totals-list' },
          ...here.map((total) =>
            h(
              'li',
              { 'data-sku': total.sku, ...(total.lot === undefined ? {} : { 'data-lot': total.lot }) },
              h('span', {}, `${items.get(total.sku)?.name ?? total.sku}${total.lot === undefined ? '' : ` · ${m.lot(total.lot)}`}`),
              h('strong', { class: 'total-qty' }, `${total.qty} ${total.uom}`),
            ),
          ),
        ),
  );
}

/** Draws the sheet: each location with its scan count, the current one marked. */
export function renderSheet(list: HTMLElement, sheet: Sheet, here: string | undefined, rows: readonly ScanRow[], choose: (location: string) => void): void {
  const m = t();
  list.replaceChildren(
    ...sheet.locations.map((l) => {
      const counted = rows.filter((row) => counts(row) && row.entry.location === l.location).length;
      return h(
        'li',
        { class: `${l.location === here ? 'current' : ''} ${l.done ? 'done' : ''}`.trim() },
        h(
          'button',
          { class: 'location', 'data-location': l.location, onclick: () => choose(l.location) },
          h('span', {}, l.location),
          h('span', { class: 'muted' }, l.done ? m.complete : counted > 0 ? m.scanCount(counted) : ''),
        ),
      );
    }),
  );
}
