import { reportDay } from '../../../../common/calendar-days.ts';
import { previousQuarter, quarterDays, quarterOf } from '../../../../common/quarters.ts';
import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { EditionSummary } from '../../store/observatoire.ts';
import type { Store } from '../../store/store.ts';
import type { ObservatoireRow } from './observatoire-schema.ts';
import { observatoireTable } from './observatoire-table.ts';

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
): Promise<EditionSummary | undefined> {
  const { rows } = await observatoireTable(
    store,
    minAnswers,
    quarterDays(edition.quarter),
    edition.organisationId,
  );
  return keepEdition(store, { ...edition, rows }, actor);
}

function keepEdition(
  store: Store,
  edition: { quarter: string; organisationId: number | undefined; rows: ObservatoireRow[] },
  actor: Actor,
): Promise<EditionSummary | undefined> {
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
): Promise<EditionSummary | undefined> {
  const edition = await store.findEdition(id);
  if (!edition) return undefined;
  const { rows } = await observatoireTable(
    store,
    minAnswers,
    quarterDays(edition.quarter),
    edition.organisationId,
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
 * editions, the platform's and each organisation's that had answers in it. Made once: a second
 * run, another node's or the CLI's, finds them made. Resolves to the editions it made.
 */
export async function makeQuarterEditions(
  store: Store,
  minAnswers: number,
  today: string,
  actor: Actor,
): Promise<EditionSummary[]> {
  if (!/-(01|04|07|10)-01$/.test(today)) return [];
  const quarter = previousQuarter(quarterOf(today));
  // Run every 15 minutes all day: once its editions are made, the day's other runs read no sums.
  const made = await store.listEditions();
  if (made.some((edition) => edition.quarter === quarter && edition.madeBy === actor.name))
    return [];
  // One table for all, split by organisation: the figures of a procedure do not depend on
  // which edition shows them.
  const { rows } = await observatoireTable(store, minAnswers, quarterDays(quarter));
  const kept: EditionSummary[] = [];
  const platform = await keepEdition(store, { quarter, organisationId: undefined, rows }, actor);
  if (platform) kept.push(platform);
  const byOrganisation = new Map<number, ObservatoireRow[]>();
  for (const row of rows) {
    const ofOrganisation = byOrganisation.get(row.organisation.id) ?? [];
    ofOrganisation.push(row);
    byOrganisation.set(row.organisation.id, ofOrganisation);
  }
  for (const [organisationId, ofOrganisation] of byOrganisation) {
    const edition = await keepEdition(
      store,
      { quarter, organisationId, rows: ofOrganisation },
      actor,
    );
    if (edition) kept.push(edition);
  }
  return kept;
}

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
