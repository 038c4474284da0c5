import { type AuditEntry, insertAudit } from './audit.ts';
import { flag, json, optionalTime, time } from './codec.ts';
import { type HeadlineTotals, headlineCounters, monthsAndDays } from './rollups.ts';
import { eachDialect, isUniqueViolation, row, rows, run, type SqlDatabase } from './sql.ts';

/**
 * One procedure's rollups summed over a period, with what its row shows of it: a row of the
 * Observatoire before its figures.
 */
export type ProcedureTotals = {
  procedureKey: string;
  name: string;
  organisationId: number;
  public: boolean;
  /** The query's row as it came: the headline sums, and its other columns beside them. */
  totals: HeadlineTotals;
};

/**
 * A quarterly edition of the Observatoire (docs/design.md §13): the rows of a calendar quarter's
 * table as they were computed when it was made. `Row` is the feature's row, stored as is.
 */
export type StoredEdition<Row = unknown> = {
  id: number;
  /** `2026-T3`. */
  quarter: string;
  /** `undefined`: the platform's edition, every organisation's procedures. */
  organisationId: number | undefined;
  madeAt: Date;
  madeBy: string;
  regeneratedAt: Date | undefined;
  regeneratedBy: string | undefined;
  rows: Row[];
};

/** An edition without its rows: what a list shows. */
export type StoredEditionSummary = Omit<StoredEdition, 'rows'> & { procedures: number };

export type NewEdition<Row> = Pick<StoredEdition<Row>, 'quarter' | 'organisationId' | 'rows'> & {
  madeAt: Date;
  madeBy: string;
};

/** The part of the store about the Observatoire: sums across procedures, and the editions. */
export interface ObservatoireStore {
  /**
   * Every procedure's rollups summed over a period, in one query whatever the number of
   * procedures (whole months from the monthly rollups), only those with answers in it; of one
   * organisation, or all.
   */
  totalsByProcedure(query: {
    fromDay: string;
    toDay: string;
    organisationId?: number | undefined;
  }): Promise<ProcedureTotals[]>;
  /**
   * Keeps a new edition, with its audit entry; `undefined` when that quarter and organisation
   * already have one (an edition is made once, then only regenerated).
   */
  createEdition<Row>(
    edition: NewEdition<Row>,
    audit: (made: StoredEditionSummary) => AuditEntry,
  ): Promise<StoredEditionSummary | undefined>;
  /** Replaces an edition's rows, saying who and when, with its audit entry. */
  regenerateEdition<Row>(
    id: number,
    rows: Row[],
    by: { at: Date; actor: string },
    audit: AuditEntry,
  ): Promise<StoredEditionSummary | undefined>;
  findEdition<Row>(id: number): Promise<StoredEdition<Row> | undefined>;
  /**
   * Newest quarter first, the platform's before the organisations'; of some organisations only,
   * of one quarter only; one page of them (`limit`, after `offset`).
   */
  listEditions(
    filter?: EditionFilter & { limit?: number; offset?: number },
  ): Promise<StoredEditionSummary[]>;
  /** How many editions `listEditions` finds with that filter, over every page. */
  countEditions(filter?: EditionFilter): Promise<number>;
  /** The editions of the organisations that publish them, newest quarter first. */
  listPublishedEditions(): Promise<StoredEditionSummary[]>;
  /** The ids of the organisations that publish their editions on /observatoire. */
  observatoirePublishers(): Promise<Set<number>>;
  /** False when there is no such organisation; the audit entry only if it changed. */
  setPublishesObservatoire(
    organisationId: number,
    publishes: boolean,
    audit: AuditEntry,
  ): Promise<boolean>;
}

export type EditionFilter = {
  organisationIds?: readonly number[] | undefined;
  quarter?: string | undefined;
};

/** The WHERE clause of a filter and its parameters, numbered from $1. */
function editionWhere({ organisationIds, quarter }: EditionFilter): {
  where: string;
  params: unknown[];
} {
  const params: unknown[] = [];
  const conditions: string[] = [];
  if (organisationIds !== undefined) {
    const marks = organisationIds.map((id) => `$${params.push(id)}`);
    conditions.push(`e.organisation_id IN (${marks.join(', ') || 'NULL'})`);
  }
  if (quarter !== undefined) conditions.push(`e.quarter = $${params.push(quarter)}`);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

type EditionRow = {
  id: number;
  quarter: string;
  organisation_id: number | null;
  made_at: number | Date;
  made_by: string;
  regenerated_at: number | Date | null;
  regenerated_by: string | null;
  procedures: number;
};

const headlines = Object.entries(headlineCounters);
/** A rollup row's headline sums: the counters each one adds up, added. */
const headlineSums = headlines
  .map(([name, counters]) => `${counters.join(' + ')} AS ${name}`)
  .join(', ');
const sums = headlines.map(([name]) => `SUM(${name}) AS ${name}`).join(', ');

/**
 * Whole months from the monthly rollups, the days around them from the daily ones (rollups.ts,
 * monthsAndDays), for every procedure at once: the `_by_day` and `_by_month` indexes (migration
 * 017) find the period's rows. Only the 18 headline sums (rollups.ts, headlineCounters): summing
 * the 58 counters cost three times as much. Summed by procedure id, then named: grouping on the
 * key made SQLite sort every row by a text. `$7`: an organisation, or NULL for all.
 */
const totalsByProcedure = eachDialect(
  (dialect) => `SELECT p.key AS procedure_key, p.name AS procedure_name,
    p.organisation_id AS procedure_organisation, p.public AS procedure_public, s.*
  FROM (
    SELECT procedure_id, ${sums} FROM (
      SELECT procedure_id, ${headlineSums} FROM daily_rollups WHERE day BETWEEN $1 AND $2
      UNION ALL
      SELECT procedure_id, ${headlineSums} FROM monthly_rollups WHERE month BETWEEN $3 AND $4
      UNION ALL
      SELECT procedure_id, ${headlineSums} FROM daily_rollups WHERE day BETWEEN $5 AND $6) r
    GROUP BY procedure_id HAVING SUM(answers) > 0) s
  JOIN procedures p ON p.id = s.procedure_id
  WHERE ${dialect === 'postgres' ? '$7::bigint' : '$7'} IS NULL OR p.organisation_id = $7`,
);

const editionColumns = `e.id, e.quarter, e.organisation_id, e.made_at, e.made_by, e.regenerated_at,
  e.regenerated_by, e.procedures`;
const listed = (where: string) => `SELECT ${editionColumns}
  FROM observatoire_editions e LEFT JOIN organisations o ON o.id = e.organisation_id
  ${where}
  ORDER BY e.quarter DESC, e.organisation_id IS NOT NULL, lower(o.name), e.id`;

export function observatoireStore(db: SqlDatabase): ObservatoireStore {
  function* summary(id: number) {
    const found = yield* row<EditionRow>(
      `SELECT ${editionColumns} FROM observatoire_editions e WHERE e.id = $1`,
      [id],
    );
    return found && toSummary(found);
  }

  return {
    totalsByProcedure: ({ fromDay, toDay, organisationId }) =>
      db.read(function* () {
        const { before, months, after } = monthsAndDays(fromDay, toDay);
        const found = yield* rows<
          HeadlineTotals & {
            procedure_key: string;
            procedure_name: string;
            procedure_organisation: number;
            procedure_public: number | boolean;
          }
        >(totalsByProcedure, [
          before.from,
          before.to,
          months.from,
          months.to,
          after.from,
          after.to,
          organisationId ?? null,
        ]);
        return found.map((sums) => ({
          procedureKey: sums.procedure_key,
          name: sums.procedure_name,
          organisationId: Number(sums.procedure_organisation),
          public: flag(sums.procedure_public),
          // The row itself, its other columns and all: copying 18 numbers out of 9,000 rows
          // was an eighth of the Observatoire's time. SQLite sums integers as integers;
          // PostgreSQL's bigint sums are parsed as numbers.
          totals: sums,
        }));
      }),

    createEdition: (edition, entryFor) =>
      db
        .transaction(function* () {
          const inserted = yield* row<{ id: number }>(
            `INSERT INTO observatoire_editions
               (quarter, organisation_id, made_at, made_by, procedures, rows)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [
              edition.quarter,
              edition.organisationId ?? null,
              edition.madeAt,
              edition.madeBy,
              edition.rows.length,
              JSON.stringify(edition.rows),
            ],
          );
          const made = (yield* summary((inserted as { id: number }).id)) as StoredEditionSummary;
          yield* insertAudit(entryFor(made));
          return made;
        })
        .catch((error: unknown) => {
          // Another node, or the CLI, made it first: made once all the same.
          if (isUniqueViolation(error)) return undefined;
          throw error;
        }),

    regenerateEdition: (id, editionRows, by, entry) =>
      db.transaction(function* () {
        const changed = yield* run(
          `UPDATE observatoire_editions
           SET rows = $2, procedures = $3, regenerated_at = $4, regenerated_by = $5
           WHERE id = $1`,
          [id, JSON.stringify(editionRows), editionRows.length, by.at, by.actor],
        );
        if (changed === 0) return undefined;
        yield* insertAudit(entry);
        return yield* summary(id);
      }),

    findEdition: <Row>(id: number) =>
      db.read(function* () {
        const found = yield* row<EditionRow & { rows: string | Row[] }>(
          `SELECT ${editionColumns}, e.rows FROM observatoire_editions e
           WHERE e.id = $1`,
          [id],
        );
        if (!found) return undefined;
        const { procedures: _, ...edition } = toSummary(found);
        return { ...edition, rows: json<Row[]>(found.rows) };
      }),

    listEditions: ({ limit, offset = 0, ...filter } = {}) =>
      db.read(function* () {
        const { where, params } = editionWhere(filter);
        const page =
          limit === undefined ? '' : ` LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`;
        const found = yield* rows<EditionRow>(`${listed(where)}${page}`, params);
        return found.map(toSummary);
      }),

    countEditions: (filter = {}) =>
      db.read(function* () {
        const { where, params } = editionWhere(filter);
        const found = yield* row<{ count: number | string }>(
          `SELECT COUNT(*) AS count FROM observatoire_editions e ${where}`,
          params,
        );
        return Number(found?.count ?? 0);
      }),

    listPublishedEditions: () =>
      db.read(function* () {
        const found = yield* rows<EditionRow>(listed('WHERE o.publishes_observatoire = $1'), [
          true,
        ]);
        return found.map(toSummary);
      }),

    observatoirePublishers: () =>
      db.read(function* () {
        const found = yield* rows<{ id: number }>(
          'SELECT id FROM organisations WHERE publishes_observatoire = $1',
          [true],
        );
        return new Set(found.map((o) => Number(o.id)));
      }),

    setPublishesObservatoire: (organisationId, publishes, entry) =>
      db.transaction(function* () {
        const found = yield* row<{ publishes_observatoire: number | boolean }>(
          'SELECT publishes_observatoire FROM organisations WHERE id = $1',
          [organisationId],
        );
        if (!found) return false;
        if (flag(found.publishes_observatoire) !== publishes) {
          yield* run('UPDATE organisations SET publishes_observatoire = $2 WHERE id = $1', [
            organisationId,
            publishes,
          ]);
          yield* insertAudit(entry);
        }
        return true;
      }),
  };
}

function toSummary(found: EditionRow): StoredEditionSummary {
  return {
    id: found.id,
    quarter: found.quarter,
    organisationId: found.organisation_id ?? undefined,
    madeAt: time(found.made_at),
    madeBy: found.made_by,
    regeneratedAt: optionalTime(found.regenerated_at),
    regeneratedBy: found.regenerated_by ?? undefined,
    procedures: Number(found.procedures),
  };
}
