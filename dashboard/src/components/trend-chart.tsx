import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Stats } from '../api.ts';
import { formatNumber, useDashboard } from '../context.ts';

// Only the parts drawn here: chart.js tree-shakes the rest out of the bundle.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
);

/**
 * Satisfaction (line, /10) and answer count (bars) per day, week or month. The chart is created
 * once, updated in place when the data changes and destroyed on unmount (umami's lifecycle); its
 * numbers are also a table behind «Voir les données», and a sentence says what it shows.
 */
export function TrendChart({ stats }: { stats: Stats }) {
  const { t, lang } = useDashboard();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [showData, setShowData] = useState(false);
  const labels = stats.series.map((p) => p.start);

  useEffect(() => {
    if (!canvas.current) return;
    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: reduceMotion ? false : { duration: 300 },
        maintainAspectRatio: false,
        scales: {
          answers: { type: 'linear', position: 'left', beginAtZero: true },
          satisfaction: {
            type: 'linear',
            position: 'right',
            min: 0,
            max: 10,
            grid: { drawOnChartArea: false },
          },
        },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

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
  }, [stats, t]);

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
