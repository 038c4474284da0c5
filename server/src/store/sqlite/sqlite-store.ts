import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
  type Store,
  type Submission,
  type SubmissionPage,
  type SubmissionQuery,
  type TotalsQuery,
  timeRangeAround,
} from '../store.ts';
import { exportPageSize, toSubmission } from '../submissions.ts';
import { updateDecision } from '../update-rule.ts';
import { migrate } from './migrations.ts';
import { type SqliteDatabase, sqliteDatabase, whenWritable } from './sqlite-database.ts';
import { truncateWal } from './truncate-wal.ts';

type SubmissionRow = AnswerColumns & {
  id: string;
  procedure_id: number;
  procedure_key: string;
  received_at: number;
  updated_at: number;
  day: string;
  redactions: number;
  suspect: number;
  version: number;
};

type FeedbackRow = SubmissionRow & { seq: number };

export type SqliteStoreOptions = {
  /** File path, or `:memory:` for a private in-memory database. */
  path: string;
};

/** Opens (creating it if needed) and migrates the database, then returns its `Store`. */
export function openSqliteStore({ path }: SqliteStoreOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a 2xx is sent only after the commit is fsynced, so even a power cut loses no
  // acknowledged answer (NORMAL in WAL mode would only survive a process crash).
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Deleted comments (retention, moderation) and erased mail bodies (their links, ../mail.ts)
  // are overwritten on disk, not just unlinked. On for the one connection, ingestion included:
  // measured, 400 commits of 50 answers cost the same with it off (inserts free nothing; the
  // run-to-run spread of the fsyncs, 0.4 to 2 s, hides any difference).
  db.pragma('secure_delete = ON');
  migrate(db);
  const sql = sqliteDatabase(db);
  // Answer ingestion (SqliteStore) and the procedures' own operations share one cache.
  const procedures = new ProcedureCache();
  return Object.assign(
    new SqliteStore(db, sql, procedures),
    sharedAggregates(sql, procedures, () => truncateWal(db)),
  );
}

const counterColumns = rollupCounters.join(', ');
const publicCounters = rollupCounters.map((c) => `r.${c}`).join(', ');

class SqliteStore implements HandWrittenStore {
  readonly #db: Database.Database;
  readonly #sql: SqliteDatabase;
  readonly #procedures: ProcedureCache;
  readonly #statements;
  readonly #saveAll: (submissions: IncomingSubmission[]) => SaveOutcome[];

  constructor(db: Database.Database, sql: SqliteDatabase, procedures: ProcedureCache) {
    this.#db = db;
    this.#sql = sql;
    this.#procedures = procedures;
    this.#statements = {
      submissionById: db.prepare<[string], SubmissionRow>(
        `SELECT s.*, p.key AS procedure_key
         FROM submissions s JOIN procedures p ON p.id = s.procedure_id WHERE s.id = ?`,
      ),
      // Positional parameters: binding by name costs a property look-up per column per answer.
      insertSubmission: db.prepare<SubmissionValues>(
        `INSERT INTO submissions (id, procedure_id, received_at, updated_at, day, source, lang,
           satisfaction, clarity, help, help_other, reached, help_quality, comment, redactions,
           suspect, reached_channels, help_quality_channels, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      ),
      // The same values, updated_at to help_quality_channels, then id and procedure_id (a rarer
      // path); never the version, which the answer keeps from its first step.
      replaceSubmissionAnswers: db.prepare<unknown[]>(
        `UPDATE submissions SET updated_at = ?, source = ?, lang = ?, satisfaction = ?,
           clarity = ?, help = ?, help_other = ?, reached = ?, help_quality = ?,
           comment = ?, redactions = ?, suspect = ?, reached_channels = ?,
           help_quality_channels = ?
         WHERE id = ? AND procedure_id = ?`,
      ),
      addToDailyRollup: db.prepare(
        `INSERT INTO daily_rollups (procedure_id, day, source, ${counterColumns})
         VALUES (?, ?, ?, ${rollupCounters.map(() => '?').join(', ')})
         ON CONFLICT (procedure_id, day, source) DO UPDATE SET
         ${rollupCounters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      ),
      addToMonthlyRollup: db.prepare(
        `INSERT INTO monthly_rollups (procedure_id, month, source, ${counterColumns})
         VALUES (?, ?, ?, ${rollupCounters.map(() => '?').join(', ')})
         ON CONFLICT (procedure_id, month, source) DO UPDATE SET
         ${rollupCounters.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      ),
      // `$1`, bound by the name "1" (sqlite-database.ts).
      bumpMonthRevision: db.prepare<[{ 1: string }]>(bumpMonthRevision),
      // Whole months from the monthly rollups, the days around them from the daily ones
      // (rollups.ts, monthsAndDays); an empty range reads nothing.
      sumOfRollups: db.prepare<Record<string, string | null>, RollupTotals>(
        `SELECT ${rollupCounters.map((c) => `COALESCE(SUM(${c}), 0) AS ${c}`).join(', ')}
         FROM (${inMonthsAndDays(counterColumns, counterColumns)})`,
      ),
      publicMonthlyRollups: db.prepare<
        Record<string, string | null>,
        RollupTotals & { procedure_key: string; month: string }
      >(
        `SELECT procedure_key, month, ${rollupCounters.map((c) => `SUM(${c}) AS ${c}`).join(', ')}
         FROM (
           SELECT p.key AS procedure_key, substr(r.day, 1, 7) AS month, ${publicCounters}
           FROM procedures p JOIN daily_rollups r ON r.procedure_id = p.id
           WHERE p.public = 1 AND r.day BETWEEN @beforeFrom AND @beforeTo
           UNION ALL
           SELECT p.key, r.month, ${publicCounters}
           FROM procedures p JOIN monthly_rollups r ON r.procedure_id = p.id
           WHERE p.public = 1 AND r.month BETWEEN @monthsFrom AND @monthsTo
           UNION ALL
           SELECT p.key, substr(r.day, 1, 7), ${publicCounters}
           FROM procedures p JOIN daily_rollups r ON r.procedure_id = p.id
           WHERE p.public = 1 AND r.day BETWEEN @afterFrom AND @afterTo)
         GROUP BY procedure_key, month ORDER BY procedure_key, month`,
      ),
      satisfactionByDay: db.prepare<
        { key: string; from: string; to: string; source: string | null },
        DailySatisfaction
      >(
        `SELECT day, SUM(answers) AS answers, SUM(satisfaction_bad) AS satisfaction_bad,
           SUM(satisfaction_medium) AS satisfaction_medium,
           SUM(satisfaction_good) AS satisfaction_good
         FROM daily_rollups
         WHERE procedure_id = (SELECT id FROM procedures WHERE key = @key)
           AND day BETWEEN @from AND @to
           AND (@source IS NULL OR source = @source)
         GROUP BY day HAVING SUM(answers) > 0 ORDER BY day`,
      ),
      satisfactionByMonth: db.prepare<Record<string, string | null>, DailySatisfaction>(
        `SELECT month || '-01' AS day, SUM(answers) AS answers,
           SUM(satisfaction_bad) AS satisfaction_bad,
           SUM(satisfaction_medium) AS satisfaction_medium,
           SUM(satisfaction_good) AS satisfaction_good
         FROM (${inMonthsAndDays(`substr(day, 1, 7) AS month, ${satisfactionColumns}`, `month, ${satisfactionColumns}`)})
         GROUP BY month HAVING SUM(answers) > 0 ORDER BY month`,
      ),
      // Newest first by (received_at, seq); the cursor is the last row's pair. One statement for
      // every filter: a NULL parameter switches its filter off.
      feedbackPage: db.prepare(
        `SELECT s.*, @key AS procedure_key FROM submissions s INDEXED BY submissions_by_procedure_time
         WHERE s.procedure_id = (SELECT id FROM procedures WHERE key = @key)
           AND s.received_at BETWEEN @minTime AND @maxTime
           AND (@from IS NULL OR s.day >= @from) AND (@to IS NULL OR s.day <= @to)
           AND (@satisfaction IS NULL OR s.satisfaction = @satisfaction)
           AND (@withComment IS NULL OR (s.comment IS NOT NULL) = @withComment)
           AND (@suspect IS NULL OR s.suspect = @suspect)
           AND (@search IS NULL OR s.seq IN (SELECT rowid FROM comment_search WHERE comment_search MATCH @search))
           AND (@beforeTime IS NULL OR (s.received_at, s.seq) < (@beforeTime, @beforeSeq))
         ORDER BY s.received_at DESC, s.seq DESC
         LIMIT @limit`,
      ),
      feedbackForExport: db.prepare<
        {
          key: string;
          from: string;
          to: string;
          afterTime: number;
          afterSeq: number;
          maxTime: number;
        },
        FeedbackRow
      >(
        `SELECT s.*, @key AS procedure_key FROM submissions s INDEXED BY submissions_by_procedure_time
         WHERE s.procedure_id = (SELECT id FROM procedures WHERE key = @key)
           AND (s.received_at, s.seq) > (@afterTime, @afterSeq) AND s.received_at <= @maxTime
           AND s.day BETWEEN @from AND @to
         ORDER BY s.received_at, s.seq LIMIT ${exportPageSize}`,
      ),
      deleteSubmission: db.prepare<[string]>('DELETE FROM submissions WHERE id = ?'),
    };
    // IMMEDIATE takes the write lock at BEGIN, so two processes (server and CLI) never deadlock
    // upgrading a read lock; busy_timeout then makes the second one wait its turn.
    const saveAll = db.transaction((batch: IncomingSubmission[]) => {
      const rollups = new RollupChanges();
      const outcomes = batch.map((s) => this.#saveInTransaction(s, rollups));
      this.#writeRollups(rollups);
      return outcomes;
    });
    this.#saveAll = (batch) => {
      const startedAt = performance.now();
      const outcomes = whenWritable(() => saveAll.immediate(batch));
      this.#commits.committed(batch.length, startedAt);
      return outcomes;
    };
    const appendAudit = (entry: AuditEntry) => this.#sql.now(insertAudit(entry));
    const remove = db.transaction((id: string, procedureKey: string, audit: AuditEntry) => {
      const row = this.#statements.submissionById.get(id);
      if (!row || row.procedure_key !== procedureKey) return false;
      this.#statements.deleteSubmission.run(id);
      const rollups = new RollupChanges();
      const procedure = this.#cachedProcedure(procedureKey) as CachedProcedure;
      const asked = askedIn(procedure, row.version);
      rollups.add(row.procedure_id, row.day, row.source, answerFromColumns(row), asked, -1);
      this.#writeRollups(rollups);
      appendAudit(audit);
      return true;
    });
    this.#remove = (id, key, audit) => whenWritable(() => remove.immediate(id, key, audit));
    // A deferred transaction: the three reads see one snapshot, as PostgreSQL's one statement.
    const statsRollups = db.transaction(
      ({ current, previous, series, ...procedure }: StatsRollupsQuery): StatsRollups => {
        const period = { ...procedure, ...current };
        return {
          current: this.#statements.sumOfRollups.get(periodParameters(period)) as RollupTotals,
          previous: this.#statements.sumOfRollups.get(
            periodParameters({ ...procedure, ...previous }),
          ) as RollupTotals,
          points:
            series === 'month'
              ? this.#statements.satisfactionByMonth.all(periodParameters(period))
              : this.#statements.satisfactionByDay.all(dayParameters(period)),
        };
      },
    );
    this.#statsRollups = (query) => whenWritable(() => statsRollups.deferred(query));
  }

  readonly #statsRollups: (query: StatsRollupsQuery) => StatsRollups;

  readonly #remove: (id: string, procedureKey: string, audit: AuditEntry) => boolean;
  /** Synchronous, as it is read inside the write transaction. */
  #cachedProcedure(key: string): CachedProcedure | undefined {
    return (
      this.#procedures.get(key) ?? this.#procedures.remember(this.#sql.now(readProcedure(key)))
    );
  }

  async satisfactionByDay(query: TotalsQuery): Promise<DailySatisfaction[]> {
    return this.#statements.satisfactionByDay.all(dayParameters(query));
  }

  async statsRollups(query: StatsRollupsQuery): Promise<StatsRollups> {
    return this.#statsRollups(query);
  }

  async listSubmissions(query: SubmissionQuery): Promise<SubmissionPage> {
    const position = cursorPosition(query.cursor);
    const { rows, nextCursor } = await pageOfAnswers(
      query,
      position && { received_at: position.time, seq: position.seq },
      (page, after, limit) => this.#feedbackRows(page, after, limit),
      (row: FeedbackRow) => `${row.received_at}.${row.seq}`,
    );
    return { items: rows.map(toSubmission), nextCursor };
  }

  /** Answers newest first, after `after` (a row of the previous page) when given. */
  #feedbackRows(
    query: SubmissionQuery,
    after: { received_at: number; seq: number } | undefined,
    limit: number,
  ): FeedbackRow[] {
    return this.#statements.feedbackPage.all({
      key: query.procedureKey,
      from: query.fromDay ?? null,
      to: query.toDay ?? null,
      satisfaction: query.satisfaction ?? null,
      withComment: query.withComment === undefined ? null : Number(query.withComment),
      suspect: query.suspect === undefined ? null : Number(query.suspect),
      search: query.search ? ftsQuery(query.search) : null,
      beforeTime: after?.received_at ?? null,
      beforeSeq: after?.seq ?? null,
      ...timeRangeAround(query.fromDay, query.toDay),
      limit,
    }) as FeedbackRow[];
  }

  /**
   * Pages of rows (exportPageSize), each read to completion: memory stays flat whatever the
   * period holds, and the connection is never left mid-statement while the reader waits (an
   * open iterate() made every answer saved meanwhile fail with «connection is busy»).
   */
  async *exportSubmissions(query: TotalsQuery): AsyncIterable<Submission> {
    const { minTime, maxTime } = timeRangeAround(query.fromDay, query.toDay);
    const base = { key: query.procedureKey, from: query.fromDay, to: query.toDay, maxTime };
    let after = { received_at: minTime, seq: 0 };
    for (;;) {
      const rows = this.#statements.feedbackForExport.all({
        ...base,
        afterTime: after.received_at,
        afterSeq: after.seq,
      });
      for (const row of rows) yield toSubmission(row);
      const last = rows.at(-1);
      if (!last || rows.length < exportPageSize) return;
      after = last;
    }
  }

  async deleteSubmission(id: string, procedureKey: string, audit: AuditEntry): Promise<boolean> {
    return this.#remove(id, procedureKey, audit);
  }

  /** Group commit (group-commit.ts): fsynced when the promise resolves. */
  saveSubmission(submission: IncomingSubmission): Promise<SaveOutcome> {
    return this.#groupCommit.save(submission);
  }

  readonly #groupCommit = new GroupCommit((batch: IncomingSubmission[]) => this.#saveAll(batch));

  async saveSubmissions(submissions: IncomingSubmission[]): Promise<SaveOutcome[]> {
    return this.#saveAll(submissions);
  }

  readonly #commits = new CommitObservers();

  observeCommits(observer: CommitObserver): () => void {
    return this.#commits.add(observer);
  }

  #saveInTransaction(s: IncomingSubmission, rollups: RollupChanges): SaveOutcome {
    const procedure = this.#cachedProcedure(s.procedureKey);
    if (!procedure) return 'unknown-procedure';
    const receivedAt = s.receivedAt.getTime();
    const source = s.answer.source ?? '';
    const { version } = procedure;
    const asked = askedIn(procedure, version);
    const answer = askedPartOf(s.answer, asked);
    const values = submissionValues(s, answer, procedure.id, receivedAt, source, version);
    // Most answers are new: try the insert first (it succeeds exactly when the update rule would
    // say `created`), and read the earlier version only when the id is taken (one statement
    // instead of two on the common path).
    if (this.#statements.insertSubmission.run(...values).changes === 1) {
      rollups.add(procedure.id, s.day, source, answer, asked);
      return 'created';
    }
    const earlier = this.#statements.submissionById.get(s.id) as SubmissionRow;
    const stored = { procedureId: earlier.procedure_id, receivedAt: earlier.received_at };
    if (updateDecision(stored, { procedureId: procedure.id }, receivedAt) === 'conflict') {
      return 'conflict';
    }
    // A later step keeps the version its first step was given under, and what it asks.
    const asks = earlier.version === version ? asked : askedIn(procedure, earlier.version);
    const kept = earlier.version === version ? answer : askedPartOf(s.answer, asks);
    const [, , , updatedAt, , ...answerValues] = submissionValues(
      s,
      kept,
      procedure.id,
      receivedAt,
      source,
      earlier.version,
    );
    answerValues.pop(); // the version, which stays
    this.#statements.replaceSubmissionAnswers.run(updatedAt, ...answerValues, s.id, procedure.id);
    rollups.replace(procedure.id, earlier, answerFromColumns(earlier), kept, asks);
    return 'updated';
  }

  #writeRollups(rollups: RollupChanges): void {
    for (const { procedureId, day, source, counts } of rollups.inKeyOrder()) {
      const values = rollupCounters.map((c) => counts[c]);
      this.#statements.addToDailyRollup.run(procedureId, day, source, ...values);
    }
    for (const { procedureId, day: month, source, counts } of rollups.inMonths()) {
      const values = rollupCounters.map((c) => counts[c]);
      this.#statements.addToMonthlyRollup.run(procedureId, month, source, ...values);
    }
    for (const month of rollups.endedMonths(Date.now()))
      this.#statements.bumpMonthRevision.run({ 1: month });
  }

  async sumRollups(query: TotalsQuery): Promise<RollupTotals> {
    return this.#statements.sumOfRollups.get(periodParameters(query)) as RollupTotals;
  }

  async publicMonthlyRollups(query: { fromDay: string; toDay: string }): Promise<MonthlyRollup[]> {
    return this.#statements.publicMonthlyRollups
      .all(periodBounds(query.fromDay, query.toDay))
      .map(({ procedure_key, month, ...totals }) => ({
        procedureKey: procedure_key,
        month,
        totals,
      }));
  }

  async backup(file: string): Promise<void> {
    mkdirSync(dirname(file), { recursive: true });
    await this.#db.backup(file);
    // The copy leaves WAL mode: one self-contained file, with no -wal or -shm beside it to lose
    // (a restored database goes back to WAL when the server opens it).
    const copy = new Database(file, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const result = copy.pragma('integrity_check', { simple: true });
      if (result !== 'ok')
        throw new Error(`The backup ${file} failed its integrity check: ${result}`);
    } finally {
      copy.close();
    }
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

/** A submission's columns, in the order of the insert's parameters. */
type SubmissionValues = [
  id: string,
  procedureId: number,
  receivedAt: number,
  updatedAt: number,
  day: string,
  source: string,
  lang: string | null,
  satisfaction: string,
  clarity: number | null,
  help: string | null,
  helpOther: string | null,
  reached: number | null,
  helpQuality: number | null,
  comment: string | null,
  redactions: number,
  suspect: number,
  reachedChannels: string | null,
  helpQualityChannels: string | null,
  version: number,
];

function submissionValues(
  s: IncomingSubmission,
  answer: IncomingSubmission['answer'],
  procedureId: number,
  receivedAt: number,
  source: string,
  version: number,
): SubmissionValues {
  const help = helpColumnsOf(answer);
  return [
    s.id,
    procedureId,
    receivedAt,
    receivedAt,
    s.day,
    source,
    answer.lang ?? null,
    answer.satisfaction,
    answer.clarity ?? null,
    answer.help?.join(',') ?? null,
    answer.helpOther ?? null,
    help.reached === null ? null : Number(help.reached),
    help.helpQuality,
    answer.comment ?? null,
    // Both were found in the comment: a comment its version did not ask is not kept, nor they.
    dropsComment(s, answer) ? 0 : (s.redactions ?? 0),
    Number(!dropsComment(s, answer) && (s.suspect ?? false)),
    help.reachedChannels,
    help.helpQualityChannels,
    version,
  ];
}

/**
 * A person's search words as an FTS5 query: each word quoted (so «l'aide» or «AND» are words,
 * not syntax) and prefix-matched, all required.
 */
function ftsQuery(search: string): string {
  return (search.match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => `"${word}"*`).join(' ') || '""';
}

/**
 * A period's rows as the rollup reads take them (parameters: periodParameters): the whole
 * months from the monthly rollups, the days before and after them from the daily ones.
 */
function inMonthsAndDays(dailyColumns: string, monthlyColumns: string): string {
  const procedure = '(SELECT id FROM procedures WHERE key = @key)';
  const source = '(@source IS NULL OR source = @source)';
  return `SELECT ${dailyColumns} FROM daily_rollups
    WHERE procedure_id = ${procedure} AND day BETWEEN @beforeFrom AND @beforeTo AND ${source}
    UNION ALL
    SELECT ${monthlyColumns} FROM monthly_rollups
    WHERE procedure_id = ${procedure} AND month BETWEEN @monthsFrom AND @monthsTo AND ${source}
    UNION ALL
    SELECT ${dailyColumns} FROM daily_rollups
    WHERE procedure_id = ${procedure} AND day BETWEEN @afterFrom AND @afterTo AND ${source}`;
}

/** A procedure's period as the rollup reads take it: its key, its placement, its bounds. */
function periodParameters(query: TotalsQuery): Record<string, string | null> {
  return {
    key: query.procedureKey,
    source: query.source ?? null,
    ...periodBounds(query.fromDay, query.toDay),
  };
}

/** satisfactionByDay's parameters: every day of the period. */
function dayParameters(query: TotalsQuery) {
  return {
    key: query.procedureKey,
    from: query.fromDay,
    to: query.toDay,
    source: query.source ?? null,
  };
}

/** The whole months of a period, and the days before and after them (rollups.ts). */
function periodBounds(fromDay: string, toDay: string): Record<string, string> {
  const { before, months, after } = monthsAndDays(fromDay, toDay);
  return {
    beforeFrom: before.from,
    beforeTo: before.to,
    monthsFrom: months.from,
    monthsTo: months.to,
    afterFrom: after.from,
    afterTo: after.to,
  };
}
