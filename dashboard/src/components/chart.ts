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

// Only the parts drawn here: chart.js tree-shakes the rest out of the bundle. This module is
// imported on demand (trend-chart.tsx), so chart.js is downloaded by the pages that draw a chart
// and by no other (the log-in page spent 173 KB on unused code before: BENCHMARKS.md, Lighthouse).
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

export { Chart };
