// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import { previousQuarter, quarterName, quarterOf } from '../../../common/quarters.ts';
import {
  api,
  type Edition,
  type EditionList,
  type ObservatoireRow,
  type ObservatoireTable,
} from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { LevelBadge } from '../components/indicator-tile.tsx';
import { PeriodForm } from '../components/period-form.tsx';
import {
  daysBefore,
  formatDate,
  formatNumber,
  formatPercent,
  navigate,
  today,
  useDashboard,
} from '../context.ts';
import { observatoireLabels } from '../observatoire-labels.ts';

const indicators = ['satisfaction', 'clarity', 'autonomy', 'reached', 'helpQuality'] as const;
type IndicatorName = (typeof indicators)[number];

/** What the address says of the table: its period, order, filters and page (a link keeps them). */
type View = {
  from: string;
  to: string;
  sort: string;
  order: string;
  level: string;
  q: string;
  organisation: string;
  page: string;
};

function viewOf(search: string, fallback: Pick<View, 'from' | 'to'>): View {
  const query = new URLSearchParams(search);
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  const from = day(query.get('from'));
  const to = day(query.get('to'));
  const get = (name: string) => query.get(name) ?? '';
  return {
    ...(from && to ? { from, to } : fallback),
    sort: get('sort'),
    order: get('order'),
    level: get('level'),
    q: get('q'),
    organisation: get('organisation'),
    page: get('page'),
  };
}

/** The query string of a view: only what differs from the defaults. */
function searchOf(view: View, fallback: Pick<View, 'from' | 'to'>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(view)) {
    if (!value) continue;
    if (
      (name === 'from' || name === 'to') &&
      view.from === fallback.from &&
      view.to === fallback.to
    )
      continue;
    query.set(name, value);
  }
  const search = query.toString();
  return search ? `?${search}` : '';
}

/** The table view's part of a view, as the API reads it. */
function tableQuery(view: View): URLSearchParams {
  const query = new URLSearchParams({ limit: '50' });
  for (const name of ['sort', 'order', 'level', 'q', 'organisation', 'page'] as const)
    if (view[name]) query.set(name, view[name]);
  return query;
}

/**
 * «Exporter en Excel», «Exporter en CSV»: the files of the table at `path` (`…/export`), with
 * `query`. Links, not buttons: the browser downloads the file with the session's cookie.
 */
function ExportLinks({ path, query }: { path: string; query?: string }) {
  const { lang } = useDashboard();
  const l = observatoireLabels[lang];
  return (
    <p class="actions">
      {(['xlsx', 'csv'] as const).map((format) => (
        <a
          key={format}
          class="fr-btn fr-btn--secondary fr-btn--sm"
          href={`/api/v1${path}.${format}${query ? `?${query}` : ''}`}
          download
        >
          {l.exports[format]}
        </a>
      ))}
    </p>
  );
}

/** The address of the page, updated in place: «back» leaves the Observatoire, not each sort. */
function useView(path: string, fallback: Pick<View, 'from' | 'to'>) {
  const [, redraw] = useState(0);
  const view = viewOf(location.search, fallback);
  const change = (changes: Partial<View>) => {
    const next = { ...view, page: '', ...changes };
    history.replaceState(null, '', `${path}${searchOf(next, fallback)}`);
    redraw((n) => n + 1);
  };
  return { view, change };
}

/** /dashboard/observatoire, and each edition at /dashboard/observatoire/editions/{id}. */
export function ObservatoirePages() {
  const editionId = /^\/dashboard\/observatoire\/editions\/(\d+)$/.exec(location.pathname)?.[1];
  return editionId ? <EditionPage editionId={Number(editionId)} /> : <ObservatoirePage />;
}

/** Editions on a page: five years of one organisation's, newest first. */
const editionsPerPage = 20;

/** The Observatoire: the live table of every procedure the person may read, and the editions. */
function ObservatoirePage() {
  const { t, lang } = useDashboard();
  const l = observatoireLabels[lang];
  // A quarter, as the Observatoire publishes: the last 91 days by default.
  const fallback = { from: daysBefore(today(), 90), to: today() };
  const { view, change } = useView('/dashboard/observatoire', fallback);
  const query = tableQuery(view);
  query.set('from', view.from);
  query.set('to', view.to);
  const read = useApi<ObservatoireTable>(`/observatoire?${query}`);
  // Every row of the chosen period, filters and order: the files have no pages.
  const exportQuery = new URLSearchParams(query);
  exportQuery.delete('limit');
  exportQuery.delete('page');
  const [editionPage, setEditionPage] = useState(1);
  const editions = useApi<EditionList>(
    `/observatoire/editions?limit=${editionsPerPage}&page=${editionPage}`,
  );
  const organisations = editions.data?.organisations ?? [];

  return (
    <div class="stack">
      <h1>{l.observatoire}</h1>
      <p>{l.intro}</p>
      <PeriodForm
        period={{ from: view.from, to: view.to, source: '' }}
        withSource={false}
        onChoose={({ from, to }) => change({ from, to })}
      />
      {read.data && (
        <p class="fr-text--sm">
          {l.periodOf(
            formatDate(read.data.period.from, lang),
            formatDate(read.data.period.to, lang),
          )}{' '}
          {l.comparedWith(
            formatDate(read.data.previous.from, lang),
            formatDate(read.data.previous.to, lang),
          )}
        </p>
      )}
      <Filters
        view={view}
        organisations={organisations.length > 1 ? organisations : []}
        onFilter={change}
      />
      <ExportLinks path="/observatoire/export" query={exportQuery.toString()} />
      <ErrorAlert error={read.error} />
      {read.data ? (
        <Table table={read.data} view={view} onView={change} caption={l.caption} />
      ) : (
        !read.error && <p>{t.loading}</p>
      )}
      <Editions list={editions} onPage={setEditionPage} />
    </div>
  );
}

function Filters({
  view,
  organisations,
  onFilter,
}: {
  view: View;
  organisations: EditionList['organisations'];
  onFilter: (changes: Partial<View>) => void;
}) {
  const { lang } = useDashboard();
  const l = observatoireLabels[lang];
  const { t } = useDashboard();
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    onFilter({
      level: String(form.get('level') ?? ''),
      q: String(form.get('q') ?? '').trim(),
      organisation: String(form.get('organisation') ?? ''),
    });
  };
  return (
    <form class="filters" onSubmit={submit} aria-label={l.filters}>
      {organisations.length > 0 && (
        <div class="fr-select-group">
          <label class="fr-label" for="observatoire-organisation">
            {l.organisation}
          </label>
          <select
            class="fr-select"
            id="observatoire-organisation"
            name="organisation"
            value={view.organisation}
          >
            <option value="">{l.allOrganisations}</option>
            {organisations.map((o) => (
              <option value={String(o.id)}>{o.name}</option>
            ))}
          </select>
        </div>
      )}
      <div class="fr-select-group">
        <label class="fr-label" for="observatoire-level">
          {l.level}
        </label>
        <select class="fr-select" id="observatoire-level" name="level" value={view.level}>
          <option value="">{l.allLevels}</option>
          <option value="good">{t.scoreLevels.good}</option>
          <option value="medium">{t.scoreLevels.medium}</option>
          <option value="bad">{t.scoreLevels.bad}</option>
          <option value="insufficient">{l.insufficientLevel}</option>
        </select>
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="observatoire-search">
          {l.search}
        </label>
        <input
          class="fr-input"
          type="search"
          id="observatoire-search"
          name="q"
          defaultValue={view.q}
          maxLength={100}
        />
      </div>
      <button class="fr-btn fr-btn--secondary" type="submit">
        {l.filter}
      </button>
    </form>
  );
}

/** The sort a column header sets, and the order it starts in (names A→Z, figures high first). */
const firstOrder = (sort: string) => (sort === 'name' || sort === 'organisation' ? 'asc' : 'desc');

/**
 * The table: a header per column, each a button that sorts by it (again: the other way), the
 * sorted one marked with `aria-sort`; «Plus fortes évolutions» above it. Wider than a phone, it
 * scrolls in its own box, which the keyboard reaches.
 */
function Table({
  table,
  view,
  onView,
  caption,
}: {
  table: Pick<ObservatoireTable, 'rows' | 'total' | 'page' | 'limit'>;
  view: Pick<View, 'sort' | 'order'>;
  onView: (changes: Partial<View>) => void;
  caption: string;
}) {
  const { t, lang } = useDashboard();
  const l = observatoireLabels[lang];
  const sort = view.sort || 'evolutions';
  const order = view.order || firstOrder(sort);
  const pages = Math.max(1, Math.ceil(table.total / table.limit));
  const header = (column: string, label: string) => {
    const sorted = sort === column;
    return (
      <th
        scope="col"
        aria-sort={sorted ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
      >
        <button
          type="button"
          class="sort"
          onClick={() =>
            onView({
              sort: column,
              order: sorted ? (order === 'asc' ? 'desc' : 'asc') : firstOrder(column),
            })
          }
        >
          {label}
          <span aria-hidden="true">{sorted ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <div class="stack">
      <p>
        <button
          type="button"
          class="fr-btn fr-btn--tertiary fr-btn--sm"
          aria-pressed={sort === 'evolutions' ? 'true' : 'false'}
          onClick={() => onView({ sort: '', order: '' })}
        >
          {l.strongest}
        </button>{' '}
        <span class="fr-text--sm">{l.strongestHint}</span>
      </p>
      <p role="status" class="fr-text--sm">
        {table.total === 0
          ? l.none
          : `${l.count(table.total, formatNumber(table.total, lang, 0))}${sort === 'evolutions' ? ` ${l.sortedByStrongest}` : ''}`}
      </p>
      {table.total > 0 && (
        <div class="fr-table scroll-x observatoire">
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: wider than a phone, it scrolls in its box, which the keyboard must reach (WCAG 2.1.1). */}
          <table tabIndex={0}>
            <caption>{caption}</caption>
            <thead>
              <tr>
                {header('name', l.procedure)}
                {header('organisation', l.organisation)}
                {header('answers', l.answers)}
                {indicators.flatMap((name) => [
                  header(name, t[name]),
                  header(`${name}Change`, l.changeOf(t[name])),
                ])}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr>
                  <th scope="row">
                    <a href={`/dashboard/procedures/${row.procedure}`}>{row.name}</a>
                  </th>
                  <td>{row.organisation.name}</td>
                  <td>{formatNumber(row.answers, lang, 0)}</td>
                  {indicators.flatMap((name) => figureCells(row, name, t, lang))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={l.tablePages}
        page={table.page}
        pages={pages}
        onPage={(page) => onView({ page: String(page), sort: view.sort, order: view.order })}
      />
    </div>
  );
}

/** The previous and next pages of a list, named by `label`, when it has more than one. */
function Pager(props: {
  label: string;
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  const l = observatoireLabels[useDashboard().lang];
  const { page, pages, onPage } = props;
  if (pages <= 1) return null;
  return (
    <nav aria-label={props.label} class="filters">
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-btn--sm"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {l.previousPage}
      </button>
      <span>{l.pageOf(page, pages)}</span>
      <button
        type="button"
        class="fr-btn fr-btn--secondary fr-btn--sm"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {l.nextPage}
      </button>
    </nav>
  );
}

/** A figure and its change: «Nombre d'avis insuffisant» muted, a significant change in bold. */
function figureCells(
  row: ObservatoireRow,
  name: IndicatorName,
  t: ReturnType<typeof useDashboard>['t'],
  lang: ReturnType<typeof useDashboard>['lang'],
) {
  const l = observatoireLabels[lang];
  const figure = row[name];
  const value =
    figure.value === null
      ? '–'
      : figure.unit === '%'
        ? formatPercent(figure.value, lang)
        : formatNumber(figure.value, lang);
  const change =
    figure.change === null
      ? '–'
      : `${figure.change > 0 ? '+' : figure.change < 0 ? '−' : ''}${formatNumber(Math.abs(figure.change), lang)}${figure.unit === '%' ? ' pt' : ''}`;
  return [
    figure.insufficient ? (
      <td class="muted">
        <span class="fr-badge fr-badge--sm">{t.insufficient}</span>
      </td>
    ) : (
      <td>
        {value} <LevelBadge indicator={figure} />
      </td>
    ),
    <td class={figure.significant ? 'significant' : undefined}>
      {figure.change !== null && (
        <span aria-hidden="true">{figure.change > 0 ? '↗ ' : figure.change < 0 ? '↘ ' : '→ '}</span>
      )}
      {change}
      {figure.significant && ` (${l.significant})`}
    </td>,
  ];
}

/** The editions the person may see, each with its files; making one, publishing them. */
function Editions({
  list,
  onPage,
}: {
  list: ReturnType<typeof useApi<EditionList>>;
  onPage: (page: number) => void;
}) {
  const { lang, me, go } = useDashboard();
  const l = observatoireLabels[lang];
  const making = useAction();
  const publishing = useAction();
  const managed = (list.data?.organisations ?? []).filter((o) => o.mayManage);
  // The last four quarters that have ended: the current one is not over, so not to be frozen.
  const quarters = [previousQuarter(quarterOf(today()))];
  while (quarters.length < 4) quarters.push(previousQuarter(quarters.at(-1) as string));

  const make = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const organisation = String(form.get('organisation'));
    return making.run(async () => {
      await api('/observatoire/editions', {
        method: 'POST',
        body: {
          quarter: String(form.get('quarter')),
          organisation: organisation === 'platform' ? null : Number(organisation),
        },
      });
      // The new edition is the newest: on the first page.
      onPage(1);
      await list.reload();
      return l.made;
    });
  };

  return (
    <section class="stack" aria-labelledby="editions">
      <h2 id="editions">{l.editions}</h2>
      <p>{l.editionsIntro}</p>
      <ErrorAlert error={list.error} />
      {list.data &&
        (list.data.editions.length === 0 ? (
          <p>{l.noEdition}</p>
        ) : (
          <ul class="plain-list stack">
            {list.data.editions.map((edition) => (
              <li>
                <a href={`/dashboard/observatoire/editions/${edition.id}`} onClick={navigate(go)}>
                  {l.edition(
                    quarterName(edition.quarter, lang === 'en' ? 'en' : 'fr'),
                    edition.organisation?.name ?? l.platform,
                  )}
                </a>
                <ExportLinks path={`/observatoire/editions/${edition.id}/export`} />
              </li>
            ))}
          </ul>
        ))}
      {list.data && (
        <Pager
          label={l.editionPages}
          page={list.data.page}
          pages={Math.ceil(list.data.total / list.data.limit)}
          onPage={onPage}
        />
      )}
      {(me?.isAdmin || managed.length > 0) && (
        <h3 id="make-edition" class="fr-h6">
          {l.makeEdition}
        </h3>
      )}
      {(me?.isAdmin || managed.length > 0) && (
        <form class="filters" onSubmit={make} aria-labelledby="make-edition">
          <div class="fr-select-group">
            <label class="fr-label" for="edition-quarter">
              {l.quarter}
            </label>
            <select class="fr-select" id="edition-quarter" name="quarter">
              {quarters.map((quarter) => (
                <option value={quarter}>{quarterName(quarter, lang === 'en' ? 'en' : 'fr')}</option>
              ))}
            </select>
          </div>
          <div class="fr-select-group">
            <label class="fr-label" for="edition-organisation">
              {l.organisation}
            </label>
            <select class="fr-select" id="edition-organisation" name="organisation">
              {me?.isAdmin && <option value="platform">{l.platform}</option>}
              {managed.map((o) => (
                <option value={String(o.id)}>{o.name}</option>
              ))}
            </select>
          </div>
          <button class="fr-btn fr-btn--secondary" type="submit" disabled={making.pending}>
            {l.make}
          </button>
        </form>
      )}
      <ErrorAlert error={making.error} />
      <p role="status">{making.status}</p>
      {managed.length > 0 && (
        <fieldset class="fr-fieldset stack">
          <legend class="fr-fieldset__legend">{l.publication}</legend>
          {managed.map((o) => (
            <div class="fr-checkbox-group">
              <input
                type="checkbox"
                id={`publishes-${o.id}`}
                checked={o.publishes}
                onChange={(event) => {
                  const publishes = event.currentTarget.checked;
                  publishing.run(async () => {
                    await api(`/organisations/${o.id}/observatoire`, {
                      method: 'PUT',
                      body: { publishes },
                    });
                    await list.reload();
                    return publishes ? l.publishedNow : l.withdrawnNow;
                  });
                }}
              />
              <label class="fr-label" for={`publishes-${o.id}`}>
                {l.publishes(o.name)}
                <span class="fr-hint-text">{l.publishesHint}</span>
              </label>
            </div>
          ))}
          <ErrorAlert error={publishing.error} />
          <p role="status">{publishing.status}</p>
          <p>
            <a href="/observatoire">{l.publicPage}</a>
          </p>
        </fieldset>
      )}
    </section>
  );
}

/** One edition: its frozen table, sortable and filtered as the live one, and its files. */
function EditionPage({ editionId }: { editionId: number }) {
  const { t, lang, me, go } = useDashboard();
  const l = observatoireLabels[lang];
  const path = `/dashboard/observatoire/editions/${editionId}`;
  const { view, change } = useView(path, { from: '', to: '' });
  const [version, setVersion] = useState(0);
  const read = useApi<Edition>(`/observatoire/editions/${editionId}?${tableQuery(view)}`, {
    version,
  });
  const regenerating = useAction();
  const edition = read.data;
  const quarter = edition && quarterName(edition.quarter, lang === 'en' ? 'en' : 'fr');
  return (
    <div class="stack">
      <p>
        <a href="/dashboard/observatoire" onClick={navigate(go)}>
          {l.back}
        </a>
      </p>
      <ErrorAlert error={read.error} />
      {!edition ? (
        !read.error && <p>{t.loading}</p>
      ) : (
        <>
          <h1>{l.edition(quarter as string, edition.organisation?.name ?? l.platform)}</h1>
          <p>
            {l.madeBy(formatDate(edition.madeAt, lang), edition.madeBy)}
            {edition.regeneratedAt &&
              `, ${l.regeneratedBy(formatDate(edition.regeneratedAt, lang), edition.regeneratedBy ?? '')}`}
            .{' '}
            {l.comparedWith(
              formatDate(edition.previous.from, lang),
              formatDate(edition.previous.to, lang),
            )}
          </p>
          <ExportLinks path={`/observatoire/editions/${edition.id}/export`} />
          <Filters view={view} organisations={[]} onFilter={change} />
          <Table table={edition} view={view} onView={change} caption={l.caption} />
          {me?.isAdmin && (
            <div class="stack">
              <p class="fr-text--sm">{l.regenerateHint}</p>
              <p>
                <button
                  type="button"
                  class="fr-btn fr-btn--secondary"
                  disabled={regenerating.pending}
                  onClick={() =>
                    regenerating.run(async () => {
                      await api(`/observatoire/editions/${edition.id}/regenerate`, {
                        method: 'POST',
                      });
                      setVersion((n) => n + 1);
                      return l.regenerated;
                    })
                  }
                >
                  {l.regenerate}
                </button>
              </p>
              <ErrorAlert error={regenerating.error} />
              <p role="status">{regenerating.status}</p>
            </div>
          )}
        </>
      )}
    </div>
  );
}
