import type { RollupTotals } from '../rollups.ts';
import type { Answer } from '../schemas/feedback.ts';

export const askableQuestions = ['clarity', 'help', 'comment'] as const;
export type AskableQuestion = (typeof askableQuestions)[number];

export type Procedure = {
  /** Public, random, unguessable key used in the embed code and the API paths. */
  key: string;
  name: string;
  /** Origins (`https://host[:port]`, or `https://*.example.gouv.fr`) allowed to post answers. */
  allowedOrigins: string[];
  /** Optional questions asked after satisfaction, which is always asked. */
  questions: AskableQuestion[];
  createdAt: Date;
  archivedAt: Date | undefined;
};

export type NewProcedure = Pick<Procedure, 'name' | 'allowedOrigins'> &
  Partial<Pick<Procedure, 'questions'>>;

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
};

/** What a widget sent, as the store keeps it: the answer (free text already scrubbed), when. */
export type IncomingSubmission = Pick<Submission, 'id' | 'procedureKey' | 'answer' | 'day'> &
  Partial<Pick<Submission, 'redactions' | 'suspect'>> & { receivedAt: Date };

/**
 * `created` and `updated` are committed to disk when the promise resolves. `conflict`: the id
 * belongs to another procedure or its 24 h update window is over; nothing was written.
 */
export type SaveOutcome = 'created' | 'updated' | 'conflict' | 'unknown-procedure';

export type TotalsQuery = {
  procedureKey: string;
  /** Inclusive calendar days `YYYY-MM-DD` in the reporting time zone. */
  fromDay: string;
  toDay: string;
  source?: string | undefined;
};

/**
 * The only door to the database. Every method is async so that a networked implementation
 * (PostgreSQL, DESIGN §7) fits behind the same interface. "Not found" is `undefined`.
 */
export interface Store {
  createProcedure(input: NewProcedure): Promise<Procedure>;
  findProcedure(key: string): Promise<Procedure | undefined>;
  listProcedures(): Promise<Procedure[]>;

  /** Stores an answer, or replaces the earlier answer of the same submission id (DESIGN §4). */
  saveSubmission(submission: IncomingSubmission): Promise<SaveOutcome>;
  /** The same for many answers in one transaction (one disk sync): seeding, imports. */
  saveSubmissions(submissions: IncomingSubmission[]): Promise<SaveOutcome[]>;
  findSubmission(id: string): Promise<Submission | undefined>;

  /** Sums of the daily rollups over a period: every counter of `rollupCounters`. */
  sumRollups(query: TotalsQuery): Promise<RollupTotals>;

  /** True when the database answers a query. */
  isReady(): Promise<boolean>;
  /**
   * Deletes the free text (comment, helpOther) of submissions received before `before`; ratings
   * and rollups stay (DESIGN §5, RETENTION_MONTHS). Returns how many submissions lost text.
   */
  purgeTextsBefore(before: Date): Promise<number>;

  /** Consistent online copy of the database to `file`, checked before the promise resolves. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

/** DESIGN §4: a submission id may be re-sent (one more step answered) for 24 hours. */
export const updateWindowMs = 24 * 60 * 60 * 1000;
