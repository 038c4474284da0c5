// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { marginText } from '../../../common/margin.ts';
import type { Topics } from '../api.ts';
import { useApi } from '../api-hooks.ts';
import { formatNumber, formatPercent, localeOf, outOf10, useDashboard } from '../context.ts';
import { topicsLabels } from '../topics-labels.ts';
import { whenVisible } from '../when-visible.ts';
import { AnswerList } from './answer-list.tsx';
import { DataTable } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { LevelBadge } from './indicator-tile.tsx';
import { ThemeEditor } from './theme-editor.tsx';
import { ThemeSeries } from './theme-series.tsx';

type Term = Topics['terms'][number];
type Satisfaction = Term['satisfaction'];
/** What the comment list below is narrowed to: a term's key or a theme's id (or `none`). */
export type TopicFilter = { term?: string; theme?: string; label: string };

/**
 * «Ce que disent les usagers» (docs/design.md §12): frequent and rising terms and the themes, as
 * tables with bars (a word cloud can be neither read by a screen reader nor compared), each row a
 * button that narrows the comment list to it; the theme editor for owners.
 */
export function WhatPeopleSay({
  procedureKey,
  from,
  to,
  source,
  canManage,
}: {
  procedureKey: string;
  from: string;
  to: string;
  source: string;
  canManage: boolean;
}) {
  const { lang } = useDashboard();
  const l = topicsLabels[lang];
  const [filter, setFilter] = useState<TopicFilter | undefined>();
  // Below the figures: read and drawn only when it comes near the screen, so the page's first
  // screen costs what it did (a year of comments is the route's heaviest reading).
  const section = useRef<HTMLElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => whenVisible(section.current as HTMLElement, () => setVisible(true)), []);

  const params = new URLSearchParams({ from, to });
  if (source) params.set('source', source);
  // A newer period cancels the older one's read, as the stats do.
  const read = useApi<Topics>(visible ? `/procedures/${procedureKey}/topics?${params}` : undefined);
  const topics = read.data;
  const error = read.error;

  if (!topics) {
    return (
      <section class="stack what-people-say" aria-labelledby="what-people-say" ref={section}>
        <h2 id="what-people-say">{l.title}</h2>
        {error ? <ErrorAlert error={error} /> : <p>…</p>}
      </section>
    );
  }
  const n = (value: number, digits = 0) => formatNumber(value, lang, digits);
  const choose = (chosen: TopicFilter) => {
    setFilter(chosen);
    // The list is right below: bring it into view for keyboard and screen reader users too.
    requestAnimationFrame(() => document.getElementById('topic-comments')?.focus());
  };

  return (
    <section class="stack what-people-say" aria-labelledby="what-people-say" ref={section}>
      <h2 id="what-people-say">{l.title}</h2>
      <ErrorAlert error={error} />
      <p class="fr-text--sm">
        {l.counted(topics.comments)}
        {topics.pending > 0 && ` ${l.pending(topics.pending)}`}
      </p>
      <div class="stack">
        <TermTable
          caption={l.termsCaption}
          title={l.terms}
          terms={topics.terms}
          empty={l.noTerm}
          onChoose={choose}
        />
        <TermTable
          caption={l.risingCaption}
          title={l.rising}
          terms={topics.rising}
          empty={l.noRising}
          onChoose={choose}
        />
      </div>
      <h3>{l.themes}</h3>
      <DataTable
        caption={l.themesCaption}
        columns={[l.theme, l.commentsHeader, l.share, l.satisfactionHeader]}
        class="distribution"
      >
        {[
          ...topics.themes.map((t) => ({ ...t, key: String(t.id) })),
          { ...topics.noTheme, key: 'none', name: l.noTheme },
        ].map((theme) => (
          <tr>
            <th scope="row">
              <button
                type="button"
                class="fr-link"
                aria-label={l.showComments(theme.name)}
                onClick={() => choose({ theme: theme.key, label: theme.name })}
              >
                {theme.name}
              </button>
            </th>
            <td>{n(theme.comments)}</td>
            <td>
              <Bar share={theme.share} />
            </td>
            <td>
              <SatisfactionCell satisfaction={theme.satisfaction} />
            </td>
          </tr>
        ))}
      </DataTable>
      <ThemeSeries themes={topics.themes} />
      {canManage && <ThemeEditor procedureKey={procedureKey} onSaved={read.reload} />}
      {filter && (
        <div class="stack">
          <h3 id="topic-comments" tabIndex={-1}>
            {l.commentsAbout(filter.label)}
          </h3>
          <p>
            <button
              type="button"
              class="fr-btn fr-btn--tertiary fr-btn--sm"
              onClick={() => setFilter(undefined)}
            >
              {l.clear}
            </button>
          </p>
          <AnswerList
            procedureKey={procedureKey}
            from={from}
            to={to}
            canModerate={canManage}
            topic={filter}
          />
        </div>
      )}
    </section>
  );
}

function TermTable({
  title,
  caption,
  terms,
  empty,
  onChoose,
}: {
  title: string;
  caption: string;
  terms: Term[];
  empty: string;
  onChoose: (filter: TopicFilter) => void;
}) {
  const { lang } = useDashboard();
  const l = topicsLabels[lang];
  const [all, setAll] = useState(false);
  const shown = all ? terms : terms.slice(0, 10);
  return (
    <div class="stack">
      <h3>{title}</h3>
      {terms.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <DataTable
          caption={caption}
          columns={[l.term, l.commentsHeader, l.share, l.satisfactionHeader, l.change]}
          class="distribution"
        >
          {shown.map((term) => (
            <tr>
              <th scope="row">
                <button
                  type="button"
                  class="fr-link"
                  aria-label={l.showComments(term.label)}
                  onClick={() => onChoose({ term: term.key, label: `«\u202f${term.label}\u202f»` })}
                >
                  {term.label}
                </button>
              </th>
              <td>{formatNumber(term.comments, lang, 0)}</td>
              <td>
                <Bar share={term.share} />
              </td>
              <td>
                <SatisfactionCell satisfaction={term.satisfaction} />
              </td>
              <td>
                {term.change > 0 ? '+' : ''}
                {formatNumber(term.change, lang)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {shown.length < terms.length && (
        <p>
          <button
            type="button"
            class="fr-btn fr-btn--tertiary fr-btn--sm"
            onClick={() => setAll(true)}
          >
            {l.allTerms(terms.length)}
          </button>
        </p>
      )}
    </div>
  );
}

/** A share as a bar that only draws the number written beside it. */
function Bar({ share }: { share: number }) {
  const { lang } = useDashboard();
  return (
    <>
      <span class="share-bar" style={{ width: `${(share / 100) * 6}rem` }} aria-hidden="true" />
      {formatPercent(share, lang)}
    </>
  );
}

/** The score, its level in words and its margin; muted and flagged under MIN_ANSWERS. */
function SatisfactionCell({ satisfaction }: { satisfaction: Satisfaction }) {
  const { lang } = useDashboard();
  const l = topicsLabels[lang];
  if (satisfaction.value === null) return <>–</>;
  return (
    <span class={satisfaction.insufficient ? 'muted' : ''}>
      {formatNumber(satisfaction.value, lang)}
      {outOf10} <LevelBadge indicator={satisfaction} />
      <br />
      <span class="fr-text--xs">
        {satisfaction.margin !== null && marginText(satisfaction.margin, localeOf(lang))}
        {satisfaction.insufficient && ` · ${l.insufficient}`}
      </span>
    </span>
  );
}
