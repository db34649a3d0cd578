/** DOM helpers shared by the screens: element building, the header bar and its language switch. */
import { LOCALES, locale, setLocale, t, type Locale } from './i18n.js';

/** Attributes of {@link h}: strings, boolean attributes, and `on<event>` listeners. */
export type Attrs = Record<string, string | boolean | ((event: Event) => void)>;

/**
 * Creates an element with attributes and children.
 *
 * @returns the element
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null | undefined | false>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false) el.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** The app's root element. */
export const root = document.querySelector<HTMLElement>('#app')!;

/**
 * The language switch: the counter's choice is kept on the device and the page reloads in the
 * new language (the open task, the scans and the queue survive a reload).
 *
 * @returns the select element
 */
export function languageSwitch(): HTMLSelectElement {
  const select = h(
    'select',
    {
      class: 'language',
      'aria-label': t().language,
      'data-testid': 'language',
      onchange: (event) => {
        setLocale((event.target as HTMLSelectElement).value as Locale);
        location.reload();
      },
    },
    ...Object.entries(LOCALES).map(([code, messages]) => h('option', { value: code, ...(code === locale() ? { selected: true } : {}) }, messages.languageName)),
  );
  return select;
}

/**
 * The header bar: a title, whatever goes on the right (the status), and the language switch.
 *
 * @returns the header
 */
export function header(title: string, right?: Node): HTMLElement {
  return h('header', { class: 'bar' }, h('h1', {}, title), h('div', { class: 'bar-right' }, right ?? null, languageSwitch()));
}
