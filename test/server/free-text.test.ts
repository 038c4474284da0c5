import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanLink, cleanText, freeText, safeLink } from '../../server/src/http/free-text.ts';

describe('cleanText', () => {
  it('a right-to-left override and every other bidirectional control are taken out', () => {
    const controls = '\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(cleanText(`facture${controls}.pdf`, 'line')).toEqual({
      text: 'facture.pdf',
      removedControls: 0,
    });
  });

  it('zero-width spaces, word joiners, BOMs and tag characters are taken out; emoji and Persian joiners stay', () => {
    const hidden = '\u200b\u2060\ufeff\u00ad\u{e0041}\u{e0042}\u{e007f}';
    expect(cleanText(`dé${hidden}lai`, 'line').text).toBe('délai');
    const family = '👩\u200d👩\u200d👧';
    const persian = 'می\u200cخواهم';
    expect(cleanText(`${family} ${persian}`, 'line').text).toBe(`${family} ${persian}`);
  });

  it('Arabic and Hebrew letters stay as typed', () => {
    expect(cleanText('مرحبا שלום', 'line').text).toBe('مرحبا שלום');
  });

  it('NUL, escape, DEL and C1 controls are taken out and counted', () => {
    expect(cleanText('a\u0000b\u001bc\u007fd\u0085e', 'lines')).toEqual({
      text: 'abcde',
      removedControls: 4,
    });
  });

  it('lines keep their breaks and tabs, a browser’s \\r\\n becoming \\n', () => {
    expect(cleanText('un\r\ndeux\rtrois\u2028quatre\tcinq', 'lines')).toEqual({
      text: 'un\ndeux\ntrois\nquatre\tcinq',
      removedControls: 0,
    });
  });

  it('one line turns breaks and tabs into spaces', () => {
    expect(cleanText('Carte\r\ngrise\tFrance', 'line').text).toBe('Carte grise France');
  });

  it('an accent typed as a combining mark is the same text as the accented letter (NFC)', () => {
    expect(cleanText('de\u0301lai', 'line').text).toBe('délai');
  });
});

describe('freeText', () => {
  const name = freeText({ max: 10 });
  const comment = freeText({ max: 10, min: 0, lines: true, controls: 'remove' });

  it('refuses a name holding NUL, and says why', () => {
    const result = name.safeParse('Pass\u0000port');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/control characters/);
  });

  it('removes NUL from a citizen’s comment, which is kept', () => {
    expect(comment.parse('Trop\u0000 long')).toBe('Trop long');
  });

  it('a name made only of invisible characters is empty, hence refused', () => {
    expect(name.safeParse(' \u202e\u2066 ').success).toBe(false);
  });

  it('measures the cleaned text: an override does not count toward the limit', () => {
    expect(name.parse('\u202e0123456789')).toBe('0123456789');
    expect(name.safeParse('01234567890').success).toBe(false);
  });

  it('OpenAPI shows a string with its lengths', () => {
    expect(z.toJSONSchema(name, { io: 'input' })).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 10,
    });
  });
});

describe('cleanLink and safeLink', () => {
  it('a link with a user and a password before the host is refused', () => {
    expect(cleanLink('https://user:pass@example.gouv.fr/')).toEqual({
      refused: 'must not hold a user name or password before the host',
    });
    expect('refused' in cleanLink('https://service-public.fr@evil.example/')).toBe(true);
  });

  it('a host in Cyrillic letters is kept in its ASCII form, which no one mistakes for Latin', () => {
    // «аpple» starts with U+0430, Cyrillic.
    expect(cleanLink('https://\u0430pple.com/aide')).toEqual({
      href: 'https://xn--pple-43d.com/aide',
    });
    expect(safeLink.parse('https://d\u00e9marches.example.fr')).toBe(
      'https://xn--dmarches-b1a.example.fr/',
    );
  });

  it('only http and https, and only a host name', () => {
    for (const link of [
      'javascript:alert(1)',
      'data:text/html,<script>',
      'ftp://example.gouv.fr/',
      'https://127.0.0.1/',
      'https://localhost/',
      'pas une adresse',
    ]) {
      expect('refused' in cleanLink(link), link).toBe(true);
    }
  });

  it('an ordinary address is kept as the browser would write it', () => {
    expect(safeLink.parse('https://www.service-public.fr/particuliers?x=1#a')).toBe(
      'https://www.service-public.fr/particuliers?x=1#a',
    );
  });
});
