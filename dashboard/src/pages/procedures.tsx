// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type NewProcedure, type Procedure, type ProcedureSummary } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { LevelBadge } from '../components/indicator-tile.tsx';
import { OrganisationSwitcher, useOrganisations } from '../components/organisation-switcher.tsx';
import { formatNumber, navigate, outOf10, useDashboard } from '../context.ts';

/** Every procedure the person may see, with its headline figures over 12 months. */
export function ProceduresPage() {
  const { t, lang, me, go } = useDashboard();
  const read = useApi<ProcedureSummary[]>('/procedures');
  const procedures = read.data;
  const creating = useAction();
  const [search, setSearch] = useState('');
  const { organisations, selected, select } = useOrganisations();

  const create = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    return creating.run(async () => {
      const origins = String(form.get('origins')).split(/\s+/).filter(Boolean);
      // In the organisation shown; the platform's own route puts it in the default one.
      const created = await api<Procedure>(
        selected ? `/organisations/${selected}/procedures` : '/procedures',
        {
          method: 'POST',
          body: { name: String(form.get('name')), allowedOrigins: origins } satisfies NewProcedure,
        },
      );
      go(`/dashboard/procedures/${created.key}`);
    });
  };

  const shown = (procedures ?? []).filter(
    (p) =>
      p.name.toLocaleLowerCase().includes(search.trim().toLocaleLowerCase()) &&
      (selected === undefined || p.organisationId === selected),
  );
  // Grouped by organisation, under its name, when several are shown at once.
  const groups =
    selected === undefined && (organisations?.length ?? 0) > 1
      ? (organisations ?? [])
          .map((o) => ({ name: o.name, list: shown.filter((p) => p.organisationId === o.id) }))
          .filter((group) => group.list.length > 0)
      : [{ name: undefined, list: shown }];
  const CardHeading = groups[0]?.name ? 'h3' : 'h2';
  const administers =
    me?.isAdmin || organisations?.find((o) => o.id === selected)?.role === 'admin';

  return (
    <div class="stack">
      <h1>{t.procedures}</h1>
      <ErrorAlert error={creating.error ?? read.error} />
      {organisations && (
        <OrganisationSwitcher organisations={organisations} selected={selected} onSelect={select} />
      )}
      <div class="fr-input-group narrow">
        <label class="fr-label" for="search-procedures">
          {t.searchProcedures}
        </label>
        <input
          class="fr-input"
          id="search-procedures"
          type="search"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </div>
      {procedures === undefined ? (
        <p>{t.loading}</p>
      ) : shown.length === 0 ? (
        <p>{t.noProcedure}</p>
      ) : (
        groups.map((group) => (
          <section class="stack" aria-label={group.name}>
            {group.name && <h2 class="fr-h4">{group.name}</h2>}
            {/* Under an organisation's heading, a procedure's is one level down. */}
            <ul class="cards">
              {group.list.map((p) => {
                const s = p.lastTwelveMonths.satisfaction;
                const before = p.lastTwelveMonths.previousSatisfaction;
                // A trend drawn from too few answers on either side would mislead: none is shown.
                const comparable =
                  s.value !== null &&
                  before.value !== null &&
                  !s.insufficient &&
                  !before.insufficient;
                const delta = comparable ? (s.value as number) - (before.value as number) : null;
                const trend =
                  delta === null
                    ? null
                    : delta > 0.05
                      ? t.trendUp
                      : delta < -0.05
                        ? t.trendDown
                        : t.trendFlat;
                return (
                  <li class={`card ${s.insufficient ? 'muted' : ''}`}>
                    <CardHeading class="fr-h5">
                      <a href={`/dashboard/procedures/${p.key}`} onClick={navigate(go)}>
                        {p.name}
                      </a>
                    </CardHeading>
                    <p class="figure">
                      {s.value === null ? '–' : formatNumber(s.value, lang)}
                      <span class="unit">{outOf10}</span> <LevelBadge indicator={s} />
                    </p>
                    <p>
                      {formatNumber(p.lastTwelveMonths.answers, lang, 0)}{' '}
                      {t.answersLast12(p.lastTwelveMonths.answers)}
                      {trend && (
                        <span class="trend">
                          {' '}
                          <span aria-hidden="true">
                            {delta && delta > 0.05 ? '↗' : delta && delta < -0.05 ? '↘' : '→'}
                          </span>{' '}
                          {trend} {t.vsPrevious}
                        </span>
                      )}
                    </p>
                    {s.insufficient && <p class="fr-badge fr-badge--sm">{t.insufficient}</p>}
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
      {administers && (
        <form class="stack narrow" onSubmit={create}>
          <h2>{t.newProcedure}</h2>
          <div class="fr-input-group">
            <label class="fr-label" for="procedure-name">
              {t.name}
            </label>
            <input class="fr-input" id="procedure-name" name="name" required />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="procedure-origins">
              {t.origins}
              <span class="fr-hint-text">{t.originsHint}</span>
            </label>
            <textarea class="fr-input" id="procedure-origins" name="origins" rows={3} />
          </div>
          <button class="fr-btn" type="submit">
            {t.create}
          </button>
        </form>
      )}
    </div>
  );
}
