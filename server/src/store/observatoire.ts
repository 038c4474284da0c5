import { daysBetween } from '../../../common/calendar-days.ts';
import { type AuditEntry, insertAudit } from './audit.ts';
import { flag, json, optionalTime, time } from './codec.ts';
import {
  type DayRange,
  type HeadlineTotals,
  headlineCounters,
  headlineTotalsFrom,
  type KeptPart,
  keptMonthRange,
  type MonthRange,
  type SignedPart,
  signedParts,
} from './rollups.ts';
import {
  arrays,
  eachDialect,
  isUniqueViolation,
  row,
  rows,
  run,
  type SqlDatabase,
  type Work,
} from './sql.ts';

/**
 * One procedure's rollups summed over a period, with what its row shows of it: a row of the
 * Observatoire before its figures.
 */
export type ProcedureTotals = {
  procedureKey: string;
  name: string;
  organisationId: number;
  public: boolean;
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
   * Every procedure's rollups summed over each period, in the periods' order, only those with
   * answers in it; of one organisation, or all. A few queries whatever the number of procedures:
   * settled months from memory, other whole months from the monthly rollups, and the days around
   * them, each range of days read once for all the periods (a period and the one before it share
   * the month between them).
   */
  totalsByProcedure(query: {
    periods: readonly DayRange[];
    organisationId?: number | undefined;
  }): Promise<ProcedureTotals[][]>;
  /**
   * Reads a settled month's sums, or those of its first `firstDays` days (keptFirstDays), into
   * memory if not there yet (nothing for a month not settled): what the server does for the last
   * months after it starts, so that the first Observatoire request reads only days.
   */
  keepSettledMonth(month: string, firstDays?: number): Promise<void>;
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
/** A rollup row's headline sums, in headlineCounters' order: the counters each one adds up. */
const headlineSums = (sign = '') =>
  headlines.map(([, counters]) => `${sign}(${counters.map((c) => `r.${c}`).join(' + ')})`);
/** The 18 headline sums summed, for a GROUP BY. */
const summedHeadlines = headlineSums()
  .map((sum) => `SUM(${sum})`)
  .join(', ');
const tables = {
  day: { table: 'daily_rollups', column: 'day' },
  month: { table: 'monthly_rollups', column: 'month' },
} as const;

/**
 * SQLite: one part of a period (rollups.ts, signedParts) summed for every procedure, `id` and
 * the 18 headline sums (rollups.ts, headlineCounters). A long part loops on the procedures (CROSS
 * JOIN keeps SQLite's loop there), each read in its primary key's range of days: the sums come
 * out in procedure order with nothing to sort. A few days are found through the `_by_day` index
 * instead, each row then looked up and sorted, but without a search per procedure: measured at
 * 10,000 procedures, a day cost 5 ms this way and 22 ms the other, a week about the same, a
 * fortnight 55 ms against 42. `$3`: an organisation, or NULL for all.
 */
const sqlitePart = (unit: SignedPart['unit'], throughIndex: boolean) => {
  const { table, column } = tables[unit];
  const rows = throughIndex
    ? `${table} r INDEXED BY ${table}_by_${column} JOIN procedures p ON p.id = r.procedure_id`
    : `procedures p CROSS JOIN ${table} r ON r.procedure_id = p.id`;
  return `SELECT p.id, ${summedHeadlines} FROM ${rows}
  WHERE r.${column} BETWEEN $1 AND $2 AND ($3 IS NULL OR p.organisation_id = $3)
  GROUP BY p.id`;
};
const sqliteParts = {
  day: sqlitePart('day', false),
  month: sqlitePart('month', false),
  fewDays: sqlitePart('day', true),
};
/** The longest day part read through the `_by_day` index (sqlitePart). */
const fewDays = 7;

/** A range of days or months, read once whoever adds it or takes it out. */
type Part = Omit<SignedPart, 'sign'>;

/** A part, and the periods (by their index) that add it or take it out. */
type PartUsed = Part & { uses: { period: number; sign: number }[] };

/**
 * PostgreSQL: every part of the periods in one statement, one round trip whatever their number;
 * summed by hash, whatever the order, each part's sums apart: `[part, id, ...sums]`. `$1`: an
 * organisation, or NULL for all.
 */
function postgresParts(
  parts: Part[],
  organisation: number | null,
): { sql: string; values: unknown[] } {
  const values: unknown[] = [organisation];
  const arms = parts.map(({ unit, from, to }, part) => {
    const { table, column } = tables[unit];
    return `SELECT ${part}, r.procedure_id, ${headlineSums().join(', ')}
    FROM ${table} r WHERE r.${column} BETWEEN $${values.push(from)} AND $${values.push(to)}`;
  });
  const sums = headlines.map((_, i) => `SUM(s${i})`).join(', ');
  const columns = headlines.map((_, i) => `s${i}`).join(', ');
  return {
    sql: `SELECT part, procedure_id, ${sums} FROM (${arms.join(' UNION ALL ')}) r (part, procedure_id, ${columns})
  WHERE $1::bigint IS NULL OR procedure_id IN (SELECT id FROM procedures WHERE organisation_id = $1)
  GROUP BY part, procedure_id`,
    values,
  };
}

const headlineCount = headlines.length;

/** Every procedure's headline sums over some days: its id, and its 18 sums at its row times 18. */
type KeptSums = { ids: Int32Array; sums: Int32Array };

/**
 * A settled month's sums (rollups.ts, settledMonthsBefore), and those of its first days once a
 * period needed them (KeptPart, by their number), as of `revision` in `closed_month_revisions`
 * (deleting a procedure counts one in each of its months: SQLite may give its id again).
 */
type KeptMonth = { revision: number; whole: KeptSums; firstDays: Map<number, KeptSums> };

/**
 * How many months a store keeps: the last 36 settled ones (keptMonthRange), whole and, once a
 * period ended inside them, their first days (keptFirstDays). At 10,000 procedures with answers
 * every month and every week, 26 MB whole, 104 MB with all their first days; fewer procedures
 * answered in a week, fewer rows. Older months are read from the database as before, each time,
 * and never push the recent ones out.
 */
export const keptMonthsAtMost = 36;

const none = { ids: new Int32Array(0), sums: new Int32Array(0) };

const monthRevisions = 'SELECT month, revision FROM closed_month_revisions';

/**
 * A range of months' headline sums for every procedure, by procedure and month: `[month, id,
 * ...sums]`. SQLite loops on the procedures, each read in its primary key's range of months, in
 * order (as sqlitePart); PostgreSQL sums by hash.
 */
const monthsByProcedure = eachDialect((dialect) =>
  dialect === 'postgres'
    ? `SELECT r.month, r.procedure_id, ${summedHeadlines} FROM monthly_rollups r
  WHERE r.month BETWEEN $1 AND $2 GROUP BY r.procedure_id, r.month`
    : `SELECT r.month, p.id, ${summedHeadlines} FROM procedures p CROSS JOIN monthly_rollups r ON r.procedure_id = p.id
  WHERE r.month BETWEEN $1 AND $2 GROUP BY p.id, r.month`,
);

/** Rows of a procedure's id then its 18 sums, from `at` (the id), as kept. */
function keptSums(rows: readonly (readonly unknown[])[], at: number): KeptSums {
  const sums = new Int32Array(rows.length * headlineCount);
  rows.forEach((row, n) => {
    for (let i = 0; i < headlineCount; i++) sums[n * headlineCount + i] = row[at + 1 + i] as number;
  });
  return { ids: Int32Array.from(rows, (row) => row[at] as number), sums };
}

/** The months read by monthsByProcedure, each one's sums. */
function sumsByMonth(found: [string, number, ...number[]][]): Map<string, KeptSums> {
  const rowsOf = new Map<string, [string, number, ...number[]][]>();
  for (const row of found) {
    const rows = rowsOf.get(row[0]);
    if (rows) rows.push(row);
    else rowsOf.set(row[0], [row]);
  }
  return new Map([...rowsOf].map(([month, rows]) => [month, keptSums(rows, 1)]));
}

const listedProcedures = eachDialect(
  (dialect) => `SELECT id, key, name, organisation_id, public FROM procedures
  WHERE ${dialect === 'postgres' ? '$1::bigint' : '$1'} IS NULL OR organisation_id = $1`,
);

const editionColumns = `e.id, e.quarter, e.organisation_id, e.made_at, e.made_by, e.regenerated_at,
  e.regenerated_by, e.procedures`;
const listed = (where: string) => `SELECT ${editionColumns}
  FROM observatoire_editions e LEFT JOIN organisations o ON o.id = e.organisation_id
  ${where}
  ORDER BY e.quarter DESC, e.organisation_id IS NOT NULL, lower(o.name), e.id`;

export function observatoireStore(db: SqlDatabase): ObservatoireStore {
  /** The settled months' sums this process read, the last used last (KeptMonth). */
  const keptMonths = new Map<string, KeptMonth>();

  /**
   * One snapshot for the revisions, the months read and the days: a SQLite read is one deferred
   * transaction (sqlite-database.ts); on PostgreSQL, where each statement would see its own, a
   * read-only transaction at REPEATABLE READ.
   */
  function inOneSnapshot<T>(work: () => Work<T>): Promise<T> {
    if (db.dialect !== 'postgres') return db.read(work);
    return db.transaction(function* () {
      yield* run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return yield* work();
    });
  }

  /**
   * The months' revisions, and what is kept of those whose revision moved dropped. Read before
   * any sum: a write to a month committed after this read leaves a newer revision behind it, so
   * that sums read with it are dropped at the next read.
   */
  function* currentRevisions() {
    const revisions = new Map(yield* arrays<[string, number]>(monthRevisions));
    for (const [month, kept] of keptMonths)
      if (kept.revision !== (revisions.get(month) ?? 0)) keptMonths.delete(month);
    return revisions;
  }

  /**
   * The settled months these parts need, read where not kept (every procedure's, whatever the
   * organisation asked: what is kept serves them all): months from the monthly rollups, their
   * first days from the daily ones. Then kept as of `revisions`, read before them.
   */
  function* keptMonthsOf(parts: KeptPart[], revisions: Map<string, number>, range: MonthRange) {
    const wanted = [...new Set(parts.map(({ month }) => month))];
    // Only what is kept as of this read's revisions: on PostgreSQL another request may have
    // kept a newer month meanwhile, which this snapshot must not mix with its days.
    const months = new Map<string, KeptMonth>();
    for (const month of wanted) {
      const kept = keptMonths.get(month);
      if (kept?.revision === (revisions.get(month) ?? 0)) months.set(month, kept);
    }
    const missing = wanted.filter((month) => !months.has(month)).sort();
    if (missing.length > 0) {
      const found = yield* arrays<[string, number, ...number[]]>(monthsByProcedure, [
        missing[0],
        missing.at(-1),
      ]);
      const read = sumsByMonth(found);
      for (const month of missing)
        months.set(month, {
          revision: revisions.get(month) ?? 0,
          whole: read.get(month) ?? none,
          firstDays: new Map(),
        });
    }
    for (const { month, firstDays } of parts) {
      const kept = months.get(month) as KeptMonth;
      if (firstDays !== undefined && !kept.firstDays.has(firstDays)) {
        // Every procedure's (no organisation), as any part of a period is read.
        const last = `${month}-${String(firstDays).padStart(2, '0')}`;
        const days: Part = { unit: 'day', from: `${month}-01`, to: last };
        const { sql, values } =
          db.dialect === 'postgres'
            ? postgresParts([days], null)
            : { sql: sqliteParts.day, values: [days.from, days.to, null] };
        // `[part, id, ...sums]` on PostgreSQL, `[id, ...sums]` on SQLite.
        kept.firstDays.set(
          firstDays,
          keptSums(yield* arrays<number[]>(sql, values), db.dialect === 'postgres' ? 1 : 0),
        );
      }
    }
    // The months last used are the last to go, after those no longer kept at all (the oldest
    // one, once a month has ended).
    for (const [month, kept] of months) {
      keptMonths.delete(month);
      keptMonths.set(month, kept);
    }
    for (const month of keptMonths.keys())
      if (month < range.from || month > range.to) keptMonths.delete(month);
    for (const month of keptMonths.keys()) {
      if (keptMonths.size <= keptMonthsAtMost) break;
      keptMonths.delete(month);
    }
    return months;
  }

  function* summary(id: number) {
    const found = yield* row<EditionRow>(
      `SELECT ${editionColumns} FROM observatoire_editions e WHERE e.id = $1`,
      [id],
    );
    return found && toSummary(found);
  }

  return {
    keepSettledMonth: (month, firstDays) =>
      inOneSnapshot(function* () {
        const kept = keptMonthRange(Date.now(), keptMonthsAtMost);
        if (month < kept.from || month > kept.to) return;
        yield* keptMonthsOf([{ month, firstDays, sign: 1 }], yield* currentRevisions(), kept);
      }),

    totalsByProcedure: ({ periods, organisationId }) =>
      inOneSnapshot(function* () {
        const organisation = organisationId ?? null;
        const revisions = yield* currentRevisions();
        const keptRange = keptMonthRange(Date.now(), keptMonthsAtMost);
        const read = periods.map(({ from, to }) => signedParts(from, to, keptRange));
        const months = yield* keptMonthsOf(
          read.flatMap(({ kept }) => kept),
          revisions,
          keptRange,
        );
        // Each range of the database read once, with where it adds or takes out.
        const parts = new Map<string, PartUsed>();
        read.forEach(({ parts: signed }, period) => {
          for (const { sign, ...part } of signed) {
            const key = `${part.unit} ${part.from} ${part.to}`;
            const found = parts.get(key) ?? { ...part, uses: [] };
            found.uses.push({ period, sign });
            parts.set(key, found);
          }
        });

        const procedures = yield* arrays<[number, string, string, number, number | boolean]>(
          listedProcedures,
          [organisation],
        );
        // Each listed procedure's sums at its position in the list times 18, found by its id
        // (ids are small numbers: an array, where 100,000 look-ups in a Map cost 10 ms).
        let lastId = 0;
        for (const [id] of procedures) if (id > lastId) lastId = id;
        const positions = new Int32Array(lastId + 1).fill(-1);
        procedures.forEach(([id], position) => {
          positions[id] = position * headlineCount;
        });
        const positionOf = (id: number) => (id <= lastId ? (positions[id] as number) : -1);
        const sums = periods.map(() => new Float64Array(procedures.length * headlineCount));
        const add = (
          into: Float64Array,
          id: number,
          found: ArrayLike<number>,
          from: number,
          sign: number,
        ) => {
          const position = positionOf(id);
          if (position < 0) return;
          for (let i = 0; i < headlineCount; i++)
            into[position + i] =
              (into[position + i] as number) + sign * (found[from + i] as number);
        };
        const partList = [...parts.values()];
        if (db.dialect === 'postgres') {
          if (partList.length > 0) {
            const { sql, values } = postgresParts(partList, organisation);
            for (const found of yield* arrays<number[]>(sql, values))
              for (const { period, sign } of (partList[found[0] as number] as PartUsed).uses)
                add(sums[period] as Float64Array, found[1] as number, found, 2, sign);
          }
        } else {
          for (const { unit, from, to, uses } of partList) {
            const sql =
              unit === 'day' && daysBetween(from, to) <= fewDays
                ? sqliteParts.fewDays
                : sqliteParts[unit];
            const found = yield* arrays<number[]>(sql, [from, to, organisation]);
            for (const { period, sign } of uses)
              for (const row of found)
                add(sums[period] as Float64Array, row[0] as number, row, 1, sign);
          }
        }
        read.forEach(({ kept }, period) => {
          for (const { month, firstDays, sign } of kept) {
            const { whole, firstDays: firstDaysOf } = months.get(month) as KeptMonth;
            const { ids, sums: monthSums } =
              firstDays === undefined ? whole : (firstDaysOf.get(firstDays) as KeptSums);
            for (let row = 0; row < ids.length; row++)
              add(
                sums[period] as Float64Array,
                ids[row] as number,
                monthSums,
                row * headlineCount,
                sign,
              );
          }
        });

        return sums.map((summed) => {
          const found: ProcedureTotals[] = [];
          procedures.forEach(([, key, name, organisationOf, isPublic], position) => {
            if (!((summed[position * headlineCount] as number) > 0)) return;
            found.push({
              procedureKey: key,
              name,
              organisationId: Number(organisationOf),
              public: flag(isPublic),
              totals: headlineTotalsFrom(summed, position * headlineCount),
            });
          });
          return found;
        });
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
