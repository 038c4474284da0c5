import type { Chart } from 'chart.js';
// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { type ComponentChildren, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDate, formatNumber, localeOf, useDashboard } from '../context.ts';
import { whenVisible } from '../when-visible.ts';
import { DataTable } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';

/** One interval of the series: its first day, how many (answers, comments), satisfaction /10. */
export type ChartPoint = { start: string; count: number; satisfaction: number | null };

export type ChartLabels = {
  count: string;
  satisfaction: string;
  start: string;
  caption: string;
  showData: string;
  hideData: string;
};

/**
 * Counts (bars, left axis) and satisfaction (line, right axis /10) per interval: a sentence
 * saying what it shows, the chart, and its numbers as a table behind «Voir les données». The
 * chart is created once its canvas comes into view and chart.js has arrived (./chart.ts, loaded
 * on demand), drawn at once the first time, updated in place when the points change, destroyed on
 * unmount (umami's lifecycle). Its box has its height from the start (CSS), so nothing moves when
 * it is drawn.
 */
export function CountAndSatisfactionChart({
  class: className,
  points,
  labels,
  summary,
  animateChanges = false,
  children,
}: {
  class: string;
  /** Compared by identity: give the same array while the data is the same. */
  points: ChartPoint[];
  labels: ChartLabels;
  summary: string;
  /** Changes from one period to the next are animated, unless the person asks for less motion. */
  animateChanges?: boolean;
  /** Above the sentence (a choice of what to show). */
  children?: ComponentChildren;
}) {
  const { lang } = useDashboard();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [showData, setShowData] = useState(false);

  useEffect(() => {
    if (!canvas.current) return;
    let unmounted = false;
    const stopWaiting = whenVisible(canvas.current, () =>
      import('./chart.ts').then(({ Chart }) => {
        if (unmounted || !canvas.current) return;
        chart.current = new Chart(canvas.current, {
          type: 'bar',
          data: { labels: [], datasets: [] },
          options: {
            // Its axes' numbers in the page's language, not the browser's.
            locale: localeOf(lang),
            animation: false,
            maintainAspectRatio: false,
            scales: {
              count: { type: 'linear', position: 'left', beginAtZero: true },
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
        setDrawn(true);
      }, setFailure),
    );
    return () => {
      unmounted = true;
      stopWaiting();
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.data.labels = points.map((p) => formatDate(p.start, lang));
    instance.data.datasets = [
      {
        type: 'line',
        label: `${labels.satisfaction} (/10)`,
        data: points.map((p) => p.satisfaction),
        yAxisID: 'satisfaction',
        borderColor: '#000091',
        backgroundColor: '#000091',
        spanGaps: true,
      },
      {
        type: 'bar',
        label: labels.count,
        data: points.map((p) => p.count),
        yAxisID: 'count',
        backgroundColor: '#cacafb',
      },
    ];
    instance.update();
    // The first drawing, animated, was a 300 ms series of frames each redrawing the whole chart:
    // most of the page's blocking time on a slow phone (BENCHMARKS.md, Lighthouse).
    if (animateChanges) {
      const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
      instance.options.animation = reduceMotion ? false : { duration: 300 };
    }
  }, [points, drawn, labels.count, labels.satisfaction, lang]);

  return (
    <figure class={className}>
      {children}
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
        {showData ? labels.hideData : labels.showData}
      </button>
      {showData && (
        <DataTable
          caption={labels.caption}
          columns={[labels.start, labels.count, `${labels.satisfaction} (/10)`]}
        >
          {points.map((p) => (
            <tr>
              <th scope="row">
                <time dateTime={p.start}>{formatDate(p.start, lang)}</time>
              </th>
              <td>{formatNumber(p.count, lang, 0)}</td>
              <td>{p.satisfaction === null ? '–' : formatNumber(p.satisfaction, lang)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </figure>
  );
}
