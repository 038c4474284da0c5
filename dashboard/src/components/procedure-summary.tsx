// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import type { Stats } from '../api.ts';
import { useDashboard } from '../context.ts';
import { formatNumber } from '../formats.ts';
import { procedureLabels } from '../procedure-labels.ts';
import { AlertBanner } from './alert-banner.tsx';
import { ChannelHelpTable } from './channel-help-table.tsx';
import { IndicatorTile } from './indicator-tile.tsx';
import { TrendChart } from './trend-chart.tsx';

/** «Synthèse»: the alerts, the indicators of the period, per channel, and their trend. */
export function ProcedureSummary({
  procedureKey,
  stats,
  integrationPath,
}: {
  procedureKey: string;
  stats: Stats;
  /** «Intégration», where a procedure without answers finds the code to paste. */
  integrationPath: string;
}) {
  const { t, lang, go } = useDashboard();
  const l = procedureLabels[lang];
  const i = stats.indicators;
  return (
    <>
      <AlertBanner procedureKey={procedureKey} />
      <section class="stack" aria-labelledby="indicators">
        <h3 id="indicators">{t.indicators}</h3>
        {i.answers === 0 && stats.previous.indicators.answers === 0 && (
          <div class="fr-alert fr-alert--info fr-alert--sm">
            <p>
              {l.noAnswerYet}{' '}
              <a
                href={integrationPath}
                onClick={(event) => {
                  event.preventDefault();
                  go(integrationPath);
                }}
              >
                {l.noAnswerYetLink}
              </a>
            </p>
          </div>
        )}
        <VersionsSpanned stats={stats} />
        <div class="tiles">
          <IndicatorTile
            title={t.satisfaction}
            indicator={i.satisfaction}
            delta={stats.delta.satisfaction}
          />
          <IndicatorTile title={t.clarity} indicator={i.clarity} delta={stats.delta.clarity} />
          <IndicatorTile title={t.autonomy} indicator={i.autonomy} delta={stats.delta.autonomy} />
          <IndicatorTile
            title={t.reached}
            indicator={i.reached}
            delta={stats.delta.reached}
            perChannel
          />
          <IndicatorTile
            title={t.helpQuality}
            indicator={i.helpQuality}
            delta={stats.delta.helpQuality}
            perChannel
          />
        </div>
        <ChannelHelpTable channels={i.channels} />
      </section>
      <section class="stack" aria-labelledby="trend">
        <h3 id="trend">{t.trend}</h3>
        <TrendChart stats={stats} />
      </section>
    </>
  );
}

/**
 * When the period's answers were not all asked the same steps (docs/design.md §2, «Versions»):
 * which versions, and to how many answers each step was put, so a figure is read against them.
 */
function VersionsSpanned({ stats }: { stats: Stats }) {
  const { lang } = useDashboard();
  const l = procedureLabels[lang];
  const { versions, asked, partlyAsked } = stats.questionnaire;
  if (partlyAsked.length === 0) return null;
  const count = (n: number) => formatNumber(n, lang, 0);
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm">
      <p>
        {l.versionsSpanned(new Intl.ListFormat(lang).format(versions.map((v) => String(v.number))))}
      </p>
      <ul>
        {partlyAsked.map((step) => (
          <li>{l.partlyAsked[step](count(asked[step]), count(stats.indicators.answers))}</li>
        ))}
      </ul>
    </div>
  );
}
