import { describe, expect, it } from 'vitest';
import { marginText } from '../../common/margin.ts';

describe('a margin as the dashboard, the public pages and the mails show it', () => {
  it('has one decimal, and says «< 0,1» where rounding would say «± 0»', () => {
    expect(marginText(2, 'fr-FR')).toBe('±\u00a02,0');
    expect(marginText(0.34, 'fr-FR')).toBe('±\u00a00,3');
    expect(marginText(0.1, 'fr-FR')).toBe('±\u00a00,1');
    expect(marginText(0, 'fr-FR')).toBe('<\u00a00,1');
    expect(marginText(0.04, 'fr-FR')).toBe('<\u00a00,1');
    expect(marginText(1.25, 'en-GB')).toBe('±\u00a01.3');
    expect(marginText(0, 'es-ES')).toBe('<\u00a00,1');
  });

  it('in a mail’s sentence, in words', () => {
    const words = { within: '', below: 'moins de ' };
    expect(`à ${marginText(0.8, 'fr-FR', words)} près`).toBe('à 0,8 près');
    expect(`à ${marginText(0, 'fr-FR', words)} près`).toBe('à moins de 0,1 près');
  });
});
