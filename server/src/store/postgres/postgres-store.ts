import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Answer } from '../../../../common/wire.ts';
import { type HandWrittenStore, sharedAggregates } from '../aggregates.ts';
import { type AnswerColumns, answerFromColumns, helpColumnsOf } from '../answer-columns.ts';
import { type AuditEntry, insertAudit } from '../audit.ts';
import { type CommitObserver, CommitObservers } from '../commit-observers.ts';
import { GroupCommit } from '../group-commit.ts';
import { cursorPosition, pageOfAnswers } from '../matching-page.ts';
import { askedIn, type CachedProcedure, ProcedureCache } from '../procedure-cache.ts';
import { readProcedure } from '../procedures.ts';
import {
  askedPartOf,
  bumpMonthRevision,
  dropsComment,
  monthsAndDays,
  RollupChanges,
  type RollupTotals,
  rollupCounters,
  satisfactionColumns,
} from '../rollups.ts';
import {
  type DailySatisfaction,
  type IncomingSubmission,
  type MonthlyRollup,
  type SaveOutcome,
  type StatsRollups,
  type StatsRollupsQuery,
  type Submission,
  type SubmissionQuery,
  type TotalsQuery,
  timeRangeAround,
} from '../store.ts';
import { exportPageSize, submissionColumns, toSubmission } from '../submissions.ts';
import { updateDecision } from '../update-rule.ts';
import {
  inTransaction,
  prepared,
  type Queryable,
  unavailableOnTransientFailure,
} from './connection.ts';
import { migrate } from './migrations.ts';
import { type PostgresDatabase, postgresDatabase } from './postgres-database.ts';

type SubmissionRow = AnswerColumns & {
  seq: number;
  id: string;
  procedure_id: number;
  procedure_key: string;
  received_at: Date;
  updated_at: Date;
  day: string;
  redactions: number;
  suspect: boolean;
  version: number;
};

// Counts (bigint) as numbers, calendar days as the `YYYY-MM-DD` strings the rest of the code
// uses (pg would make a midnight Date in the server's time zone of them).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return Number;
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export type PostgresStoreOptions = {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections this process keeps open at most. */
  poolSize?: number;
};

/** Connects, migrates (once, whichever node starts first) and returns the PostgreSQL `Store`. */
export async function openPostgresStore({ url, poolSize = 10 }: PostgresStoreOptions) {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // A connection that dies while idle (database restarted) is dropped from the pool; without a
  // listener, the pool's 'error' event would end the process.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const sql = postgresDatabase(pool);
  // Answer ingestion (PostgresStore) and the procedures' own operations share one cache.
  const procedures = new ProcedureCache();
  return Object.assign(
    new PostgresStore(pool, url, sql, procedures),
    sharedAggregates(sql, procedures),
  );
}

const counterColumns = rollupCounters.join(', ');
const rollupUpsert = (table: 'daily_rollups' | 'monthly_rollups', period: 'day' | 'month') =>
  `INSERT INTO ${table} (procedure_id, ${period}, source, ${counterColumns})
   VALUES ($1, $2, $3, ${rollupCounters.map((_, i) => `$${i + 4}`).join(', ')})
   ON CONFLICT (procedure_id, ${period}, source) DO UPDATE SET
   ${rollupCounters.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
const dailyRollupUpsert = rollupUpsert('daily_rollups', 'day');
const monthlyRollupUpsert = rollupUpsert('monthly_rollups', 'month');

class PostgresStore implements HandWrittenStore {
  readonly #pool: pg.Pool;
  readonly #sql: PostgresDatabase;
  readonly #url: string;
  readonly #procedures: ProcedureCache;

  constructor(pool: pg.Pool, url: string, sql: PostgresDatabase, procedures: ProcedureCache) {
    this.#pool = pool;
    this.#sql = sql;
    this.#url = url;
    this.#procedures = procedures;
  }

  async #query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
    return unavailableOnTransientFailure(() => this.#pool.query<R>(sql, values));
  }

  /** A hot read as a named statement, planned once a connection (connection.ts, `prepared`). */
  async #named<R extends pg.QueryResultRow>(sql: string, values: unknown[]) {
    return unavailableOnTransientFailure(() => this.#pool.query<R>(prepared(sql, values)));
  }

  /** Read on the connection of the transaction that asks. */
  async #cachedProcedure(client: Queryable, key: string): Promise<CachedProcedure | undefined> {
    return (
      this.#procedures.get(key) ??
      this.#procedures.remember(await this.#sql.on(client, readProcedure(key)))
    );
  }

  /** Group commit (group-commit.ts): committed when the promise resolves. */
  saveSubmission(submission: IncomingSubmission): Promise<SaveOutcome> {
    return this.#groupCommit.save(submission);
  }

  readonly #groupCommit = new GroupCommit((batch: IncomingSubmission[]) =>
    this.saveSubmissions(batch),
  );

  async saveSubmissions(submissions: IncomingSubmission[]): Promise<SaveOutcome[]> {
    // Rows are locked in id order, whatever the arrival order, so that two nodes writing the
    // same ids never wait for each other in a circle (a stable sort keeps an id's steps in order).
    const order = submissions.map((_, i) => i).sort((a, b) => compare(submissions, a, b));
    // Waiting for a pool connection is counted: it is part of what an answer waits for.
    const startedAt = performance.now();
    const outcomes = await inTransaction(this.#pool, async (client) => {
      // Each procedure of the batch looked up once, one query after the other: a client runs
      // one query at a time (pg queues the others, deprecated, and pg 9 refuses them).
      const byKey = new Map<string, CachedProcedure | undefined>();
      for (const { procedureKey } of submissions) {
        if (byKey.has(procedureKey)) continue;
        byKey.set(procedureKey, await this.#cachedProcedure(client, procedureKey));
      }
      const procedures = submissions.map((s) => byKey.get(s.procedureKey));
      // One statement inserts the first occurrence of every id of the batch: a round trip to
      // the database is what costs here, not the rows. What was there already is updated next.
      const firsts = new Map<string, number>();
      for (const i of order) {
        const id = (submissions[i] as IncomingSubmission).id;
        if (procedures[i] !== undefined && !firsts.has(id)) firsts.set(id, i);
      }
      // A new answer is given under the published version, and keeps only what it asks.
      const asNew = (i: number) => {
        const procedure = procedures[i] as CachedProcedure;
        const s = submissions[i] as IncomingSubmission;
        const asked = askedIn(procedure, procedure.version);
        return { procedure, asked, answer: askedPartOf(s.answer, asked) };
      };
      const created = await insertNew(
        client,
        [...firsts.values()].map((i) => {
          const { procedure, answer } = asNew(i);
          return [submissions[i] as IncomingSubmission, answer, procedure.id, procedure.version];
        }),
      );
      const rollups = new RollupChanges();
      const outcomes: SaveOutcome[] = [];
      const later: number[] = [];
      for (const i of order) {
        const s = submissions[i] as IncomingSubmission;
        const procedure = procedures[i];
        if (procedure === undefined) {
          outcomes[i] = 'unknown-procedure';
        } else if (firsts.get(s.id) === i && created.has(s.id)) {
          const { answer, asked } = asNew(i);
          rollups.add(procedure.id, s.day, s.answer.source ?? '', answer, asked);
          outcomes[i] = 'created';
        } else {
          later.push(i);
        }
      }
      if (later.length > 0) {
        const steps = later.map((i) => ({
          s: submissions[i] as IncomingSubmission,
          procedure: procedures[i] as CachedProcedure,
        }));
        const decided = await replaceEarlier(client, steps, rollups);
        later.forEach((i, n) => {
          outcomes[i] = decided[n] as SaveOutcome;
        });
      }
      await writeRollups(client, rollups);
      return outcomes;
    });
    this.#commits.committed(submissions.length, startedAt);
    return outcomes;
  }

  readonly #commits = new CommitObservers();

  observeCommits(observer: CommitObserver): () => void {
    return this.#commits.add(observer);
  }

  async sumRollups(query: TotalsQuery): Promise<RollupTotals> {
    return (await this.#named<RollupTotals>(periodSums, periodValues(query)))
      .rows[0] as RollupTotals;
  }

  async statsRollups(query: StatsRollupsQuery): Promise<StatsRollups> {
    const { rows } = await unavailableOnTransientFailure(() =>
      this.#pool.query<unknown[]>({
        ...prepared(statsStatements[query.series], [
          ...periodValues({ ...query, ...query.current }),
          ...periodValues({ ...query, ...query.previous }).slice(2),
          // A daily series reads every day of the period; a monthly one, its parts ($3…$8).
          ...(query.series === 'day' ? [query.current.fromDay, query.current.toDay] : []),
        ]),
        rowMode: 'array',
      }),
    );
    const row = rows[0] as unknown[];
    const totalsAt = (offset: number) =>
      Object.fromEntries(rollupCounters.map((c, i) => [c, row[offset + i]])) as RollupTotals;
    const points = (row[2 * rollupCounters.length] ?? []) as SeriesPoint[];
    return {
      current: totalsAt(0),
      previous: totalsAt(rollupCounters.length),
      points: points.map(([day, answers, bad, medium, good]) => ({
        day,
        answers,
        satisfaction_bad: bad,
        satisfaction_medium: medium,
        satisfaction_good: good,
      })),
    };
  }

  async publicMonthlyRollups(query: { fromDay: string; toDay: string }): Promise<MonthlyRollup[]> {
    const { before, months, after } = monthsAndDays(query.fromDay, query.toDay);
    const counters = rollupCounters.map((c) => `r.${c}`).join(', ');
    const { rows } = await this.#query<RollupTotals & { procedure_key: string; month: string }>(
      `SELECT procedure_key, month, ${rollupCounters.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
       FROM (
         SELECT p.key AS procedure_key, to_char(r.day, 'YYYY-MM') AS month, ${counters}
         FROM procedures p JOIN daily_rollups r ON r.procedure_id = p.id
         WHERE p.public AND r.day BETWEEN $1 AND $2
         UNION ALL
         SELECT p.key, r.month, ${counters}
         FROM procedures p JOIN monthly_rollups r ON r.procedure_id = p.id
         WHERE p.public AND r.month BETWEEN $3 AND $4
         UNION ALL
         SELECT p.key, to_char(r.day, 'YYYY-MM'), ${counters}
         FROM procedures p JOIN daily_rollups r ON r.procedure_id = p.id
         WHERE p.public AND r.day BETWEEN $5 AND $6) periods
       GROUP BY procedure_key, month ORDER BY procedure_key, month`,
      [before.from, before.to, months.from, months.to, after.from, after.to],
    );
    return rows.map(({ procedure_key, month, ...totals }) => ({
      procedureKey: procedure_key,
      month,
      totals,
    }));
  }

  async satisfactionByDay(query: TotalsQuery): Promise<DailySatisfaction[]> {
    const { rows } = await this.#named<DailySatisfaction>(
      `${dailySeries('$1', '$2', '$3', '$4')} ORDER BY day`,
      totalsValues(query),
    );
    return rows;
  }

  async listSubmissions(query: SubmissionQuery) {
    const position = cursorPosition(query.cursor);
    const { rows, nextCursor } = await pageOfAnswers(
      query,
      position && { received_at: new Date(position.time), seq: position.seq },
      (page, after, limit) => this.#feedbackRows(page, after, limit),
      (row: SubmissionRow) => `${row.received_at.getTime()}.${row.seq}`,
    );
    return { items: rows.map(toSubmission), nextCursor };
  }

  /** Answers newest first, after `after` (a row of the previous page) when given. */
  async #feedbackRows(
    query: SubmissionQuery,
    after: { received_at: Date; seq: number } | undefined,
    limit: number,
  ): Promise<SubmissionRow[]> {
    const { minTime, maxTime } = timeRangeAround(query.fromDay, query.toDay);
    const { rows } = await this.#query<SubmissionRow>(
      `SELECT ${submissionColumns}, $1 AS procedure_key FROM submissions s
       WHERE s.procedure_id = (SELECT id FROM procedures WHERE key = $1)
         AND s.received_at BETWEEN $2 AND $3
         AND ($4::date IS NULL OR s.day >= $4) AND ($5::date IS NULL OR s.day <= $5)
         AND ($6::text IS NULL OR s.satisfaction = $6)
         AND ($7::boolean IS NULL OR (s.comment IS NOT NULL) = $7)
         AND ($8::boolean IS NULL OR s.suspect = $8)
         AND ($9::text IS NULL OR ($9 <> '' AND s.comment IS NOT NULL
              AND s.comment_search @@ to_tsquery('french', folded($9))))
         AND ($10::timestamptz IS NULL OR (s.received_at, s.seq) < ($10, $11))
       ORDER BY s.received_at DESC, s.seq DESC
       LIMIT $12`,
      [
        query.procedureKey,
        new Date(minTime),
        new Date(maxTime),
        query.fromDay ?? null,
        query.toDay ?? null,
        query.satisfaction ?? null,
        query.withComment ?? null,
        query.suspect ?? null,
        query.search === undefined ? null : tsQuery(query.search),
        after?.received_at ?? null,
        after?.seq ?? null,
        limit,
      ],
    );
    return rows;
  }

  /** Read a page at a time (keyset on time and seq): memory stays flat whatever the period. */
  async *exportSubmissions(query: TotalsQuery): AsyncIterable<Submission> {
    const { minTime, maxTime } = timeRangeAround(query.fromDay, query.toDay);
    let after: [Date, number] = [new Date(minTime), 0];
    for (;;) {
      const { rows } = await this.#query<SubmissionRow>(
        `SELECT ${submissionColumns}, $1 AS procedure_key FROM submissions s
         WHERE s.procedure_id = (SELECT id FROM procedures WHERE key = $1)
           AND (s.received_at, s.seq) > ($4, $5) AND s.received_at <= $6
           AND s.day BETWEEN $2 AND $3
         ORDER BY s.received_at, s.seq LIMIT ${exportPageSize}`,
        [query.procedureKey, query.fromDay, query.toDay, ...after, new Date(maxTime)],
      );
      for (const row of rows) yield toSubmission(row);
      const last = rows.at(-1);
      if (!last || rows.length < exportPageSize) return;
      after = [last.received_at, last.seq];
    }
  }

  async deleteSubmission(id: string, procedureKey: string, audit: AuditEntry): Promise<boolean> {
    return inTransaction(this.#pool, async (client) => {
      const { rows } = await client.query<SubmissionRow>(
        `DELETE FROM submissions s USING procedures p
         WHERE s.id = $1 AND p.id = s.procedure_id AND p.key = $2
         RETURNING ${submissionColumns}, p.key AS procedure_key`,
        [id, procedureKey],
      );
      const row = rows[0];
      if (!row) return false;
      const rollups = new RollupChanges();
      const procedure = (await this.#cachedProcedure(client, procedureKey)) as CachedProcedure;
      const asked = askedIn(procedure, row.version);
      rollups.add(row.procedure_id, row.day, row.source, answerFromColumns(row), asked, -1);
      await writeRollups(client, rollups);
      await this.#sql.on(client, insertAudit(audit));
      return true;
    });
  }

  /**
   * A consistent online copy is pg_dump's job (one snapshot, whatever is being written): its
   * custom format, then checked by reading its table of contents back with pg_restore.
   */
  async backup(file: string): Promise<void> {
    mkdirSync(dirname(file), { recursive: true });
    const run = promisify(execFile);
    await run('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${this.#url}`]);
    const { stdout } = await run('pg_restore', ['--list', file]);
    if (!/TABLE DATA public submissions/.test(stdout)) {
      throw new Error(`The backup ${file} does not hold the submissions table.`);
    }
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}

/**
 * Later steps of submissions already stored, in id order (the rows they lock): each `updated` or
 * `conflict` (docs/design.md §4). Three statements whatever their number: a round trip to the
 * database costs more than the rows. Steps of one id apply one after the other, each replacing
 * what the one before it wrote, and the row takes the last.
 */
async function replaceEarlier(
  client: pg.PoolClient,
  steps: { s: IncomingSubmission; procedure: CachedProcedure }[],
  rollups: RollupChanges,
): Promise<SaveOutcome[]> {
  const { rows } = await client.query<SubmissionRow>(
    `SELECT ${submissionColumns}, '' AS procedure_key FROM submissions s
     WHERE s.id = ANY($1::text[]) ORDER BY s.id FOR UPDATE`,
    [[...new Set(steps.map(({ s }) => s.id))]],
  );
  const stored = new Map(rows.map((row) => [row.id, row]));
  /** Each id's answer as the steps so far left it, and its values to write. */
  const current = new Map<string, { day: string; source: string; answer: Answer }>();
  const replaced = new Map<string, unknown[]>();
  const outcomes = steps.map(({ s, procedure }): SaveOutcome => {
    const earlier = stored.get(s.id) as SubmissionRow;
    const kept = { procedureId: earlier.procedure_id, receivedAt: earlier.received_at.getTime() };
    if (
      updateDecision(kept, { procedureId: procedure.id }, s.receivedAt.getTime()) === 'conflict'
    ) {
      return 'conflict';
    }
    const before = current.get(s.id) ?? {
      day: earlier.day,
      source: earlier.source,
      answer: answerFromColumns(earlier),
    };
    // A later step keeps the version its first step was given under, and what it asks.
    const asked = askedIn(procedure, earlier.version);
    const answer = askedPartOf(s.answer, asked);
    const source = s.answer.source ?? '';
    rollups.replace(procedure.id, before, before.answer, answer, asked);
    current.set(s.id, { day: before.day, source, answer });
    replaced.set(s.id, submissionValues(s, answer, source));
    return 'updated';
  });
  if (replaced.size > 0) {
    const columns = [...replaced.values()];
    await client.query(
      prepared(
        `UPDATE submissions s SET updated_at = t.updated_at, source = t.source, lang = t.lang,
           satisfaction = t.satisfaction, clarity = t.clarity, help = t.help,
           help_other = t.help_other, reached = t.reached, help_quality = t.help_quality,
           comment = t.comment, redactions = t.redactions, suspect = t.suspect,
           reached_channels = t.reached_channels, help_quality_channels = t.help_quality_channels
         FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
           $6::smallint[], $7::text[], $8::text[], $9::boolean[], $10::smallint[], $11::text[],
           $12::integer[], $13::boolean[], $14::jsonb[], $15::jsonb[])
           AS t (id, updated_at, source, lang, satisfaction, clarity, help, help_other, reached,
             help_quality, comment, redactions, suspect, reached_channels, help_quality_channels)
         WHERE s.id = t.id`,
        (columns[0] ?? []).map((_, c) => columns.map((row) => row[c])),
      ),
    );
  }
  return outcomes;
}

/**
 * Inserts the submissions whose id is new (the update rule's `created`, decided by the unique
 * index); returns those ids.
 */
async function insertNew(
  client: pg.PoolClient,
  rows: [IncomingSubmission, Answer, procedureId: number, version: number][],
) {
  if (rows.length === 0) return new Set<string>();
  const columns = rows.map(([s, answer, procedureId, version]) => [
    ...submissionValues(s, answer, s.answer.source ?? ''),
    s.day,
    procedureId,
    version,
  ]);
  const { rows: inserted } = await client.query<{ id: string }>(
    prepared(
      `INSERT INTO submissions (id, received_at, updated_at, source, lang, satisfaction, clarity,
         help, help_other, reached, help_quality, comment, redactions, suspect, reached_channels,
         help_quality_channels, day, procedure_id, version)
       SELECT id, received_at, received_at, source, lang, satisfaction, clarity, help, help_other,
         reached, help_quality, comment, redactions, suspect, reached_channels,
         help_quality_channels, day, procedure_id, version
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
         $6::smallint[], $7::text[], $8::text[], $9::boolean[], $10::smallint[], $11::text[],
         $12::integer[], $13::boolean[], $14::jsonb[], $15::jsonb[], $16::date[], $17::bigint[],
         $18::integer[])
         AS t (id, received_at, source, lang, satisfaction, clarity, help, help_other, reached,
           help_quality, comment, redactions, suspect, reached_channels, help_quality_channels,
           day, procedure_id, version)
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      (columns[0] ?? []).map((_, c) => columns.map((row) => row[c])),
    ),
  );
  return new Set(inserted.map((row) => row.id));
}

function compare(submissions: IncomingSubmission[], a: number, b: number): number {
  const idA = (submissions[a] as IncomingSubmission).id;
  const idB = (submissions[b] as IncomingSubmission).id;
  return idA < idB ? -1 : idA > idB ? 1 : a - b;
}

/** One upsert per procedure, day (then month) and source of the batch, in key order (no lock cycles). */
async function writeRollups(client: Queryable, rollups: RollupChanges) {
  for (const { procedureId, day, source, counts } of rollups.inKeyOrder()) {
    const values = rollupCounters.map((c) => counts[c]);
    await client.query(prepared(dailyRollupUpsert, [procedureId, day, source, ...values]));
  }
  // Every daily row before any monthly one: one lock order for every writer (rollups.ts).
  for (const { procedureId, day: month, source, counts } of rollups.inMonths()) {
    const values = rollupCounters.map((c) => counts[c]);
    await client.query(prepared(monthlyRollupUpsert, [procedureId, month, source, ...values]));
  }
  // Then the revisions, in month order too.
  for (const month of rollups.endedMonths(Date.now()))
    await client.query(prepared(bumpMonthRevision, [month]));
}

function totalsValues(query: TotalsQuery) {
  return [query.procedureKey, query.fromDay, query.toDay, query.source ?? null];
}

/** $1…$15 of the insert and update: the id, the time, then the answer's columns. */
function submissionValues(s: IncomingSubmission, answer: Answer, source: string) {
  const help = helpColumnsOf(answer);
  return [
    s.id,
    s.receivedAt,
    source,
    answer.lang ?? null,
    answer.satisfaction,
    answer.clarity ?? null,
    answer.help?.join(',') ?? null,
    answer.helpOther ?? null,
    help.reached,
    help.helpQuality,
    answer.comment ?? null,
    // Both were found in the comment: a comment its version did not ask is not kept, nor they.
    dropsComment(s, answer) ? 0 : (s.redactions ?? 0),
    !dropsComment(s, answer) && (s.suspect ?? false),
    help.reachedChannels,
    help.helpQualityChannels,
  ];
}

/**
 * A person's search words as a tsquery: each word prefix-matched, all required. Only letters
 * and digits reach it, so no input is tsquery syntax; no word at all (`''`) matches nothing.
 */
function tsQuery(search: string): string {
  return (search.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => `${word}:*`).join(' & ');
}

/**
 * A period's rows as the rollup reads take them (parameters: periodValues, its parts from
 * `$first` on): the whole months from the monthly rollups, the days before and after them from
 * the daily ones.
 */
function inMonthsAndDays(dailyColumns: string, monthlyColumns: string, first = 3): string {
  const procedure = '(SELECT id FROM procedures WHERE key = $1)';
  const source = '($2::text IS NULL OR source = $2)';
  const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map((i) => `$${first + i}`);
  return `SELECT ${dailyColumns} FROM daily_rollups
    WHERE procedure_id = ${procedure} AND day BETWEEN ${a} AND ${b} AND ${source}
    UNION ALL
    SELECT ${monthlyColumns} FROM monthly_rollups
    WHERE procedure_id = ${procedure} AND month BETWEEN ${c} AND ${d} AND ${source}
    UNION ALL
    SELECT ${dailyColumns} FROM daily_rollups
    WHERE procedure_id = ${procedure} AND day BETWEEN ${e} AND ${f} AND ${source}`;
}

/** The satisfaction series' sums of a group of rollup rows (DailySatisfaction's counts). */
const satisfactionSums = `SUM(answers) AS answers, SUM(satisfaction_bad) AS satisfaction_bad,
  SUM(satisfaction_medium) AS satisfaction_medium, SUM(satisfaction_good) AS satisfaction_good`;

/** A procedure's satisfaction per day, the days that have answers; the arguments are parameters. */
function dailySeries(key: string, from: string, to: string, source: string): string {
  return `SELECT day, ${satisfactionSums} FROM daily_rollups
    WHERE procedure_id = (SELECT id FROM procedures WHERE key = ${key})
      AND day BETWEEN ${from} AND ${to} AND (${source}::text IS NULL OR source = ${source})
    GROUP BY day HAVING SUM(answers) > 0`;
}

/** Every counter summed over a group of rollup rows, 0 for none. */
const counterSums = rollupCounters.map((c) => `COALESCE(SUM(${c}), 0) AS ${c}`).join(', ');

/** A period's sums, every counter (parameters $1…$8: periodValues). */
const periodSums = `SELECT ${counterSums}
  FROM (${inMonthsAndDays(counterColumns, counterColumns)}) periods`;

/** A series point as statsRollups reads it: day, answers, bad, medium, good. */
type SeriesPoint = [string, number, number, number, number];

/**
 * The stats route's read, one row: the period's sums (parameters $1…$8: periodValues), the
 * previous period's ($9…$14: its periodValues less the key and source), and the series as a
 * JSON array of SeriesPoint, per month from the period's parts, or per day ($15, $16: the
 * period's first and last days).
 */
const statsStatements = Object.fromEntries(
  (['day', 'month'] as const).map((series) => {
    const points =
      series === 'day'
        ? dailySeries('$1', '$15', '$16', '$2')
        : `SELECT month || '-01' AS day, ${satisfactionSums}
           FROM (${inMonthsAndDays(`to_char(day, 'YYYY-MM') AS month, ${satisfactionColumns}`, `month, ${satisfactionColumns}`)}) periods
           GROUP BY month HAVING SUM(answers) > 0`;
    const columns = (table: string) => rollupCounters.map((c) => `${table}.${c}`).join(', ');
    return [
      series,
      `SELECT ${columns('current_period')}, ${columns('previous_period')}, series.points FROM
         (${periodSums}) current_period,
         (SELECT ${counterSums} FROM (${inMonthsAndDays(counterColumns, counterColumns, 9)}) previous_rows) previous_period,
         (SELECT json_agg(json_build_array(day, answers, satisfaction_bad, satisfaction_medium,
            satisfaction_good) ORDER BY day) AS points FROM (${points}) series_rows) series`,
    ];
  }),
) as Record<StatsRollupsQuery['series'], string>;

function periodValues(query: TotalsQuery): unknown[] {
  const { before, months, after } = monthsAndDays(query.fromDay, query.toDay);
  return [
    query.procedureKey,
    query.source ?? null,
    before.from,
    before.to,
    months.from,
    months.to,
    after.from,
    after.to,
  ];
}
