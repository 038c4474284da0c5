import type { Answer } from '../../../common/wire.ts';
import { flag, json } from './codec.ts';
import { monthsAndDays } from './rollups.ts';
import {
  type Dialect,
  eachDialect,
  rows,
  run,
  type Sql,
  type SqlDatabase,
  type Work,
} from './sql.ts';
import type { TotalsQuery } from './store.ts';
import type { Theme } from './themes.ts';

/**
 * The exact counts of terms and themes (docs/design.md §12, migration 015 / 012): triggers on
 * `submissions` queue each change of a counted comment in `term_changes`; a job
 * (features/topics/count-terms.ts) folds a batch of them and adds the result here, then reads
 * are sums of a few rows per term, whatever the number of comments.
 */

/** A queued change: a comment that now counts (+1) or no longer does (-1), with its values then. */
export type TermChange = {
  id: number;
  procedureId: number;
  source: string;
  day: string;
  satisfaction: Answer['satisfaction'];
  comment: string;
  sign: 1 | -1;
  /** Goes into the terms' and labels' counts. */
  terms: boolean;
  /** Goes into the themes' counts. */
  themes: boolean;
};

/** Comments and the satisfaction of their answers. */
export type CommentCounts = { comments: number; bad: number; medium: number; good: number };

/** What a batch adds to a term's counts of a day and placement; the term '' is every comment. */
export type TermDayChange = {
  procedureId: number;
  day: string;
  source: string;
  term: string;
  counts: CommentCounts;
};

/** What a batch adds to the comments that wrote a term one way. */
export type TermLabelChange = { procedureId: number; term: string; surface: string; uses: number };

/** What a batch adds to a theme's counts (theme 0: «Sans thème») of a day and placement. */
export type ThemeDayChange = {
  procedureId: number;
  day: string;
  source: string;
  themeId: number;
  counts: CommentCounts;
};

/** What a batch of changes adds to the counts (negative for what it takes out). */
export type TermCountChanges = {
  terms: Iterable<TermDayChange>;
  labels: Iterable<TermLabelChange>;
  themes: Iterable<ThemeDayChange>;
};

/**
 * The folding, which the store does not know (it imports no feature): the changes of a batch,
 * with the themes of their procedures, become counts. Pure: PostgreSQL may run a batch again.
 */
export type CountTermChanges = (
  changes: readonly TermChange[],
  themes: ReadonlyMap<number, readonly Theme[]>,
) => TermCountChanges;

/** A term's counts summed over a period. */
export type TermSum = CommentCounts & { term: string };

/** A theme's counts of one day (summed over placements unless one is asked). */
export type ThemeDay = CommentCounts & { themeId: number; day: string };

export interface TermStore {
  /**
   * Counts up to `limit` queued changes, oldest first (of one procedure when `procedureKey` is
   * given), in one transaction with their removal from the queue. Returns how many were taken:
   * 0 when none is left (or, on PostgreSQL, when every one left is being counted by another
   * node). `wait`: wait for the changes another node is counting rather than skip them.
   */
  countTermChanges(
    count: CountTermChanges,
    options: { limit: number; procedureKey?: string; wait?: boolean },
  ): Promise<number>;
  /** Changes still queued, of one procedure or of all. */
  pendingTermChanges(procedureKey?: string): Promise<number>;
  /**
   * The terms of a period with at least `minComments` comments (and always the term '', every
   * comment), or only those of `terms` when given; the rare ones (`rareTermComments`) only
   * when `rare` is true.
   */
  sumTerms(
    query: TotalsQuery & {
      minComments: number;
      rare: boolean;
      terms?: readonly string[] | undefined;
    },
  ): Promise<TermSum[]>;
  /**
   * The way each of `terms` is written most often, over all time (ties: the first in code-point
   * order, the same in both databases).
   */
  termLabels(procedureKey: string, terms: readonly string[]): Promise<Map<string, string>>;
  /** The themes' counts of each day of a period that has some. */
  themeDays(query: TotalsQuery): Promise<ThemeDay[]>;
}

/**
 * Advisory lock class of a procedure's theme counts (PostgreSQL; its second key is the
 * procedure's id): a theme edit takes it alone to start its themes' counts over, the counting
 * job takes it shared, and skips, without waiting, a procedure whose themes are being edited.
 */
export const themeCountsLock = 2612;

/**
 * A term is rare until it has been in this many comments of its procedure (term_totals): its
 * rows are kept apart (`rare`), and a period's sums read them only when a rare term may be
 * listed (procedure-topics.ts): most rows are of terms in one comment (a file's code, a name, a
 * typo), and without them a 12-month sum reads a fifth of the rows (measured, BENCHMARKS.md).
 * Never above the comments a rising term needs (count-topics.ts, minRisingComments).
 */
export const rareTermComments = 10;

const procedureByKey = '(SELECT id FROM procedures WHERE key = $1)';

type ChangeRow = {
  id: number;
  procedure_id: number;
  source: string;
  day: string;
  satisfaction: Answer['satisfaction'];
  comment: string;
  sign: number;
  terms: number | boolean;
  themes: number | boolean;
  known: number | boolean;
};

const changeColumns = `c.id, c.procedure_id, c.source, c.day, c.satisfaction, c.comment, c.sign,
  c.terms, c.themes, EXISTS (SELECT 1 FROM procedures p WHERE p.id = c.procedure_id) AS known`;

/** The oldest changes; `procedure`: of one procedure; `lock`: PostgreSQL's locking clause. */
function oldestChanges(procedure: boolean, lock: '' | 'FOR UPDATE' | 'FOR UPDATE SKIP LOCKED') {
  return eachDialect(
    (dialect) => `SELECT ${changeColumns} FROM term_changes c
      ${procedure ? `WHERE c.procedure_id = ${procedureByKey}` : ''}
      ORDER BY c.id LIMIT $${procedure ? 2 : 1} ${dialect === 'postgres' ? lock : ''}`,
  );
}

/** A JSON array of rows, as one parameter: a batch writes thousands of rows in one statement. */
function jsonRows(dialect: Dialect, columns: readonly [string, string][]): string {
  return dialect === 'sqlite'
    ? `SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each($1) WHERE true`
    : `SELECT ${columns.map(([, type], i) => `(v ->> ${i})::${type}`).join(', ')}
       FROM json_array_elements($1::json) v`;
}

const countColumns = ['comments', 'bad', 'medium', 'good'] as const;

/**
 * Adds the rows of a JSON array to `table`; then deletes those of `negative` (the keys that lost
 * comments) that fell to zero, so that retention and deletions leave no dead rows behind.
 */
function upsertCounts(
  table: string,
  keys: readonly [string, string][],
  counts: readonly string[],
): { add: Sql; dropZeros: Sql } {
  const keyList = keys.map(([name]) => name).join(', ');
  const columns = [...keys, ...counts.map((c) => [c, 'integer'] as [string, string])];
  return {
    add: eachDialect(
      (dialect) => `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')})
        ${jsonRows(dialect, columns)}
        ON CONFLICT (${keyList}) DO UPDATE SET
        ${counts.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`,
    ),
    dropZeros: eachDialect(
      (dialect) => `DELETE FROM ${table} WHERE ${counts[0]} = 0
        AND (${keyList}) IN (${jsonRows(dialect, keys)})`,
    ),
  };
}

const termDays = upsertCounts(
  'term_days',
  [
    ['procedure_id', 'bigint'],
    ['rare', 'boolean'],
    ['day', 'date'],
    ['source', 'text'],
    ['term', 'text'],
  ],
  countColumns,
);
const termMonths = upsertCounts(
  'term_months',
  [
    ['procedure_id', 'bigint'],
    ['rare', 'boolean'],
    ['month', 'text'],
    ['source', 'text'],
    ['term', 'text'],
  ],
  countColumns,
);
const termLabels = upsertCounts(
  'term_labels',
  [
    ['procedure_id', 'bigint'],
    ['term', 'text'],
    ['surface', 'text'],
  ],
  ['uses'],
);
const themeDays = upsertCounts(
  'theme_days',
  [
    ['procedure_id', 'bigint'],
    ['day', 'date'],
    ['source', 'text'],
    ['theme_id', 'bigint'],
  ],
  countColumns,
);

/** Rows in key order (the JSON text of their keys), so that two nodes lock them in one order. */
function inKeyOrder(rows: unknown[][], keyLength: number): unknown[][] {
  const keyed = rows.map((r) => [JSON.stringify(r.slice(0, keyLength)), r] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([, r]) => r);
}

/**
 * Writes `rows` (keys then counts) with `upsert`, and drops the rows that reach 0: those a
 * negative change brought there, and those a batch's changes cancelling out (a comment counted,
 * then purged) wrote at 0.
 */
function* write(upsert: { add: Sql; dropZeros: Sql }, rows: unknown[][], keyLength: number) {
  if (rows.length === 0) return;
  yield* run(upsert.add, [JSON.stringify(inKeyOrder(rows, keyLength))]);
  const negative = rows
    .filter((r) => (r[keyLength] as number) <= 0)
    .map((r) => r.slice(0, keyLength));
  if (negative.length > 0) yield* run(upsert.dropZeros, [JSON.stringify(negative)]);
}

const dropZeroTotals = eachDialect(
  (dialect) => `DELETE FROM term_totals WHERE comments = 0
    AND (procedure_id, term) IN (${jsonRows(dialect, [
      ['procedure_id', 'bigint'],
      ['term', 'text'],
    ])})`,
);

const counted = (c: CommentCounts) => [c.comments, c.bad, c.medium, c.good];

/**
 * The day rows of a batch, `[procedure, rare, day, source, term, ...counts]`, and the same summed
 * per month (`YYYY-MM`) as the monthly rollups are.
 */
function dayAndMonthRows(changes: readonly TermDayChange[], isRare: (c: TermDayChange) => boolean) {
  const days: unknown[][] = [];
  const months = new Map<string, unknown[]>();
  for (const change of changes) {
    const { procedureId, day, source, term, counts } = change;
    const rare = isRare(change);
    days.push([procedureId, rare, day, source, term, ...counted(counts)]);
    const month = day.slice(0, 7);
    const key = JSON.stringify([procedureId, month, source, term]);
    const sum = months.get(key);
    if (sum === undefined)
      months.set(key, [procedureId, rare, month, source, term, ...counted(counts)]);
    else for (let i = 0; i < 4; i++) (sum[5 + i] as number) += counted(counts)[i] as number;
  }
  return { days, months: [...months.values()] };
}

/**
 * Adds the batch's comments to each term's total; a term that reaches `rareTermComments` stops
 * being rare, and its rows move out of the rare ones (at most 9 comments' worth). Returns which
 * terms of the batch are rare. A term is rare or not for good while it has a total; a word's
 * total back at 0 is deleted, as its day and month rows then are (`write`): the words of purged
 * or deleted comments (a name, say) must not outlive them. Counted again, a word starts over as
 * rare. ('' stands for every comment, never rare: its total stays.)
 */
function* termTotals(changes: readonly TermDayChange[]): Work<(c: TermDayChange) => boolean> {
  const totals = new Map<string, [number, string, number, boolean]>();
  for (const { procedureId, term, counts } of changes) {
    const key = `${procedureId} ${term}`;
    const total = totals.get(key);
    if (total) total[2] += counts.comments;
    else totals.set(key, [procedureId, term, counts.comments, term !== '']);
  }
  const found = yield* rows<{
    procedure_id: number;
    term: string;
    comments: number;
    rare: number | boolean;
  }>(
    eachDialect(
      (dialect) => `INSERT INTO term_totals (procedure_id, term, comments, rare)
        ${jsonRows(dialect, [
          ['procedure_id', 'bigint'],
          ['term', 'text'],
          ['comments', 'integer'],
          ['rare', 'boolean'],
        ])}
        ON CONFLICT (procedure_id, term) DO UPDATE SET comments = term_totals.comments + excluded.comments
        RETURNING procedure_id, term, comments, rare`,
    ),
    [JSON.stringify(inKeyOrder([...totals.values()], 2))],
  );
  const gone = found.filter((t) => t.term !== '' && Number(t.comments) === 0);
  if (gone.length > 0)
    yield* run(dropZeroTotals, [JSON.stringify(gone.map((t) => [t.procedure_id, t.term]))]);
  const rare = new Set<string>();
  const common: [number, string][] = [];
  for (const t of found) {
    if (!flag(t.rare)) continue;
    if (Number(t.comments) >= rareTermComments) common.push([Number(t.procedure_id), t.term]);
    else rare.add(`${t.procedure_id} ${t.term}`);
  }
  // One statement a term: each finds its rows by the partial index of rare terms' rows (a
  // list of pairs made SQLite read every row of the procedure). Many in the first batches of a
  // procedure, a few a batch after.
  for (const [procedureId, term] of common) {
    for (const table of ['term_totals', 'term_days', 'term_months']) {
      yield* run(
        eachDialect(
          (dialect) => `UPDATE ${table} SET rare = false
            WHERE ${dialect === 'sqlite' ? 'rare = 1' : 'rare'} AND procedure_id = $1 AND term = $2`,
        ),
        [procedureId, term],
      );
    }
  }
  return (c) => rare.has(`${c.procedureId} ${c.term}`);
}

function* countBatch(
  count: CountTermChanges,
  { limit, procedureKey, wait }: { limit: number; procedureKey?: string; wait?: boolean },
): Work<number> {
  const lock = wait ? 'FOR UPDATE' : 'FOR UPDATE SKIP LOCKED';
  const batch =
    procedureKey === undefined
      ? yield* rows<ChangeRow>(oldestChanges(false, lock), [limit])
      : yield* rows<ChangeRow>(oldestChanges(true, lock), [procedureKey, limit]);
  if (batch.length === 0) return 0;
  const procedures = [...new Set(batch.filter((c) => flag(c.known)).map((c) => c.procedure_id))];
  // The procedures whose theme counts are not being started over by a theme edit (PostgreSQL):
  // the others' changes stay queued, for a batch after the edit's commit.
  const free = new Set(
    procedures.length === 0
      ? []
      : (yield* rows<{ procedure_id: number }>(
          {
            sqlite: 'SELECT value AS procedure_id FROM json_each($1)',
            postgres: `SELECT p::bigint AS procedure_id FROM json_array_elements_text($1::json) p
                       WHERE pg_try_advisory_xact_lock_shared(${themeCountsLock}, p::int)`,
          },
          [JSON.stringify(procedures)],
        )).map((r) => Number(r.procedure_id)),
  );
  // A deleted procedure's changes are dropped: its counts went with it.
  const taken = batch.filter((c) => free.has(c.procedure_id) || !flag(c.known));
  const changes = taken.filter((c) => flag(c.known)).map(toChange);
  const themes = new Map<number, Theme[]>();
  if (changes.length > 0) {
    const found = yield* rows<{ id: number; procedure_id: number; name: string; keywords: string }>(
      {
        sqlite: `SELECT id, procedure_id, name, keywords FROM themes
                 WHERE procedure_id IN (SELECT value FROM json_each($1)) ORDER BY id`,
        postgres: `SELECT id, procedure_id, name, keywords FROM themes
                   WHERE procedure_id IN (SELECT p::bigint FROM json_array_elements_text($1::json) p)
                   ORDER BY id`,
      },
      [JSON.stringify([...free])],
    );
    for (const id of free) themes.set(id, []);
    for (const t of found) {
      themes.get(Number(t.procedure_id))?.push({
        id: Number(t.id),
        name: t.name,
        keywords: json<string[]>(t.keywords),
      });
    }
    const made = count(changes, themes);
    const dayChanges = [...made.terms];
    // Totals, days, months, labels, themes: one order of tables for every node.
    const isRare = yield* termTotals(dayChanges);
    const { days, months } = dayAndMonthRows(dayChanges, isRare);
    yield* write(termDays, days, 5);
    yield* write(termMonths, months, 5);
    yield* write(
      termLabels,
      [...made.labels].map((l) => [l.procedureId, l.term, l.surface, l.uses]),
      3,
    );
    yield* write(
      themeDays,
      [...made.themes].map((t) => [
        t.procedureId,
        t.day,
        t.source,
        t.themeId,
        ...counted(t.counts),
      ]),
      4,
    );
  }
  if (taken.length > 0) {
    yield* run(
      {
        sqlite: 'DELETE FROM term_changes WHERE id IN (SELECT value FROM json_each($1))',
        postgres: `DELETE FROM term_changes
                   WHERE id IN (SELECT p::bigint FROM json_array_elements_text($1::json) p)`,
      },
      [JSON.stringify(taken.map((c) => c.id))],
    );
  }
  return taken.length;
}

function toChange(row: ChangeRow): TermChange {
  return {
    id: Number(row.id),
    procedureId: Number(row.procedure_id),
    source: row.source,
    day: row.day,
    satisfaction: row.satisfaction,
    comment: row.comment,
    sign: row.sign < 0 ? -1 : 1,
    terms: flag(row.terms),
    themes: flag(row.themes),
  };
}

/**
 * A period's sums: the whole months from term_months, the days around them from term_days
 * (rollups.ts, monthsAndDays). $1 procedure key, $2 source, $3–$8 the three ranges, $9 the
 * fewest comments, $10 the terms asked (a JSON array) or null. `rare`: the rare terms' rows too
 * (`IN`, so that the primary key still leads to each period's rows).
 */
const sumOfTerms = (rare: boolean) =>
  eachDialect((dialect) => {
    const rows = rare ? 'rare IN (false, true)' : 'rare = false';
    const source =
      dialect === 'sqlite' ? '($2 IS NULL OR source = $2)' : '($2::text IS NULL OR source = $2)';
    const asked =
      dialect === 'sqlite'
        ? '($10 IS NULL OR term IN (SELECT value FROM json_each($10)))'
        : '($10::json IS NULL OR term IN (SELECT json_array_elements_text($10::json)))';
    const parts = [
      `SELECT term, comments, bad, medium, good FROM term_days
     WHERE procedure_id = ${procedureByKey} AND ${rows} AND day BETWEEN $3 AND $4 AND ${source}
       AND ${asked}`,
      `SELECT term, comments, bad, medium, good FROM term_months
     WHERE procedure_id = ${procedureByKey} AND ${rows} AND month BETWEEN $5 AND $6 AND ${source}
       AND ${asked}`,
      `SELECT term, comments, bad, medium, good FROM term_days
     WHERE procedure_id = ${procedureByKey} AND ${rows} AND day BETWEEN $7 AND $8 AND ${source}
       AND ${asked}`,
    ];
    return `SELECT term, SUM(comments) AS comments, SUM(bad) AS bad, SUM(medium) AS medium,
      SUM(good) AS good
    FROM (${parts.join(' UNION ALL ')}) period
    GROUP BY term HAVING SUM(comments) >= $9 OR term = ''`;
  });
const sumOfAllTerms = sumOfTerms(true);
const sumOfCommonTerms = sumOfTerms(false);

export function termStore(db: SqlDatabase): TermStore {
  return {
    countTermChanges: (count, options) => db.transaction(() => countBatch(count, options)),

    pendingTermChanges: (procedureKey) =>
      db.read(function* () {
        const [found] =
          procedureKey === undefined
            ? yield* rows<{ n: number }>('SELECT count(*) AS n FROM term_changes')
            : yield* rows<{ n: number }>(
                `SELECT count(*) AS n FROM term_changes WHERE procedure_id = ${procedureByKey}`,
                [procedureKey],
              );
        return Number(found?.n ?? 0);
      }),

    sumTerms: (query) =>
      db.read(function* () {
        const { before, months, after } = monthsAndDays(query.fromDay, query.toDay);
        const found = yield* rows<TermSum>(query.rare ? sumOfAllTerms : sumOfCommonTerms, [
          query.procedureKey,
          query.source ?? null,
          before.from,
          before.to,
          months.from,
          months.to,
          after.from,
          after.to,
          query.minComments,
          query.terms === undefined ? null : JSON.stringify(query.terms),
        ]);
        return found.map((r) => ({
          term: r.term,
          comments: Number(r.comments),
          bad: Number(r.bad),
          medium: Number(r.medium),
          good: Number(r.good),
        }));
      }),

    termLabels: (procedureKey, terms) =>
      db.read(function* () {
        const labels = new Map<string, string>();
        if (terms.length === 0) return labels;
        const found = yield* rows<{ term: string; surface: string }>(
          eachDialect(
            (dialect) => `SELECT term, surface FROM term_labels
              WHERE procedure_id = ${procedureByKey} AND uses > 0 AND term IN (${
                dialect === 'sqlite'
                  ? 'SELECT value FROM json_each($2)'
                  : 'SELECT json_array_elements_text($2::json)'
              })
              ORDER BY term, uses DESC, surface${dialect === 'postgres' ? ' COLLATE "C"' : ''}`,
          ),
          [procedureKey, JSON.stringify(terms)],
        );
        for (const { term, surface } of found) if (!labels.has(term)) labels.set(term, surface);
        return labels;
      }),

    themeDays: (query) =>
      db.read(function* () {
        const found = yield* rows<CommentCounts & { theme_id: number; day: string }>(
          eachDialect(
            (dialect) => `SELECT theme_id, day, SUM(comments) AS comments, SUM(bad) AS bad,
                SUM(medium) AS medium, SUM(good) AS good
              FROM theme_days
              WHERE procedure_id = ${procedureByKey} AND day BETWEEN $2 AND $3
                AND (${dialect === 'sqlite' ? '$4' : '$4::text'} IS NULL OR source = $4)
              GROUP BY theme_id, day ORDER BY theme_id, day`,
          ),
          [query.procedureKey, query.fromDay, query.toDay, query.source ?? null],
        );
        return found.map((r) => ({
          themeId: Number(r.theme_id),
          day: r.day,
          comments: Number(r.comments),
          bad: Number(r.bad),
          medium: Number(r.medium),
          good: Number(r.good),
        }));
      }),
  };
}

/**
 * Starts a procedure's theme counts over, in the transaction of a theme edit (themes.ts): its
 * theme_days go, its queued changes keep counting for the terms only, and every comment it
 * counts now is queued once more for the themes only. The queue's order then makes the new
 * counts exact. Its cost: one queued copy of each of the procedure's comments (150,000 rows for
 * the largest procedure, counted in a minute or so in the background).
 */
export function* restartThemeCounts(dialect: Dialect, procedureKey: string): Work<void> {
  if (dialect === 'postgres') {
    // Waits for the counting job's batches that hold this procedure; later ones skip it.
    yield* rows(
      `SELECT pg_advisory_xact_lock(${themeCountsLock}, id::int) FROM procedures
                 WHERE key = $1`,
      [procedureKey],
    );
  }
  yield* run(`DELETE FROM theme_days WHERE procedure_id = ${procedureByKey}`, [procedureKey]);
  // The themes only (`terms` false): the terms' counts hold these comments already.
  const snapshot = (no: string, yes: string) => `INSERT INTO term_changes
      (procedure_id, source, day, satisfaction, comment, sign, terms, themes)
    SELECT procedure_id, source, day, satisfaction, comment, 1, ${no}, ${yes} FROM submissions
    WHERE procedure_id = ${procedureByKey} AND comment IS NOT NULL AND NOT suspect ORDER BY seq`;
  if (dialect === 'sqlite') {
    yield* run(`DELETE FROM term_changes WHERE procedure_id = ${procedureByKey} AND terms = 0`, [
      procedureKey,
    ]);
    yield* run(
      `UPDATE term_changes SET themes = 0
       WHERE procedure_id = ${procedureByKey} AND terms = 1 AND themes = 1`,
      [procedureKey],
    );
    yield* run(snapshot('0', '1'), [procedureKey]);
  } else {
    // One statement, one snapshot: a comment committed by another node meanwhile is either in
    // it, its change marked, or neither (counted once by its own change).
    yield* run(
      `WITH superseded AS (
         DELETE FROM term_changes WHERE procedure_id = ${procedureByKey} AND NOT terms),
       marked AS (
         UPDATE term_changes SET themes = false
         WHERE procedure_id = ${procedureByKey} AND terms AND themes)
       ${snapshot('false', 'true')}`,
      [procedureKey],
    );
  }
}
