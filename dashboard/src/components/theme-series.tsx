// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Topics } from '../api.ts';
import { useDashboard } from '../context.ts';
import { topicsLabels } from '../topics-labels.ts';
import { CountAndSatisfactionChart } from './count-and-satisfaction-chart.tsx';

/**
 * One theme's comments and satisfaction per interval: a small chart drawn when it comes into
 * view (chart.js on demand, as the trend chart), a sentence, and its numbers as a table.
 */
export function ThemeSeries({ themes }: { themes: Topics['themes'] }) {
  const { lang } = useDashboard();
  const l = topicsLabels[lang];
  // The theme most talked about first: an empty chart says nothing.
  const busiest = themes.reduce(
    (best, t, i) => (t.comments > (themes[best]?.comments ?? 0) ? i : best),
    0,
  );
  const [chosen, setChosen] = useState(busiest);
  const theme = themes[Math.min(chosen, themes.length - 1)];
  const points = useMemo(
    () =>
      theme?.series.map((p) => ({
        start: p.start,
        count: p.comments,
        satisfaction: p.satisfaction,
      })) ?? [],
    [theme],
  );

  if (!theme) return null;
  const summary = l.seriesSummary(theme.name, theme.comments);
  return (
    <CountAndSatisfactionChart
      class="theme-chart"
      points={points}
      summary={summary}
      labels={{
        count: l.comments,
        satisfaction: l.satisfaction,
        start: l.start,
        caption: l.series(theme.name),
        showData: l.showData,
        hideData: l.hideData,
      }}
    >
      <div class="fr-select-group">
        <label class="fr-label" for="theme-series">
          {l.theme}
        </label>
        <select
          class="fr-select"
          id="theme-series"
          value={String(chosen)}
          onChange={(e) => setChosen(Number(e.currentTarget.value))}
        >
          {themes.map((t, i) => (
            <option value={String(i)}>{t.name}</option>
          ))}
        </select>
      </div>
    </CountAndSatisfactionChart>
  );
}
