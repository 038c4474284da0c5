// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { marginText } from '../../../common/margin.ts';
import type { Indicator, ProcedureAlert } from '../api.ts';
import { useApi } from '../api-hooks.ts';
import { formatDateTime, formatNumber, localeOf, useDashboard } from '../context.ts';

/**
 * The drop and silence alerts of a procedure while they last (docs/design.md §9), above its
 * figures. Said in words with a heading, never by colour alone.
 */
export function AlertBanner({ procedureKey }: { procedureKey: string }) {
  const { t, lang } = useDashboard();
  // An alert is extra news: the page works the same without it, so its failure is not said.
  const alerts = useApi<ProcedureAlert[]>(`/procedures/${procedureKey}/alerts`).data ?? [];
  const n = (value: number | null, digits = 1) =>
    value === null ? '–' : formatNumber(value, lang, digits);
  const figure = (s: Indicator) =>
    `${n(s.value)} ${t.outOf10} (${s.levelLabel}, ${s.margin === null ? '–' : marginText(s.margin, localeOf(lang))}, ${n(s.sample, 0)} ${t.answersWord(s.sample)})`;
  return (
    <div class="stack">
      {alerts.map((alert) => (
        <div class="fr-alert fr-alert--warning fr-alert--sm">
          <h3 class="fr-alert__title">{alert.kind === 'drop' ? t.alertDrop : t.alertSilence}</h3>
          <p>
            {alert.kind === 'drop'
              ? t.alertDropText(
                  figure(alert.recent.satisfaction),
                  figure(alert.before.satisfaction),
                )
              : t.alertSilenceText(formatDateTime(alert.lastAnswerAt, lang))}
          </p>
        </div>
      ))}
    </div>
  );
}
