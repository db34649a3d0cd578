/**
 * The two dialogs of the counting screen: the quantity keypad (× N for the next scan, so 200
 * loose items are one scan) and the confirmation before completing a location, which lists what
 * will count as zero.
 */
import { h } from './dom.js';
import { t } from './i18n.js';

/** The most a quantity may be (the keypad stops taking digits beyond it). */
const MAX_DIGITS = 6;

function modal(testId: string, ...children: Node[]): { dialog: HTMLDialogElement; close: () => void } {
  const dialog = h('dialog', { class: 'modal', 'data-testid': testId }, ...children);
  document.body.append(dialog);
  dialog.showModal();
  return {
    dialog,
    close: () => {
      dialog.close();
      dialog.remove();
    },
  };
}

/**
 * Asks for a quantity on a numeric keypad (the device's keyboard stays closed: a scanner is its
 * keyboard). Digits, a clear key and a decimal point for items counted by weight or length.
 *
 * @param initial - the quantity to start from, e.g. the one waiting
 * @returns the quantity, or `undefined` when cancelled or left empty
 */
export function askQuantity(initial = ''): Promise<string | undefined> {
  return new Promise((resolve) => {
    let value = initial;
    const display = h('output', { class: 'keypad-display', 'data-testid': 'keypad-display' });
    const ok = h('button', { class: 'primary', 'data-testid': 'keypad-ok', onclick: () => finish(value) }, t().ok);
    const render = (): void => {
      display.textContent = value === '' ? '0' : value;
      ok.disabled = !/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0;
    };
    const press = (key: string): void => {
      if (key === 'C') value = '';
      else if (key === '.') value = value.includes('.') ? value : `${value === '' ? '0' : value}.`;
      else if (value.replace('.', '').length < MAX_DIGITS) value = value === '0' ? key : value + key;
      render();
    };
    const keys = ['7', '8', '9', '4', '5', '6', '1', '2', '3', 'C', '0', '.'].map((key) =>
      h('button', { type: 'button', class: 'key', 'data-key': key, 'aria-label': key === 'C' ? t().clear : key, onclick: () => press(key) }, key),
    );
    const { dialog, close } = modal(
      'keypad',
      h('h2', { class: 'modal-title' }, t().quantityTitle),
      h('p', { class: 'modal-help' }, t().quantityHelp),
      display,
      h('div', { class: 'keypad' }, ...keys),
      h('div', { class: 'modal-actions' }, h('button', { type: 'button', 'data-testid': 'keypad-cancel', onclick: () => finish(undefined) }, t().cancel), ok),
    );
    // Digits typed on a hardware keypad work too.
    dialog.addEventListener('keydown', (event) => {
      if (/^[0-9.]$/.test(event.key)) press(event.key);
      else if (event.key === 'Backspace') (value = value.slice(0, -1)), render();
      else if (event.key === 'Enter' && !ok.disabled) finish(value);
      else return;
      event.preventDefault();
    });
    dialog.addEventListener('cancel', () => finish(undefined));
    function finish(result: string | undefined): void {
      close();
      resolve(result === undefined || result === '' ? undefined : result.replace(/\.$/, ''));
    }
    render();
    ok.focus();
  });
}

/** What completing a location means, for {@link confirmComplete}. */
export interface CompletionSummary {
  readonly location: string;
  /** Scans counted at the location. */
  readonly scans: number;
  /** Items expected there that nobody scanned: completing counts them as zero. */
  readonly zero: readonly string[];
}

/**
 * Asks before completing a location, listing what will count as zero.
 *
 * @returns whether the counter confirmed
 */
export function confirmComplete(summary: CompletionSummary): Promise<boolean> {
  return new Promise((resolve) => {
    const { dialog, close } = modal(
      'complete-dialog',
      h('h2', { class: 'modal-title' }, t().confirmTitle(summary.location)),
      h('p', {}, t().confirmCounted(summary.scans)),
      summary.zero.length === 0
        ? h('p', { 'data-testid': 'zero-none' }, t().confirmNoZero)
        : h('div', {}, h('p', { class: 'warn-text' }, t().confirmZero), h('ul', { class: 'zero-list', 'data-testid': 'zero-list' }, ...summary.zero.map((line) => h('li', {}, line)))),
      h(
        'div',
        { class: 'modal-actions' },
        h('button', { type: 'button', 'data-testid': 'confirm-cancel', onclick: () => finish(false) }, t().cancel),
        h('button', { type: 'button', class: 'primary', 'data-testid': 'confirm-complete', onclick: () => finish(true) }, t().confirmComplete),
      ),
    );
    dialog.addEventListener('cancel', () => finish(false));
    function finish(confirmed: boolean): void {
      close();
      resolve(confirmed);
    }
  });
}
