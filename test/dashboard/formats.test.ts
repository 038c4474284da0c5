import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  outOf10,
  percentParts,
} from '../../dashboard/src/formats.ts';
import { dashboardLabels } from '../../dashboard/src/i18n.ts';

// The test process's own locale and zone must not matter but the zone of a moment: pin it.
process.env.TZ = 'Europe/Paris';
const arrived = '2026-12-06T17:23:55Z';

describe('the dashboard’s formats follow the page’s language', () => {
  it('a moment reads «\u202f6 déc. 2026, 18:23\u202f» in French and «\u202f6 Dec 2026, 18:23\u202f» in English', () => {
    expect(formatDateTime(arrived, 'fr')).toBe('6 déc. 2026, 18:23');
    expect(formatDateTime(arrived, 'en')).toBe('6 Dec 2026, 18:23');
  });

  it('a calendar day is that day wherever the browser is; a moment is the day on its clock', () => {
    expect(formatDate('2026-12-06', 'fr')).toBe('6 déc. 2026');
    expect(formatDate('2026-01-01', 'en')).toBe('1 Jan 2026');
    // 23:30 UTC is already the next day in Paris.
    expect(formatDate('2026-12-06T23:30:00Z', 'fr')).toBe('7 déc. 2026');
  });

  it('numbers group and round as the language writes them', () => {
    expect(formatNumber(1234.56, 'fr')).toBe('1\u202f234,6');
    expect(formatNumber(1234.56, 'en')).toBe('1,234.6');
    expect(formatNumber(7, 'fr')).toBe('7');
    expect(formatNumber(2.25, 'fr', 0)).toBe('2');
  });

  it('a French percentage keeps its sign on the figure’s line: «\u202f68,1 %\u202f», as Intl writes it', () => {
    // Intl's no-break space: U+00A0 in the ICU of Node 24 and Chromium 156 (CLDR), U+202F in
    // older ones. Either holds the sign to the figure; a plain space would not.
    const noBreak = /^68,1[\u00a0\u202f]%$/;
    expect(formatPercent(68.14, 'fr')).toMatch(noBreak);
    expect(formatPercent(68.14, 'en')).toBe('68.1%');
    expect(formatPercent(100, 'fr')).toMatch(/^100[\u00a0\u202f]%$/);
    expect(formatPercent(0, 'en')).toBe('0%');
    expect(formatPercent(1234.5, 'fr')).not.toMatch(/ /);
    const { figure, sign } = percentParts(68.14, 'fr');
    expect(figure).toBe('68,1');
    expect(sign).toMatch(/^[\u00a0\u202f]%$/);
    expect(percentParts(68.14, 'en')).toEqual({ figure: '68.1', sign: '%' });
  });

  it('«\u202f/ 10\u202f» holds to its score', () => {
    expect(`${formatNumber(7.5, 'fr')}${outOf10}`).toBe('7,5\u00a0/\u00a010');
  });

  it('counts in sentences are grouped too', () => {
    expect(dashboardLabels.fr.onAnswers(1234)).toBe('sur 1\u202f234 avis');
    expect(dashboardLabels.en.onAnswers(1234)).toBe('from 1,234 answers');
    expect(dashboardLabels.fr.summary(12000, '7,5', 'Moyen')).toBe(
      'Sur la période, 12\u202f000 avis. Satisfaction\u202f: 7,5 sur 10 (Moyen).',
    );
  });
});
