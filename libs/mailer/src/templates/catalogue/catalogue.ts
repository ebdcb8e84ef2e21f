import { en } from './en';
import { fr } from './fr';
import type { MailStrings, PartialMailStrings } from './mail-strings';

export const DEFAULT_LOCALE = 'en';

export const CATALOGUES: Readonly<Record<string, PartialMailStrings>> = { en, fr };

export interface LocaleStrings {
  /** The locale the strings are for: the requested one if it has a catalogue, else `en`. */
  locale: string;
  strings: MailStrings;
}

/**
 * `fr-CA` → `fr-ca`, then `fr`, then English. Sections a locale does not translate come from
 * English, so a partial catalogue still yields a complete mail.
 */
export function stringsFor(
  requested: string,
  catalogues: Readonly<Record<string, PartialMailStrings>> = CATALOGUES,
): LocaleStrings {
  const tag = requested.trim().toLowerCase().replace(/_/g, '-');
  const candidates = [tag, tag.split('-')[0]].filter((c) => c !== '' && c !== DEFAULT_LOCALE);
  for (const locale of candidates) {
    const partial = Object.prototype.hasOwnProperty.call(catalogues, locale)
      ? catalogues[locale]
      : undefined;
    if (partial) return { locale, strings: { ...en, ...partial } };
  }
  return { locale: DEFAULT_LOCALE, strings: en };
}
