import { reportDay } from '../../../../common/calendar-days.ts';
import { previousQuarter, quarterOf } from '../../../../common/quarters.ts';
import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { StoredEditionSummary } from '../../store/observatoire.ts';
import type { Store } from '../../store/store.ts';
import type { ObservatoireRow } from './observatoire-schema.ts';
import { editionPeriods, observatoireTable } from './observatoire-table.ts';

/**
 * Makes the edition of a quarter, for one organisation or (`undefined`) the platform: the table
 * as it stands now, frozen (docs/design.md §13). `undefined` when it already exists: an edition
 * is made once, then only a platform administrator regenerates it.
 */
export async function makeEdition(
  store: Store,
  minAnswers: number,
  edition: { quarter: string; organisationId: number | undefined },
  actor: Actor,
): Promise<StoredEditionSummary | undefined> {
  const { period, previous } = editionPeriods(edition.quarter);
  const { rows } = await observatoireTable(
    store,
    minAnswers,
    period,
    edition.organisationId,
    previous,
  );
  return keepEdition(store, { ...edition, rows }, actor);
}

function keepEdition(
  store: Store,
  edition: { quarter: string; organisationId: number | undefined; rows: ObservatoireRow[] },
  actor: Actor,
): Promise<StoredEditionSummary | undefined> {
  return store.createEdition<ObservatoireRow>(
    { ...edition, madeAt: actor.now(), madeBy: actor.name },
    (made) => ({
      ...auditEntry(actor, 'observatoire.edition.create', String(made.id), {
        quarter: made.quarter,
        procedures: made.procedures,
      }),
      organisationId: edition.organisationId,
    }),
  );
}

/** Computes an edition's table again, now; the journal says who did (platform administrators). */
export async function regenerateEdition(
  store: Store,
  minAnswers: number,
  id: number,
  actor: Actor,
): Promise<StoredEditionSummary | undefined> {
  const edition = await store.findEdition(id);
  if (!edition) return undefined;
  const { period, previous } = editionPeriods(edition.quarter);
  const { rows } = await observatoireTable(
    store,
    minAnswers,
    period,
    edition.organisationId,
    previous,
  );
  const entry = auditEntry(actor, 'observatoire.edition.regenerate', String(id), {
    quarter: edition.quarter,
    procedures: rows.length,
    before: edition.rows.length,
  });
  return store.regenerateEdition(
    id,
    rows,
    { at: entry.at, actor: actor.name },
    { ...entry, organisationId: edition.organisationId },
  );
}

/**
 * `notify run` on the first day of a quarter (docs/design.md §13): the quarter just ended gets its
 * editions, the platform's and each organisation's that had answers in it. Each is made once,
 * on its own: one that exists, whoever made it, is skipped; one that failed (a database error, a
 * restart) is made by the next run. Resolves to the editions it made.
 */
export async function makeQuarterEditions(
  store: Store,
  minAnswers: number,
  today: string,
  actor: Actor,
): Promise<StoredEditionSummary[]> {
  if (!/-(01|04|07|10)-01$/.test(today)) return [];
  const quarter = previousQuarter(quarterOf(today));
  // Run every 15 minutes all day: once every edition is made, the day's other runs read one
  // list and no sums. Each organisation's edition holds its share of the platform's rows, so
  // theirs adding up to the platform's means none is missing.
  const made = await store.listEditions({ quarter });
  const platform = made.find((edition) => edition.organisationId === undefined);
  const ofOrganisations = made.filter((edition) => edition.organisationId !== undefined);
  if (platform && sumOf(ofOrganisations) >= platform.procedures) return [];
  const madeFor = new Set(made.map((edition) => edition.organisationId));
  // One table for all, split by organisation: the figures of a procedure do not depend on
  // which edition shows them.
  const { period, previous } = editionPeriods(quarter);
  const { rows } = await observatoireTable(store, minAnswers, period, undefined, previous);
  const byOrganisation = new Map<number | undefined, ObservatoireRow[]>([[undefined, rows]]);
  for (const row of rows) {
    const ofOrganisation = byOrganisation.get(row.organisation.id) ?? [];
    ofOrganisation.push(row);
    byOrganisation.set(row.organisation.id, ofOrganisation);
  }
  const kept: StoredEditionSummary[] = [];
  for (const [organisationId, editionRows] of byOrganisation) {
    if (madeFor.has(organisationId)) continue;
    const edition = await keepEdition(store, { quarter, organisationId, rows: editionRows }, actor);
    if (edition) kept.push(edition);
  }
  return kept;
}

const sumOf = (editions: StoredEditionSummary[]) =>
  editions.reduce((sum, edition) => sum + edition.procedures, 0);

/**
 * What `notify run` (the CLI's, or the server's every 15 minutes) makes of the editions at `now`:
 * each made edition's quarter and organisation (`null`: the platform's).
 */
export async function scheduledEditions(
  store: Store,
  config: { reportTimeZone: string; minAnswers: number },
  now: Date,
): Promise<{ quarter: string; organisation: number | null }[]> {
  const made = await makeQuarterEditions(
    store,
    config.minAnswers,
    reportDay(now, config.reportTimeZone),
    { name: 'notify run', now: () => now },
  );
  return made.map((edition) => ({
    quarter: edition.quarter,
    organisation: edition.organisationId ?? null,
  }));
}
