/**
 * The interface language: English or Chinese (zh-CN), chosen from the browser's languages
 * (`navigator.languages`) unless the counter picked one with the switch (kept in localStorage).
 * Every string comes from one catalog per locale (`locales/`).
 */
import { LOCALES, localeFor, type Locale } from './i18n-catalogs.js';
import type { Messages } from './locales/en.js';

export { LOCALES, localeFor, type Locale } from './i18n-catalogs.js';

const KEY = 'stocktake.locale';

function initial(): Locale {
  const chosen = localStorage.getItem(KEY);
  if (chosen !== null && chosen in LOCALES) return chosen as Locale;
  return localeFor(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

let current: Locale = initial();

/** The current locale. */
export function locale(): Locale {
  return current;
}

/** The current catalog. */
export function t(): Messages {
  return LOCALES[current];
}

/**
 * Switches the language and remembers the choice on this device.
 *
 * @param next - the locale
 */
export function setLocale(next: Locale): void {
  current = next;
  localStorage.setItem(KEY, next);
  applyDocumentLocale();
}

/** Sets `<html lang>` and the title for the current locale. */
export function applyDocumentLocale(): void {
  document.documentElement.lang = current;
  document.title = t().appTitle;
}
