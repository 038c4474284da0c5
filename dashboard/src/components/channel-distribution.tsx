// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import type { Stats } from '../api.ts';
import { formatNumber, useDashboard } from '../context.ts';
import { channelOrder } from './channel-help-table.tsx';
import { DataTable } from './data-table.tsx';

type Channels = Stats['distribution']['channels'];

/**
 * The answers to one help question per channel: a row a channel, a column an answer, so that
 * «the phone never answers» reads as a row of «Non».
 */
export function ChannelDistribution<K extends string>({
  title,
  channels,
  columns,
  counts,
}: {
  title: string;
  channels: Channels;
  columns: [key: K, label: string][];
  counts: (channel: Channels[keyof Channels]) => Record<K, number>;
}) {
  const { t, lang } = useDashboard();
  const rows = channelOrder
    .map((c) => [c, counts(channels[c])] as const)
    .filter(([c, row]) => c !== 'unknown' || Object.values<number>(row).some((n) => n > 0));
  return (
    <DataTable
      caption={title}
      columns={[t.channel, ...columns.map(([, label]) => label)]}
      class="distribution"
    >
      {rows.map(([c, row]) => (
        <tr key={c}>
          <th scope="row">{t.channels[c]}</th>
          {columns.map(([key]) => (
            <td>{formatNumber(row[key], lang, 0)}</td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
