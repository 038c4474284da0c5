// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Stats } from '../api.ts';
import { formatNumber, useDashboard } from '../context.ts';
import { useCountAndSatisfactionChart } from './count-and-satisfaction-chart.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * Satisfaction (line, /10) and answer count (bars) per day, week or month. The chart is created
 * once it comes into view and chart.js has arrived (./chart.ts, loaded on demand; a procedure's
 * page fetches it early, it is only run here), updated in place when the data
 * changes and destroyed on unmount (umami's lifecycle); its numbers are also a table behind
 * «Voir les données», and a sentence says what it shows. Its box has its height from the start,
 * so nothing moves when it is drawn.
 */
export function TrendChart({ stats }: { stats: Stats }) {
  const { t, lang } = useDashboard();
  // Drawn at once the first time; animated from one period to the next (below).
  const { canvas, chart, drawn, failure } = useCountAndSatisfactionChart('answers');
  const [showData, setShowData] = useState(false);
  const labels = stats.series.map((p) => p.start);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.data.labels = labels;
    instance.data.datasets = [
      {
        type: 'line',
        label: `${t.satisfaction} (/10)`,
        data: stats.series.map((p) => p.satisfaction),
        yAxisID: 'satisfaction',
        borderColor: '#000091',
        backgroundColor: '#000091',
        spanGaps: true,
      },
      {
        type: 'bar',
        label: t.answers,
        data: stats.series.map((p) => p.answers),
        yAxisID: 'answers',
        backgroundColor: '#cacafb',
      },
    ];
    instance.update();
    // The first drawing, animated, was a 300 ms series of frames each redrawing the whole chart:
    // most of the page's blocking time on a slow phone (BENCHMARKS.md, Lighthouse).
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    instance.options.animation = reduceMotion ? false : { duration: 300 };
  }, [stats, t, drawn]);

  const s = stats.indicators.satisfaction;
  const summary = t.summary(
    stats.indicators.answers,
    s.value === null ? '–' : formatNumber(s.value, lang),
    s.level ? t.scoreLevels[s.level] : '–',
  );

  return (
    <figure class="chart">
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
        {showData ? t.hideData : t.showData}
      </button>
      {showData && (
        <div class="fr-table">
          <table>
            <caption>{t.dataOf}</caption>
            <thead>
              <tr>
                <th scope="col">{t.periodStart}</th>
                <th scope="col">{t.answers}</th>
                <th scope="col">{t.satisfaction} (/10)</th>
              </tr>
            </thead>
            <tbody>
              {stats.series.map((p) => (
                <tr>
                  <th scope="row">{p.start}</th>
                  <td>{formatNumber(p.answers, lang, 0)}</td>
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
