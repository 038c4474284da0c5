// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { type Answer, type AnswerPage, api } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { formatDateTime, useDashboard } from '../context.ts';
import { ErrorAlert } from './error-alert.tsx';

type Filters = {
  q: string;
  satisfaction: string;
  suspect: string;
  withComment: boolean;
  /** How many times the filters were applied. */
  asked: number;
};

/**
 * The answers of the period, newest first, with search (accents ignored), filters, «Afficher
 * plus» paging, and deletion for owners. Comments are text, never HTML.
 */
export function AnswerList({
  procedureKey,
  from,
  to,
  canModerate,
  topic,
}: {
  procedureKey: string;
  from: string;
  to: string;
  canModerate: boolean;
  /** Only the comments of a term or a theme (what-people-say.tsx). */
  topic?: { term?: string; theme?: string } | undefined;
}) {
  const { t, lang } = useDashboard();
  // A second list on the page (narrowed to a topic) needs ids of its own.
  const idSuffix = topic ? '-topic' : '';
  const [filters, setFilters] = useState<Filters>({
    q: '',
    satisfaction: '',
    suspect: 'false',
    withComment: true,
    asked: 0,
  });
  /** Deleted here: gone from the list without reading it again (the pages shown stay). */
  const [deleted, setDeleted] = useState<string[]>([]);
  const deleting = useAction();

  const query = (after?: string) => {
    const params = new URLSearchParams({ from, to, limit: '20' });
    if (filters.q) params.set('q', filters.q);
    if (filters.satisfaction) params.set('satisfaction', filters.satisfaction);
    if (filters.suspect) params.set('suspect', filters.suspect);
    if (filters.withComment) params.set('withComment', 'true');
    if (topic?.term) params.set('term', topic.term);
    if (topic?.theme) params.set('theme', topic.theme);
    if (after) params.set('cursor', after);
    return `/procedures/${procedureKey}/feedback?${params}`;
  };

  // A new period or filter reads the list again, and «Afficher plus» reads its next page: each
  // cancels the read before it, so that a late answer never replaces the newer list.
  const firstPage = query();
  const list = useApi(firstPage, {
    map: (page: AnswerPage) => ({ ...page, of: firstPage }),
    // Filtering again with the same filters reads the list again, as the first time.
    version: filters.asked,
  });
  const items = list.data?.items.filter((answer) => !deleted.includes(answer.id));
  // The old list's cursor goes with it: «Afficher plus» would otherwise append a page of the new
  // filters, from the old list's place, to the old list.
  const cursor = list.data?.of === firstPage ? list.data.nextCursor : null;
  const more = (after: string) =>
    list.more(query(after), (shown, page: AnswerPage) => ({
      items: [...(shown?.items ?? []), ...page.items],
      nextCursor: page.nextCursor,
      of: firstPage,
    }));

  const remove = (answer: Answer) =>
    confirm(t.confirmDelete) &&
    deleting.run(async () => {
      await api(`/procedures/${procedureKey}/feedback/${answer.id}`, { method: 'DELETE' });
      setDeleted([...deleted, answer.id]);
      return t.deleted;
    });

  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setFilters({
      q: String(form.get('q') ?? ''),
      satisfaction: String(form.get('satisfaction') ?? ''),
      suspect: String(form.get('suspect') ?? ''),
      withComment: form.get('withComment') === 'on',
      asked: filters.asked + 1,
    });
  };

  return (
    <div class="stack">
      <form class="filters" onSubmit={submit}>
        <div class="fr-input-group">
          <label class="fr-label" for={`comment-search${idSuffix}`}>
            {t.search}
          </label>
          <input class="fr-input" id={`comment-search${idSuffix}`} name="q" type="search" />
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for={`comment-satisfaction${idSuffix}`}>
            {t.satisfaction}
          </label>
          <select class="fr-select" id={`comment-satisfaction${idSuffix}`} name="satisfaction">
            <option value="">{t.all}</option>
            {(['bad', 'medium', 'good'] as const).map((level) => (
              <option value={level}>{t.satisfactionAnswers[level]}</option>
            ))}
          </select>
        </div>
        <div class="fr-select-group">
          <label class="fr-label" for={`comment-suspect${idSuffix}`}>
            {t.suspect}
          </label>
          <select class="fr-select" id={`comment-suspect${idSuffix}`} name="suspect">
            <option value="false">{t.hideSuspect}</option>
            <option value="true">{t.onlySuspect}</option>
            <option value="">{t.all}</option>
          </select>
        </div>
        <div class="fr-checkbox-group">
          <input type="checkbox" id={`comment-with${idSuffix}`} name="withComment" defaultChecked />
          <label class="fr-label" for={`comment-with${idSuffix}`}>
            {t.withComment}
          </label>
        </div>
        <button class="fr-btn fr-btn--secondary" type="submit">
          {t.filter}
        </button>
      </form>
      <ErrorAlert error={deleting.error ?? list.error} />
      <p role="status" class="fr-text--sm">
        {deleting.status}
      </p>
      {items === undefined ? (
        <p>{t.loading}</p>
      ) : items.length === 0 ? (
        <p>{t.noComment}</p>
      ) : (
        <ul class="answers">
          {items.map((answer) => (
            <li class="answer">
              <p class="fr-text--sm meta">
                <time dateTime={answer.receivedAt}>{formatDateTime(answer.receivedAt, lang)}</time>
                {' · '}
                <span class={`fr-badge fr-badge--sm level-${answer.satisfaction}`}>
                  {t.satisfactionAnswers[answer.satisfaction]}
                </span>
                {answer.suspect && <span class="fr-badge fr-badge--sm"> {t.suspect}</span>}
                {answer.source && ` · ${answer.source}`}
              </p>
              {answer.comment && <p class="comment">{answer.comment}</p>}
              {answer.redactions > 0 && (
                <p class="fr-text--xs">{t.redactions(answer.redactions)}</p>
              )}
              {canModerate && (
                <button
                  type="button"
                  class="fr-btn fr-btn--tertiary fr-btn--sm"
                  onClick={() => remove(answer)}
                >
                  {t.delete}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="fr-btn fr-btn--secondary" onClick={() => more(cursor)}>
          {t.more}
        </button>
      )}
    </div>
  );
}
