// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import type { Procedure, Stats } from '../api.ts';
import { useApi } from '../api-hooks.ts';
import { AlertBanner } from '../components/alert-banner.tsx';
import { AnswerList } from '../components/answer-list.tsx';
import { ChannelDistribution } from '../components/channel-distribution.tsx';
import { ChannelHelpTable } from '../components/channel-help-table.tsx';
import { Distribution } from '../components/distribution.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { IndicatorTile } from '../components/indicator-tile.tsx';
import { Integration } from '../components/integration.tsx';
import { InvitationForm } from '../components/invitation-form.tsx';
import { Transparency } from '../components/transparency.tsx';
import { TrendChart } from '../components/trend-chart.tsx';
import { daysBefore, today, useDashboard } from '../context.ts';
import { lazyPage } from '../lazy-page.tsx';

// Its own chunk: the terms and themes arrive after the figures above them.
const WhatPeopleSay = lazyPage(() =>
  import('../components/what-people-say.tsx').then((m) => m.WhatPeopleSay),
);

type Preset = '30' | '91' | '365' | 'custom';

/** One procedure: period, indicators, trend, distributions, comments, export, embedding. */
export function ProcedurePage({ procedureKey }: { procedureKey: string }) {
  const { t, me } = useDashboard();
  const [preset, setPreset] = useState<Preset>('30');
  const [period, setPeriod] = useState({ from: daysBefore(today(), 29), to: today(), source: '' });

  const procedureRead = useApi<Procedure>(`/procedures/${procedureKey}`);
  const procedure = procedureRead.data;
  const params = new URLSearchParams({ from: period.from, to: period.to });
  if (period.source) params.set('source', period.source);
  // A newer period cancels the older one's read: answered late, it would show the wrong
  // period's figures under the new choice.
  const statsRead = useApi<Stats>(`/procedures/${procedureKey}/stats?${params}`);
  const stats = statsRead.data;
  const error = statsRead.error ?? procedureRead.error;

  const choose = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const chosen = String(form.get('preset')) as Preset;
    const source = String(form.get('source') ?? '').trim();
    if (chosen === 'custom') {
      setPeriod({ from: String(form.get('from')), to: String(form.get('to')), source });
    } else {
      setPeriod({ from: daysBefore(today(), Number(chosen) - 1), to: today(), source });
    }
  };

  const role = me?.isAdmin ? 'owner' : me?.roles[procedureKey];
  // As the server decides (may 'manage'): its owners, and its organisation's administrators.
  const canManage =
    role === 'owner' ||
    (procedure !== undefined && me?.organisations[procedure.organisationId] === 'admin');

  // The page is shown whole once its name and figures are known: drawn piece by piece as each
  // answer arrived, what was on screen moved down (Lighthouse: layout shift 0.36 to 0.73).
  if (!procedure || !stats) {
    return (
      <div class="stack">
        <ErrorAlert error={error} />
        {!error && <p>{t.loading}</p>}
      </div>
    );
  }
  const i = stats.indicators;

  return (
    <div class="stack">
      <h1>{procedure.name}</h1>
      <AlertBanner procedureKey={procedure.key} />
      <ErrorAlert error={error} />
      <form class="filters" onSubmit={choose}>
        <div class="fr-select-group">
          <label class="fr-label" for="preset">
            {t.period}
          </label>
          <select
            class="fr-select"
            id="preset"
            name="preset"
            value={preset}
            onChange={(e) => setPreset(e.currentTarget.value as Preset)}
          >
            <option value="30">{t.last30}</option>
            <option value="91">{t.last3m}</option>
            <option value="365">{t.last12m}</option>
            <option value="custom">{t.custom}</option>
          </select>
        </div>
        {preset === 'custom' && (
          <>
            <div class="fr-input-group">
              <label class="fr-label" for="from">
                {t.from}
              </label>
              <input
                class="fr-input"
                type="date"
                id="from"
                name="from"
                defaultValue={period.from}
                required
              />
            </div>
            <div class="fr-input-group">
              <label class="fr-label" for="to">
                {t.to}
              </label>
              <input
                class="fr-input"
                type="date"
                id="to"
                name="to"
                defaultValue={period.to}
                required
              />
            </div>
          </>
        )}
        <div class="fr-input-group">
          <label class="fr-label" for="source">
            {t.source}
          </label>
          <input class="fr-input" id="source" name="source" defaultValue={period.source} />
        </div>
        <button class="fr-btn" type="submit">
          {t.apply}
        </button>
      </form>

      <section class="stack" aria-labelledby="indicators">
        <h2 id="indicators">{t.indicators}</h2>
        {i.answers === 0 && stats.previous.indicators.answers === 0 && (
          <div class="fr-alert fr-alert--info fr-alert--sm">
            <p>{t.noAnswerYet}</p>
          </div>
        )}
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
        <h2 id="trend">{t.trend}</h2>
        <TrendChart stats={stats} />
      </section>
      <section class="stack" aria-labelledby="distribution">
        <h2 id="distribution">{t.distribution}</h2>
        <div class="columns">
          <Distribution
            title={t.satisfaction}
            rows={(['good', 'medium', 'bad'] as const).map((l) => [
              t.satisfactionAnswers[l],
              stats.distribution.satisfaction[l],
            ])}
          />
          <Distribution
            title={t.clarity}
            rows={(['5', '4', '3', '2', '1'] as const).map((n) => [
              n,
              stats.distribution.clarity[n],
            ])}
          />
          <Distribution
            title={t.reached}
            rows={[
              [t.yes, stats.distribution.reached.yes],
              [t.no, stats.distribution.reached.no],
            ]}
          />
          <Distribution
            title={t.helpQuality}
            rows={(['5', '4', '3', '2', '1'] as const).map((n) => [
              n,
              stats.distribution.helpQuality[n],
            ])}
          />
          <ChannelDistribution
            title={`${t.reached}, ${t.byChannelShort}`}
            channels={stats.distribution.channels}
            columns={[
              ['yes', t.yes],
              ['no', t.no],
            ]}
            counts={(c) => c.reached}
          />
          <ChannelDistribution
            title={`${t.helpQuality}, ${t.byChannelShort}`}
            channels={stats.distribution.channels}
            columns={(['5', '4', '3', '2', '1'] as const).map((n) => [n, n])}
            counts={(c) => c.helpQuality}
          />
          <Distribution
            title={t.autonomy}
            rows={(Object.keys(t.helpChannels) as (keyof typeof t.helpChannels)[]).map((c) => [
              t.helpChannels[c],
              stats.distribution.help[c],
            ])}
          />
        </div>
      </section>
      <WhatPeopleSay
        procedureKey={procedureKey}
        from={period.from}
        to={period.to}
        source={period.source}
        canManage={canManage}
      />
      <section class="stack" aria-labelledby="comments">
        <h2 id="comments">{t.comments}</h2>
        {canManage && (
          <p>
            <a
              class="fr-btn fr-btn--secondary"
              href={`/api/v1/procedures/${procedureKey}/export.csv?from=${period.from}&to=${period.to}`}
              download
            >
              {t.export}
            </a>
          </p>
        )}
        <AnswerList
          procedureKey={procedureKey}
          from={period.from}
          to={period.to}
          canModerate={canManage}
        />
      </section>
      <Transparency procedure={procedure} canManage={canManage} onSaved={procedureRead.reload} />
      <section class="stack" aria-labelledby="integration">
        <h2 id="integration">{t.integration}</h2>
        <Integration procedure={procedure} canManage={canManage} onSaved={procedureRead.reload} />
      </section>
      {canManage && <InvitationForm procedure={procedure} allowAdmin={false} />}
    </div>
  );
}
