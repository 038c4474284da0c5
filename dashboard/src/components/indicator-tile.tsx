// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { marginText } from '../../../common/margin.ts';
import type { Indicator } from '../api.ts';
import { formatNumber, localeOf, outOf10, percentParts, useDashboard } from '../context.ts';

/**
 * The level's word, coloured (docs/design.md §6: colour is never the only cue). The only percentage
 * JDMA grades is «Aide joignable», which has words of its own («Faible», «Moyen», «Optimal»).
 */
export function LevelBadge({ indicator }: { indicator: Pick<Indicator, 'level' | 'unit'> }) {
  const { t } = useDashboard();
  if (!indicator.level) return null;
  const words = indicator.unit === '%' ? t.reachedLevels : t.scoreLevels;
  return (
    <span class={`fr-badge fr-badge--sm level-${indicator.level}`}>{words[indicator.level]}</span>
  );
}

/**
 * One indicator: value, level, margin, sample, change against the previous period. The help
 * indicators count channel answers, not whole answers (README «Words»): `perChannel` says so.
 */
export function IndicatorTile({
  title,
  indicator,
  delta,
  perChannel = false,
}: {
  title: string;
  indicator: Indicator;
  delta: number | null;
  perChannel?: boolean;
}) {
  const { t, lang } = useDashboard();
  const value = indicator.value;
  const { figure, sign } =
    value === null
      ? { figure: '–', sign: '' }
      : indicator.unit === '%'
        ? percentParts(value, lang)
        : { figure: formatNumber(value, lang), sign: outOf10 };
  return (
    <div class={`tile ${indicator.insufficient ? 'muted' : ''}`}>
      <h4 class="fr-text--md">{title}</h4>
      <p class="figure">
        {figure}
        <span class="unit">{sign}</span>
      </p>
      <p>
        <LevelBadge indicator={indicator} />
      </p>
      <p class="fr-text--sm">
        {(perChannel ? t.onChannelAnswers : t.onAnswers)(indicator.sample)}
        {indicator.margin !== null &&
          ` · ${t.margin} ${marginText(indicator.margin, localeOf(lang))}`}
      </p>
      {delta !== null && (
        <p class="fr-text--sm">
          {delta > 0 ? '+' : ''}
          {formatNumber(delta, lang)} {t.previousDelta}
        </p>
      )}
      {indicator.insufficient && <p class="fr-badge fr-badge--sm">{t.insufficient}</p>}
    </div>
  );
}
