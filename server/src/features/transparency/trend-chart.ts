import { type Html, html } from '../../pages/html.ts';

export type ChartPoint = { label: string; value: number | null };

const width = 640;
const height = 260;
const left = 36;
const right = 12;
const top = 12;
const bottom = 36;

/**
 * The monthly trend as an SVG drawn on the server (no script, no chart library): one point per
 * month with enough answers, joined when consecutive; a month without is a gap, never a zero.
 * The picture is named by its title and summary; its figures are in the table beside it.
 */
export function trendChart(
  points: ChartPoint[],
  titleId: string,
  summaryId: string,
  title: string,
): Html {
  const step = points.length > 1 ? (width - left - right) / (points.length - 1) : 0;
  const x = (i: number) => left + (points.length > 1 ? i * step : (width - left - right) / 2);
  const y = (value: number) => top + ((10 - value) / 10) * (height - top - bottom);
  const segments: string[][] = [];
  let current: string[] = [];
  points.forEach((point, i) => {
    if (point.value === null) {
      if (current.length > 0) segments.push(current);
      current = [];
      return;
    }
    current.push(`${x(i).toFixed(1)},${y(point.value).toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current);
  const every = Math.ceil(points.length / 6);
  return html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId} ${summaryId}">
<title id="${titleId}">${title}</title>
${[0, 5, 8, 10].map(
  (v) =>
    html`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${left - 8}" y="${y(v) + 5}" text-anchor="end">${v}</text>`,
)}
${points.map((point, i) =>
  i % every === 0 || i === points.length - 1
    ? html`<text x="${x(i).toFixed(1)}" y="${height - 12}" text-anchor="middle">${point.label}</text>`
    : '',
)}
${segments.map((segment) =>
  segment.length > 1 ? html`<polyline points="${segment.join(' ')}" class="line"/>` : '',
)}
${points.map((point, i) =>
  point.value === null
    ? ''
    : html`<circle cx="${x(i).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="5" class="dot"/>`,
)}
</svg>`;
}
