// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import type { Indicator, Stats } from '../api.ts';
import { formatNumber, formatPercent, outOf10, useDashboard } from '../context.ts';
import { DataTable } from './data-table.tsx';
import { LevelBadge } from './indicator-tile.tsx';

type Channels = Stats['indicators']['channels'];

/** Rows in the questionnaire's order; `unknown` (the earlier shape) last. */
export const channelOrder = [
  'counter',
  'phone',
  'email',
  'chat',
  'unknown',
] as const satisfies readonly (keyof Channels)[];

/**
 * «Aide joignable» and «Aide efficace» per administration channel (docs/design.md §6), so that a
 * product owner sees which channel fails. Each figure carries its own sample and flag: a channel
 * may have enough answers on being reached and too few ratings.
 */
export function ChannelHelpTable({ channels }: { channels: Channels }) {
  const { t } = useDashboard();
  // «Non précisé» holds answers in the earlier shape only: an empty row there would puzzle.
  const shown = channelOrder.filter(
    (c) =>
      c !== 'unknown' || channels.unknown.reached.sample + channels.unknown.helpQuality.sample > 0,
  );
  return (
    <DataTable
      caption={t.byChannel}
      columns={[t.channel, t.reached, t.helpQuality]}
      class="channel-help"
    >
      {shown.map((c) => (
        <tr key={c}>
          <th scope="row">{t.channels[c]}</th>
          <ChannelFigure indicator={channels[c].reached} />
          <ChannelFigure indicator={channels[c].helpQuality} />
        </tr>
      ))}
    </DataTable>
  );
}

function ChannelFigure({ indicator }: { indicator: Indicator }) {
  const { t, lang } = useDashboard();
  return (
    <td class={indicator.insufficient ? 'muted' : undefined}>
      <p class="value">
        {indicator.value === null
          ? '–'
          : indicator.unit === '%'
            ? formatPercent(indicator.value, lang)
            : `${formatNumber(indicator.value, lang)}${outOf10}`}{' '}
        <LevelBadge indicator={indicator} />
      </p>
      <p class="fr-text--sm">{t.onChannelAnswers(indicator.sample)}</p>
      {indicator.insufficient && <p class="fr-badge fr-badge--sm">{t.insufficient}</p>}
    </td>
  );
}
