import type { Chart } from 'chart.js';
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { whenVisible } from '../when-visible.ts';

/**
 * A chart of counts (bars, left axis `countAxis`) and satisfaction (line, right axis /10),
 * created once its canvas comes into view and chart.js has arrived (./chart.ts, loaded on demand),
 * drawn at once the first time, and destroyed on unmount (umami's lifecycle). `ready` false: the
 * canvas is not on the page yet. The caller fills `chart.current.data` and updates it in place.
 */
export function useCountAndSatisfactionChart(
  countAxis: string,
  ready = true,
): {
  canvas: RefObject<HTMLCanvasElement>;
  chart: RefObject<Chart | null>;
  drawn: boolean;
  failure: unknown;
} {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    if (!ready || !canvas.current) return;
    let unmounted = false;
    const stopWaiting = whenVisible(canvas.current, () =>
      import('./chart.ts').then(({ Chart }) => {
        if (unmounted || !canvas.current) return;
        chart.current = new Chart(canvas.current, {
          type: 'bar',
          data: { labels: [], datasets: [] },
          options: {
            animation: false,
            maintainAspectRatio: false,
            scales: {
              [countAxis]: { type: 'linear', position: 'left', beginAtZero: true },
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
  }, [ready]);
  return { canvas, chart, drawn, failure };
}
