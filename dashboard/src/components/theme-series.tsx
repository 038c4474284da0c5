// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Topics } from '../api.ts';
import { formatNumber, useDashboard } from '../context.ts';
import { topicsLabels } from '../topics-labels.ts';
import { useCountAndSatisfactionChart } from './count-and-satisfaction-chart.ts';
import { ErrorAlert } from './error-alert.tsx';

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
  const [showData, setShowData] = useState(false);
  const theme = themes[Math.min(chosen, themes.length - 1)];
  const { canvas, chart, drawn, failure } = useCountAndSatisfactionChart(
    'comments',
    theme !== undefined,
  );

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !theme) return;
    instance.data.labels = theme.series.map((p) => p.start);
    instance.data.datasets = [
      {
        type: 'line',
        label: `${l.satisfaction} (/10)`,
        data: theme.series.map((p) => p.satisfaction),
        yAxisID: 'satisfaction',
        borderColor: '#000091',
        backgroundColor: '#000091',
        spanGaps: true,
      },
      {
        type: 'bar',
        label: l.comments,
        data: theme.series.map((p) => p.comments),
        yAxisID: 'comments',
        backgroundColor: '#cacafb',
      },
    ];
    instance.update();
  }, [theme, drawn, lang]);

  if (!theme) return null;
  const summary = l.seriesSummary(theme.name, theme.comments);
  return (
    <figure class="theme-chart">
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
      <figcaption>{summary}</figcaption>
      <div class="canvas">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
      <ErrorAlert error={failure} />
      <button
        type="button"
        class="fr-btn fr-btn--tertiary fr-btn--sm"
        aria-expanded={showData}
        onClick={() => setShowData(!showData)}
      >
        {showData ? l.hideData : l.showData}
      </button>
      {showData && (
        <div class="fr-table">
          <table>
            <caption>{l.series(theme.name)}</caption>
            <thead>
              <tr>
                <th scope="col">{l.start}</th>
                <th scope="col">{l.comments}</th>
                <th scope="col">{l.satisfaction} (/10)</th>
              </tr>
            </thead>
            <tbody>
              {theme.series.map((p) => (
                <tr>
                  <th scope="row">{p.start}</th>
                  <td>{formatNumber(p.comments, lang, 0)}</td>
                  <td>{p.satisfaction === null ? '–' : formatNumber(p.satisfaction, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
