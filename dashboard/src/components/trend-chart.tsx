// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useMemo } from 'preact/hooks';
import type { Stats } from '../api.ts';
import { formatNumber, useDashboard } from '../context.ts';
import { CountAndSatisfactionChart } from './count-and-satisfaction-chart.tsx';

/**
 * Satisfaction (line, /10) and answer count (bars) per day, week or month of the asked period
 * (chart.js loaded on demand: a procedure's page fetches it early, it is only run when the chart
 * comes into view); drawn at once the first time, animated from one period to the next.
 */
export function TrendChart({ stats }: { stats: Stats }) {
  const { t, lang } = useDashboard();
  const points = useMemo(
    () =>
      stats.series.map((p) => ({ start: p.start, count: p.answers, satisfaction: p.satisfaction })),
    [stats],
  );
  const s = stats.indicators.satisfaction;
  return (
    <CountAndSatisfactionChart
      class="chart"
      points={points}
      animateChanges
      summary={t.summary(
        stats.indicators.answers,
        s.value === null ? '–' : formatNumber(s.value, lang),
        s.level ? t.scoreLevels[s.level] : '–',
      )}
      labels={{
        count: t.answers,
        satisfaction: t.satisfaction,
        start: t.periodStart,
        caption: t.dataOf,
        showData: t.showData,
        hideData: t.hideData,
      }}
    />
  );
}
