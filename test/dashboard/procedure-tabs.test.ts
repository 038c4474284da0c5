import { describe, expect, it } from 'vitest';
import { periodOf, searchOf, tabOf, tabPath } from '../../dashboard/src/procedure-tabs.ts';

const fallback = { from: '2026-11-08', to: '2026-12-07', source: '' };

describe('a procedure’s parts have addresses', () => {
  it('the bare address is «Synthèse», each part its own, and an unknown one none', () => {
    expect(tabOf('/dashboard/procedures/k7d2')).toBe('synthese');
    expect(tabOf('/dashboard/procedures/k7d2/')).toBe('synthese');
    expect(tabOf('/dashboard/procedures/k7d2/usagers')).toBe('usagers');
    expect(tabOf('/dashboard/procedures/k7d2/acces?from=2026-01-01')).toBe('acces');
    expect(tabOf('/dashboard/procedures/k7d2/nowhere')).toBeUndefined();
    expect(tabPath('k7d2', 'synthese', '')).toBe('/dashboard/procedures/k7d2');
    expect(tabPath('k7d2', 'reponses', '?source=a')).toBe(
      '/dashboard/procedures/k7d2/reponses?source=a',
    );
  });

  it('the period and placement go through the query string, the default one leaves it bare', () => {
    expect(searchOf(fallback, fallback)).toBe('');
    const chosen = { from: '2026-01-01', to: '2026-03-31', source: 'confirmation' };
    const search = searchOf(chosen, fallback);
    expect(search).toBe('?from=2026-01-01&to=2026-03-31&source=confirmation');
    expect(periodOf(search, fallback)).toEqual(chosen);
    expect(periodOf('?source=x', fallback)).toEqual({ ...fallback, source: 'x' });
    // Half a period, or not days, is no period: the default one.
    expect(periodOf('?from=2026-01-01', fallback)).toEqual(fallback);
    expect(periodOf('?from=yesterday&to=today', fallback)).toEqual(fallback);
  });
});
