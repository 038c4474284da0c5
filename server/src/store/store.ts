import type { Answer } from '../../../common/wire.ts';
import type { AccessRequestStore } from './access-requests.ts';
import type { AccountStore } from './accounts.ts';
import type { ApiKeyStore } from './api-keys.ts';
import type { AttemptStore } from './attempts.ts';
import type { AuditEntry, AuditStore } from './audit.ts';
import type { CommitObserver } from './commit-observers.ts';
import type { ImprovementStore } from './improvements.ts';
import type { MailStore } from './mail.ts';
import type { ObservatoireStore } from './observatoire.ts';
import type { OrganisationStore } from './organisations.ts';
import type { ProcedureStore } from './procedures.ts';
import type { QuestionnaireStore } from './questionnaire-versions.ts';
import type { ReadinessStore } from './readiness.ts';
import type { RollupTotals } from './rollups.ts';
import type { SubmissionStore } from './submissions.ts';
import type { TermStore } from './terms.ts';
import type { ThemeStore } from './themes.ts';

// The roles and the audit's codes are common/'s, so the dashboard says each one in words without
// importing the store; the server keeps naming them from here, with the rest of the contract.
export { type AuditAction, auditActions } from '../../../common/audit-codes.ts';
// One list of the optional questions, for the widget, the schemas and the stores' default.
export {
  type AskableQuestion,
  askableQuestions,
} from '../../../common/questionnaire.ts';
export type { OrganisationRole, Role } from '../../../common/roles.ts';

/** One public procedure's rollups summed over one calendar month (`YYYY-MM`). */
export type MonthlyRollup = { procedureKey: string; month: string; totals: RollupTotals };

export type SubmissionQuery = {
  procedureKey: string;
  fromDay?: string | undefined;
  toDay?: string | undefined;
  satisfaction?: Answer['satisfaction'] | undefined;
  withComment?: boolean | undefined;
  suspect?: boolean | undefined;
  /** Full-text search in comments, accents folded. */
  search?: string | undefined;
  /** From `nextCursor` of the previous page. */
  cursor?: string | undefined;
  limit: number;
  /**
   * Only answers whose comment passes this test (a term or a theme, docs/design.md §12). At most
   * `commentScanLimit` comments are read for one page: a page may then hold fewer than `limit`
   * answers, and `nextCursor` goes on from the last comment read.
   */
  commentMatches?: ((comment: string) => boolean) | undefined;
};

/** Comments a filtered page of answers reads at most (SubmissionQuery.commentMatches). */
export const commentScanLimit = 20_000;

export type SubmissionPage = { items: Submission[]; nextCursor: string | undefined };

/** One day's answers and satisfaction counts: what a trend series needs, and no more. */
export type DailySatisfaction = {
  day: string;
  answers: number;
  satisfaction_bad: number;
  satisfaction_medium: number;
  satisfaction_good: number;
};

export type Submission = {
  id: string;
  procedureKey: string;
  receivedAt: Date;
  updatedAt: Date;
  /** Calendar day of first receipt in the reporting time zone, `YYYY-MM-DD`. */
  day: string;
  /** Placement label (`data-source`), `''` when none was given. */
  source: string;
  answer: Answer;
  /** Pieces of personal data removed from the free text before it was stored. */
  redactions: number;
  /** The comment looks like spam (only links, repeated characters). */
  suspect: boolean;
  /**
   * The questionnaire version it was given under (docs/design.md §2, «Versions»): the one
   * published when its first step arrived, kept by its later steps. Set by the store, never by
   * the client.
   */
  version: number;
};

/** What a widget sent, as the store keeps it: the answer (free text already scrubbed), when. */
export type IncomingSubmission = Pick<Submission, 'id' | 'procedureKey' | 'answer' | 'day'> &
  Partial<Pick<Submission, 'redactions' | 'suspect'>> & { receivedAt: Date };

/**
 * `created` and `updated` are committed to disk when the promise resolves. `conflict`: the id
 * belongs to another procedure or its 24 h update window is over; nothing was written.
 */
export type SaveOutcome = 'created' | 'updated' | 'conflict' | 'unknown-procedure';

export type StatsRollupsQuery = {
  procedureKey: string;
  source?: string | undefined;
  current: { fromDay: string; toDay: string };
  previous: { fromDay: string; toDay: string };
  /**
   * `day`: one point per day (as satisfactionByDay); `month`: one per calendar month (`day` its
   * first day), counting only the period's days, from the monthly rollups: 12 rows for a year.
   */
  series: 'day' | 'month';
};

export type StatsRollups = {
  current: RollupTotals;
  previous: RollupTotals;
  points: DailySatisfaction[];
};

export type TotalsQuery = {
  procedureKey: string;
  /** Inclusive calendar days `YYYY-MM-DD` in the reporting time zone. */
  fromDay: string;
  toDay: string;
  source?: string | undefined;
};

/**
 * The only door to the database. Every method is async so that a networked implementation
 * (PostgreSQL, docs/design.md §7) fits behind the same interface. "Not found" is `undefined`.
 */
export interface Store
  extends AccountStore,
    ApiKeyStore,
    AuditStore,
    OrganisationStore,
    AccessRequestStore,
    MailStore,
    AttemptStore,
    ImprovementStore,
    ObservatoireStore,
    ProcedureStore,
    QuestionnaireStore,
    ReadinessStore,
    SubmissionStore,
    TermStore,
    ThemeStore {
  /**
   * Stores an answer, or replaces the earlier answer of the same submission id (docs/design.md §4).
   */
  saveSubmission(submission: IncomingSubmission): Promise<SaveOutcome>;
  /** The same for many answers in one transaction (one disk sync): seeding, imports. */
  saveSubmissions(submissions: IncomingSubmission[]): Promise<SaveOutcome[]>;
  /**
   * Tells `observer` about each transaction of answers once committed (group commit or
   * `saveSubmissions`): how many, how long. Returns what stops it.
   */
  observeCommits(observer: CommitObserver): () => void;

  /** Sums of the daily rollups over a period: every counter of `rollupCounters`. */
  sumRollups(query: TotalsQuery): Promise<RollupTotals>;
  /**
   * What the stats route reads, in one snapshot (one statement on PostgreSQL): the sums of a
   * period and of the period before it, and the period's satisfaction series per day or month.
   */
  statsRollups(query: StatsRollupsQuery): Promise<StatsRollups>;
  /** Answers and satisfaction counts, one row per day that has answers, in day order. */
  satisfactionByDay(query: TotalsQuery): Promise<DailySatisfaction[]>;

  /**
   * The rollups of every public procedure, summed per procedure and calendar month, in key and
   * month order: the public list and the open data files (docs/design.md §10).
   */
  publicMonthlyRollups(query: { fromDay: string; toDay: string }): Promise<MonthlyRollup[]>;

  /** Answers newest first, filtered, one page at a time. */
  listSubmissions(query: SubmissionQuery): Promise<SubmissionPage>;
  /** Every answer of a period, oldest first, read as they are consumed (CSV export). */
  exportSubmissions(query: TotalsQuery): AsyncIterable<Submission>;
  /** Removes one answer and its counts from the rollups, and records who did it. */
  deleteSubmission(id: string, procedureKey: string, audit: AuditEntry): Promise<boolean>;

  /** Consistent online copy of the database to `file`, checked before the promise resolves. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The database cannot take a write now (disk full, read-only, locked too long): nothing was
 * written, and the same request may succeed later. The API answers 503 with Retry-After.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Days are in the reporting time zone, times in UTC: a range of times (ms) that holds the days in
 * any zone (±14 h) lets a store's time index skip straight to a period; its day test is exact.
 */
export function timeRangeAround(fromDay: string | undefined, toDay: string | undefined) {
  const fourteenHours = 14 * 60 * 60 * 1000;
  return {
    minTime: fromDay ? Date.parse(`${fromDay}T00:00:00Z`) - fourteenHours : 0,
    maxTime: toDay ? Date.parse(`${toDay}T23:59:59.999Z`) + fourteenHours : 8.64e15,
  };
}
