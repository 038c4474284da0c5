import { type AnswerColumns, answerFromColumns } from './answer-columns.ts';
import { flag, time } from './codec.ts';
import { row, run, type SqlDatabase } from './sql.ts';
import type { Submission } from './store.ts';

/**
 * The part of the store about answers that is written once for both databases: reading one, and
 * the retention purge. Ingestion, listing, export and the rollups stay hand-written in each
 * database's store (sqlite-store.ts, postgres-store.ts): they are tuned to it.
 */
export interface SubmissionStore {
  findSubmission(id: string): Promise<Submission | undefined>;
  /**
   * Deletes the free text (comment, helpOther) of submissions received before `before`; ratings
   * and rollups stay (docs/design.md §5, RETENTION_MONTHS). Returns how many submissions lost text.
   */
  purgeTextsBefore(before: Date): Promise<number>;
}

/** A submission's row as either database gives it back, with its procedure's key. */
export type SubmissionRow = AnswerColumns & {
  id: string;
  procedure_key: string;
  received_at: number | Date;
  updated_at: number | Date;
  day: string;
  redactions: number;
  suspect: number | boolean;
  version: number;
};

/**
 * Rows an export reads at a time (both stores' exportSubmissions). An Excel writer goes through a
 * page 200 rows a turn of the event loop, so a page outlives several of V8's young-generation
 * collections and is promoted to the old one, which grows until a full collection: pages of
 * 2,000 rows took a million-answer Excel export to 314 MB of RSS; 500, to 184–190 MB, as fast
 * (BENCHMARKS.md, `npm run bench -- --only=export`).
 */
export const exportPageSize = 500;

/** A submission's columns, by name: PostgreSQL's table also holds its comment's search vector. */
export const submissionColumns = `s.seq, s.id, s.procedure_id, s.received_at, s.updated_at, s.day,
  s.source, s.lang, s.satisfaction, s.clarity, s.help, s.help_other, s.reached, s.help_quality,
  s.comment, s.redactions, s.suspect, s.reached_channels, s.help_quality_channels, s.version`;

export function submissionStore(db: SqlDatabase): SubmissionStore {
  return {
    findSubmission: (id) =>
      db.read(function* () {
        const found = yield* row<SubmissionRow>(
          `SELECT ${submissionColumns}, p.key AS procedure_key
           FROM submissions s JOIN procedures p ON p.id = s.procedure_id WHERE s.id = $1`,
          [id],
        );
        return found && toSubmission(found);
      }),

    purgeTextsBefore: (before) =>
      db.read(() =>
        run(
          `UPDATE submissions SET comment = NULL, help_other = NULL
           WHERE received_at < $1 AND (comment IS NOT NULL OR help_other IS NOT NULL)`,
          [before],
        ),
      ),
  };
}

/** The one mapper of a submission's row, for the hand-written paths of both stores too. */
export function toSubmission(row: SubmissionRow): Submission {
  return {
    id: row.id,
    procedureKey: row.procedure_key,
    receivedAt: time(row.received_at),
    updatedAt: time(row.updated_at),
    day: row.day,
    source: row.source,
    answer: answerFromColumns(row),
    redactions: row.redactions,
    suspect: flag(row.suspect),
    version: row.version,
  };
}
