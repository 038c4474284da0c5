// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { formatNumber, formatPercent, useDashboard } from '../context.ts';
import { DataTable } from './data-table.tsx';

/**
 * The answers to one question as horizontal bars that are a table: the numbers are read by a
 * screen reader and shown in words, the bar only draws them.
 */
export function Distribution({
  title,
  rows,
}: {
  title: string;
  rows: [label: string, count: number][];
}) {
  const { t, lang } = useDashboard();
  const total = rows.reduce((sum, [, count]) => sum + count, 0);
  return (
    <DataTable caption={title} columns={[t.answer, t.count, t.share]} class="distribution">
      {rows.map(([label, count]) => {
        const share = total ? (100 * count) / total : 0;
        return (
          <tr>
            <th scope="row">{label}</th>
            <td>{formatNumber(count, lang, 0)}</td>
            <td>
              <span
                class="share-bar"
                style={{ width: `${(share / 100) * 6}rem` }}
                aria-hidden="true"
              />
              {formatPercent(share, lang)}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
