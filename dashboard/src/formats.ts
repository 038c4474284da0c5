import type { DashboardLang } from './labels.ts';

/**
 * Every date, time, number and percentage the dashboard shows, in the page's language and never
 * the browser's locale (issue 27): a French page reads «6 déc. 2026, 18:23» and «68,1 %» in a
 * browser set to en-US too. Pure and free of Preact, so that label files may use it.
 *
 * One formatter per language and option, made once: `toLocaleString` with options builds a new
 * one at every call (in Chromium at 4× CPU slowdown, 120 numbers took 61 ms that way, 6 ms this
 * way).
 */
export const localeOf = (lang: DashboardLang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** The formatter of this language and these options, made the first time it is asked for. */
function cached<Format extends Intl.NumberFormat | Intl.DateTimeFormat>(
  key: string,
  make: () => Format,
): Format {
  let format = formats.get(key) as Format | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

/** A number as people of the language write it: «1 234,5» in French, «1,234.5» in English. */
export function formatNumber(value: number, lang: DashboardLang, digits = 1): string {
  return cached(
    `${lang} ${digits}`,
    () => new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: digits }),
  ).format(value);
}

/**
 * A share of 0 to 100 as a percentage: «68,1 %» in French, with the no-break space Intl puts
 * there (U+00A0 in today's CLDR, U+202F in older ones), so the sign never wraps alone onto a line;
 * «68.1%» in English.
 */
export function formatPercent(value: number, lang: DashboardLang, digits = 1): string {
  const { figure, sign } = percentParts(value, lang, digits);
  return `${figure}${sign}`;
}

/**
 * A percentage in two parts, for a figure drawn large beside a smaller sign (a tile): the sign
 * part keeps the space before it (French), so nothing glued by hand can lose or double it.
 */
export function percentParts(
  value: number,
  lang: DashboardLang,
  digits = 1,
): { figure: string; sign: string } {
  const text = cached(
    `${lang} ${digits} %`,
    () =>
      new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: digits }),
  ).format(value / 100);
  // French and English put the sign last: «68,1 %», «68.1%».
  const [, figure = text, sign = ''] = /^(.*\d)(\D*)$/.exec(text) ?? [];
  return { figure, sign };
}

/** After a score: «7,5 / 10» with no-break spaces, so «/ 10» never starts a line by itself. */
export const outOf10 = '\u00a0/\u00a010';

/**
 * A calendar day «6 déc. 2026» («6 Dec 2026»). A day `YYYY-MM-DD` (a period's start, an
 * improvement's date, a key's day of use, all counted in TZ_REPORT by the server) is that day
 * wherever the browser is; a moment is the day it is on the person's clock.
 */
export function formatDate(iso: string, lang: DashboardLang): string {
  const isDay = iso.length === 10;
  return cached(
    `${lang} ${isDay ? 'day' : 'moment-day'}`,
    () =>
      new Intl.DateTimeFormat(localeOf(lang), {
        dateStyle: 'medium',
        ...(isDay && { timeZone: 'UTC' }),
      }),
  ).format(new Date(isDay ? `${iso}T00:00:00Z` : iso));
}

/**
 * A moment «6 déc. 2026, 18:23» («6 Dec 2026, 18:23»), on the person's clock (the browser's time
 * zone, not its locale): when an answer arrived, an entry of the journal.
 */
export function formatDateTime(iso: string, lang: DashboardLang): string {
  return cached(
    `${lang} moment`,
    () => new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(new Date(iso));
}
