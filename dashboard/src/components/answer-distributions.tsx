// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import type { Stats } from '../api.ts';
import { useDashboard } from '../context.ts';
import { ChannelDistribution } from './channel-distribution.tsx';
import { Distribution } from './distribution.tsx';

/** «Réponses»: how the period's answers split, question by question and channel by channel. */
export function AnswerDistributions({ stats }: { stats: Stats }) {
  const { t } = useDashboard();
  return (
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
        rows={(['5', '4', '3', '2', '1'] as const).map((n) => [n, stats.distribution.clarity[n]])}
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
  );
}
