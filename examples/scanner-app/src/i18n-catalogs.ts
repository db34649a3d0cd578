/** The locale catalogs and how a browser's languages pick one (no DOM: the tests import it too). */
import { en, type Messages } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';

/** The locales the app speaks, each with its catalog of every string. */
export const LOCALES = { en, 'zh-CN': zhCN } as const satisfies Record<string, Messages>;

/** A locale the app speaks. */
export type Locale = keyof typeof LOCALES;

/**
 * The locale for a list of preferred languages: the first that is Chinese (`zh`, `zh-CN`,
 * `zh-Hans`, …) or English decides; English when none is.
 *
 * @param languages - the browser's languages, most preferred first
 * @returns the locale
 */
export function localeFor(languages: readonly string[]): Locale {
  for (const language of languages) {
    const tag = language.toLowerCase();
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}
