import { z } from 'zod';

/**
 * Free text as it is stored, whoever types it (names, titles, keywords, comments): the one rule
 * for every schema that takes text to keep (issue 24, finding 8; ASVS 5.1.4 and 5.2.2).
 *
 * - Invisible format characters (Unicode's Cf) are removed: the bidirectional ones (U+061C,
 *   U+200E/F, U+202A–U+202E, U+2066–U+2069) only reorder what is shown, so «txt.exe» can read as
 *   «exe.txt» (Trojan Source, CVE-2021-42574), and right-to-left text displays without them; the
 *   others (zero-width space U+200B, word joiner U+2060, U+FEFF, the tags U+E0000–U+E007F) hide
 *   text from a reader, a search or a keyword. Zero-width joiner and non-joiner (U+200D, U+200C)
 *   stay: they shape emoji and Persian or Indic words.
 * - Line breaks: `\r\n`, `\r`, U+2028 and U+2029 become `\n` where text has lines (a browser posts
 *   a textarea's lines as `\r\n`), a space where it has one line, as does a tab there.
 * - Other control characters (C0, DEL, C1: NUL…) are counted and removed; the schema decides
 *   whether a count above 0 refuses the text (see `freeText`).
 * - NFC: «é» typed as e + U+0301 and as U+00E9 is one word (search, themes, uniqueness).
 */
export function cleanText(
  text: string,
  shape: 'line' | 'lines',
): { text: string; removedControls: number } {
  let removedControls = 0;
  const withLines = text
    .replace(/[^\P{Cf}\u200C\u200D]/gu, '')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n');
  const cleaned = (shape === 'line' ? withLines.replace(/[\t\n]/g, ' ') : withLines)
    .replace(/[^\P{Cc}\t\n]/gu, () => {
      removedControls++;
      return '';
    })
    .normalize('NFC');
  return { text: cleaned, removedControls };
}

export type FreeTextOptions = {
  /** Longest, in UTF-16 code units, once cleaned and trimmed. */
  max: number;
  /** Shortest once cleaned and trimmed; default 1 (a name made only of invisibles is none). */
  min?: number;
  /** True where text has lines (comments, an improvement's text). */
  lines?: boolean;
  /**
   * What a control character (NUL…) does: `refuse` (400) where staff type the text and see the
   * error at once; `remove` where citizens do (an answer is never lost for an invisible character,
   * and the widget has no way to ask again).
   */
  controls?: 'refuse' | 'remove';
};

/** A string schema that stores `cleanText`'s result: validation, type and OpenAPI in one. */
export function freeText({ max, min = 1, lines = false, controls = 'refuse' }: FreeTextOptions) {
  const shape = lines ? 'lines' : 'line';
  return z
    .string()
    .superRefine((text, ctx) => {
      if (controls === 'refuse' && cleanText(text, shape).removedControls > 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'must not hold control characters (NUL, escape…)',
        });
      }
    })
    .overwrite((text) => cleanText(text, shape).text)
    .trim()
    .min(min)
    .max(max);
}

/** Dot-separated ASCII labels ending in a letter TLD (or its punycode): a host name, not an IP. */
const asciiDomain =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The link as stored and shown, or why it is refused: http or https only (never `javascript:`,
 * `data:`), no user or password before the host (`https://gouv.fr@evil.example` reads as
 * gouv.fr), a domain name (not an IP address), and the host in its ASCII form: the WHATWG URL
 * parser turns a host with Cyrillic letters into punycode (`аpple.com` → `xn--pple-43d.com`),
 * which no one mistakes for the Latin name.
 */
export function cleanLink(value: string): { href: string } | { refused: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { refused: 'is not an address such as https://www.example.gouv.fr/page' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { refused: 'must start with https:// or http://' };
  if (url.username !== '' || url.password !== '')
    return { refused: 'must not hold a user name or password before the host' };
  if (url.hostname.length > 253 || !asciiDomain.test(url.hostname))
    return { refused: 'must name a host such as example.gouv.fr' };
  return { href: url.href };
}

/** A link to keep and show to citizens (see `cleanLink`), up to 500 characters. */
export const safeLink = z
  .string()
  .superRefine((value, ctx) => {
    const link = cleanLink(value);
    if ('refused' in link) ctx.addIssue({ code: 'custom', message: link.refused });
  })
  .overwrite((value) => {
    const link = cleanLink(value);
    return 'href' in link ? link.href : value;
  })
  .max(500)
  .meta({
    description:
      'An http or https address without user name or password, e.g. the page that explains the change; a host in other than Latin letters is kept in its ASCII form (xn--…).',
  });
