// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import type { Organisation } from '../api.ts';
import { useApi } from '../api-hooks.ts';
import { navigate, useDashboard } from '../context.ts';
import { organisationLabels } from '../organisation-labels.ts';

const remembered = 'organisation';

/**
 * The organisations the person belongs to, and the one they are looking at (remembered in this
 * browser): `undefined` while loading, and for «all» (a platform administrator's default).
 */
export function useOrganisations() {
  const read = useApi<Organisation[]>('/organisations');
  const organisations = read.error ? [] : read.data;
  /** The person's choice here; until then, the one remembered, or the only one. */
  const [chosen, setChosen] = useState<{ id: number | undefined }>();
  const stored = Number(localStorage.getItem(remembered));
  const selected = chosen
    ? chosen.id
    : (
        organisations?.find((o) => o.id === stored) ??
        (organisations?.length === 1 ? organisations[0] : undefined)
      )?.id;
  const select = (id: number | undefined) => {
    setChosen({ id });
    if (id === undefined) localStorage.removeItem(remembered);
    else localStorage.setItem(remembered, String(id));
  };
  return { organisations, selected, select };
}

/**
 * Switches between the organisations of a person who is in several (docs/design.md §11), and leads
 * an organisation's administrators to its people and log.
 */
export function OrganisationSwitcher({
  organisations,
  selected,
  onSelect,
}: {
  organisations: Organisation[];
  selected: number | undefined;
  onSelect: (id: number | undefined) => void;
}) {
  const { lang, me, go } = useDashboard();
  const o = organisationLabels[lang];
  const current = organisations.find((organisation) => organisation.id === selected);
  const administers = current && (me?.isAdmin || current.role === 'admin');
  if (organisations.length <= 1 && !administers) return null;
  return (
    <div class="filters">
      {organisations.length > 1 && (
        <div class="fr-select-group">
          <label class="fr-label" for="organisation">
            {o.organisation}
          </label>
          <select
            class="fr-select"
            id="organisation"
            onChange={(event) => {
              const value = event.currentTarget.value;
              onSelect(value === '' ? undefined : Number(value));
            }}
          >
            <option value="" selected={selected === undefined}>
              {o.allOrganisations}
            </option>
            {organisations.map((organisation) => (
              <option value={organisation.id} selected={organisation.id === selected}>
                {organisation.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {administers && current && (
        <p>
          <a class="fr-link" href={`/dashboard/organisations/${current.id}`} onClick={navigate(go)}>
            {o.manageOrganisation(current.name)}
          </a>
        </p>
      )}
    </div>
  );
}
