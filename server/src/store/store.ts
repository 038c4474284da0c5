import type { AuditAction } from '../../../common/audit-codes.ts';
import type { OrganisationRole, Role } from '../../../common/roles.ts';
import type { Answer } from '../../../common/wire.ts';
import type { CommitObserver } from './commit-observers.ts';
import type { ImprovementStore } from './improvements.ts';
import type { MailStore, OutgoingMail } from './mail-store.ts';
import type { ProcedureStore } from './procedures.ts';
import type { ReadinessStore } from './readiness.ts';
import type { RollupTotals } from './rollups.ts';
import type { SubmissionStore } from './submissions.ts';
import type { ThemeStore } from './themes.ts';

// One list of the optional questions, for the widget, the schemas and the stores' default.
export {
  type AskableQuestion,
  askableQuestions,
} from '../../../common/questionnaire.ts';

export type User = {
  id: number;
  email: string;
  isAdmin: boolean;
  /** Role by procedure key; an admin's roles do not matter. */
  roles: Record<string, Role>;
  /**
   * Role by organisation id: `admin` or `member` as given, and `member` of every organisation
   * where the person holds a role on a procedure.
   */
  organisations: Record<string, OrganisationRole>;
  createdAt: Date;
};

export type Organisation = {
  id: number;
  name: string;
  /** Lower-case e-mail domains (`interieur.gouv.fr`) whose agents may ask to join it. */
  domains: string[];
  createdAt: Date;
};

export type NewOrganisation = Pick<Organisation, 'name' | 'domains'>;

export type OrganisationChanges = Partial<NewOrganisation>;

/** A person of an organisation, with the roles that make them one. */
export type OrganisationMember = {
  userId: number;
  email: string;
  role: OrganisationRole;
  /** Role by procedure key, on this organisation's procedures. */
  roles: Record<string, Role>;
};

/**
 * An agent's request to join an organisation, made by signing in with ProConnect without an
 * account, with an e-mail of one of its domains (docs/design.md §11).
 */
export type AccessRequest = {
  id: number;
  organisationId: number;
  email: string;
  status: 'pending' | 'approved' | 'refused';
  createdAt: Date;
  decidedBy: string | undefined;
  decidedAt: Date | undefined;
};

/**
 * What `requestAccess` did: `created` a request (and wrote its mails and audit entry); found one
 * still `pending`; or found one `refused` since `refusedSince`, which stands.
 */
export type AccessRequestOutcome = {
  outcome: 'created' | 'pending' | 'refused';
  request: AccessRequest;
};

/** Why `deleteOrganisation` deleted nothing. */
export type OrganisationDeletion = 'deleted' | 'not-found' | 'has-procedures' | 'last-one';

/** An account as the store writes it: the password already hashed. */
export type NewUser = { email: string; passwordHash: string; isAdmin: boolean };

/** Why `createUserWithRoles` wrote nothing. */
export type UserRefusal =
  | { refused: 'email-taken' }
  | { refused: 'unknown-procedure'; procedureKey: string };

export type Session = { userId: number; createdAt: Date; lastSeenAt: Date };

export type ApiKey = {
  id: number;
  userId: number;
  /** The organisation it acts in, and never outside; undefined: a platform administrator's key. */
  organisationId: number | undefined;
  name: string;
  createdAt: Date;
  revokedAt: Date | undefined;
  /** The last day (`YYYY-MM-DD`, TZ_REPORT) it was used; undefined: never. */
  lastUsedOn: string | undefined;
};

// The roles and the audit's codes are common/'s, so the dashboard says each one in words without
// importing the store; the server keeps naming them from here, with the rest of the contract.
export { type AuditAction, auditActions } from '../../../common/audit-codes.ts';
export type { OrganisationRole, Role } from '../../../common/roles.ts';

/** Which entries to read: older than the entry `before` (the next page), of one action. */
export type AuditFilter = { before?: number | undefined; action?: AuditAction | undefined };

/** Who acted, when nobody known did: a refused sign-in before anyone proved who they are. */
export const unknownActor = 'anonymous';

export type AuditEntry = {
  at: Date;
  /** Who: the user's e-mail, `cli`, or `anonymous` (unknownActor). */
  actor: string;
  action: AuditAction;
  target: string;
  details: Record<string, unknown>;
  /** The organisation it is about, whose administrators may read it. */
  organisationId?: number | undefined;
};

/** An entry as read back: its id orders the log (older entries are read `before` one). */
export type LoggedAuditEntry = AuditEntry & { id: number };

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

/** A comment and the satisfaction of its answer: what terms and themes are counted from. */
export type PeriodComment = { day: string; satisfaction: Answer['satisfaction']; comment: string };

export type CommentQuery = TotalsQuery & { limit: number };

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
 * Attempts per target (an account's e-mail, a link's token), counted where every node sees them:
 * the limits of http/target-limit.ts, which must hold across nodes (issue 24).
 */
export interface AttemptStore {
  /**
   * Counts one attempt at `key` in the fixed window that starts at `windowStart`, in one atomic
   * statement (two nodes at once count two), and returns the window's count, this one included.
   */
  countAttempt(key: string, windowStart: Date): Promise<number>;
  /**
   * The count at `key` in the window that starts at `windowStart` (0 if its window is older), in
   * one statement, counting nothing: a limit on failures reads it before the attempt.
   */
  attemptsSince(key: string, windowStart: Date): Promise<number>;
  /** Forgets the counts of windows that started before `before`. */
  forgetAttempts(before: Date): Promise<void>;
}

/**
 * The only door to the database. Every method is async so that a networked implementation
 * (PostgreSQL, docs/design.md §7) fits behind the same interface. "Not found" is `undefined`.
 */
export interface Store
  extends MailStore,
    AttemptStore,
    ImprovementStore,
    ProcedureStore,
    ReadinessStore,
    SubmissionStore,
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
  /** A period's comments, newest first, `limit` at most; those flagged suspect left out. */
  readComments(query: CommentQuery): AsyncIterable<PeriodComment>;
  /** Removes one answer and its counts from the rollups, and records who did it. */
  deleteSubmission(id: string, procedureKey: string, audit: AuditEntry): Promise<boolean>;

  countUsers(): Promise<number>;
  /** `undefined` when the e-mail is already taken. */
  createUser(user: NewUser): Promise<User | undefined>;
  /**
   * An account, its roles and its audit entry (made once the account has its id), in one
   * transaction: all of it, or nothing and why.
   */
  createUserWithRoles(
    user: NewUser,
    roles: Record<string, Role>,
    audit: (user: User) => AuditEntry,
  ): Promise<User | UserRefusal>;
  findUser(id: number): Promise<User | undefined>;
  findUserByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
  listUsers(): Promise<User[]>;
  /** With `audit`, the entry is written in the same transaction, and only if a user was deleted. */
  deleteUser(id: number, audit?: AuditEntry): Promise<boolean>;
  /**
   * Gives a role on a procedure, or takes it away (`undefined`); with `audit`, the entry is written
   * in the same transaction.
   */
  setRole(
    userId: number,
    procedureKey: string,
    role: Role | undefined,
    audit?: AuditEntry,
  ): Promise<boolean>;

  createSession(tokenHash: string, userId: number, now: Date): Promise<void>;
  findSession(tokenHash: string): Promise<Session | undefined>;
  touchSession(tokenHash: string, now: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;

  /** With `audit`, its entry (made once the key has its id) is written in the same transaction. */
  createApiKey(
    key: { userId: number; name: string; keyHash: string; organisationId?: number | undefined },
    audit?: (key: ApiKey) => AuditEntry,
  ): Promise<ApiKey>;
  /** The key with this hash if it exists and is not revoked. */
  findApiKey(keyHash: string): Promise<ApiKey | undefined>;
  listApiKeys(): Promise<ApiKey[]>;
  /** With `audit`, the entry is written in the same transaction, and only if a key was revoked. */
  revokeApiKey(id: number, now: Date, audit?: AuditEntry): Promise<boolean>;
  /**
   * Marks the key used on `day` (`YYYY-MM-DD`) unless it already is, with `audit`, in one
   * transaction: true for the one call that marked it, whichever node made it (a conditional
   * update), so a key's use is written once a day and not on every request.
   */
  recordApiKeyUse(id: number, day: string, audit: AuditEntry): Promise<boolean>;
  /** Several entries in one transaction (a sign-in about a person of several organisations). */
  appendAudits(entries: readonly AuditEntry[]): Promise<void>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** The newest entries first. */
  listAudit(limit: number, filter?: AuditFilter): Promise<LoggedAuditEntry[]>;
  /** The newest entries about one organisation first. */
  listOrganisationAudit(
    organisationId: number,
    limit: number,
    filter?: AuditFilter,
  ): Promise<LoggedAuditEntry[]>;

  /** With `audit`, its entry (made once it has its id) is written in the same transaction. */
  createOrganisation(
    input: NewOrganisation,
    audit?: (organisation: Organisation) => AuditEntry,
  ): Promise<Organisation>;
  findOrganisation(id: number): Promise<Organisation | undefined>;
  /** Every organisation, by name. */
  listOrganisations(): Promise<Organisation[]>;
  /** The organisations whose domains include this one (lower case). */
  organisationsOfDomain(domain: string): Promise<Organisation[]>;
  /** `undefined` when there is none; the audit entry only if it changed. */
  updateOrganisation(
    id: number,
    changes: OrganisationChanges,
    audit?: AuditEntry,
  ): Promise<Organisation | undefined>;
  /** Refused while it owns procedures, and for the last one (new procedures need a home). */
  deleteOrganisation(id: number, audit?: AuditEntry): Promise<OrganisationDeletion>;
  /** Its people: members, administrators, and whoever holds a role on one of its procedures. */
  listMembers(organisationId: number): Promise<OrganisationMember[]>;
  /**
   * Makes a person a member or an administrator of an organisation; `undefined` removes them, with
   * their roles on its procedures. False when the person or the organisation does not exist.
   */
  setMembership(
    userId: number,
    organisationId: number,
    role: OrganisationRole | undefined,
    audit?: AuditEntry,
  ): Promise<boolean>;
  /**
   * Files a request to join an organisation, with the mails to its administrators and its audit
   * entry, in one transaction; unless one is pending, or one was refused after `refusedSince`.
   */
  requestAccess(
    request: { organisationId: number; email: string },
    mails: (request: AccessRequest) => OutgoingMail[],
    audit: AuditEntry,
    now: Date,
    refusedSince: Date,
  ): Promise<AccessRequestOutcome>;
  /** The pending requests to join an organisation, oldest first. */
  listAccessRequests(organisationId: number): Promise<AccessRequest[]>;
  /**
   * Approves (with the role to give) or refuses a pending request of this organisation, with its
   * audit entry, in one transaction. Approving makes the account, without a password (ProConnect
   * only), if there is none, and makes it a member. `undefined`: no such pending request. The
   * entry is made once the person's role in the organisation is known (undefined when refused):
   * approving never lowers a role, so it may be higher than the one the approval gave.
   */
  decideAccessRequest(
    organisationId: number,
    id: number,
    decision: { approve: OrganisationRole } | 'refuse',
    decidedBy: string,
    audit: (role: OrganisationRole | undefined) => AuditEntry,
    now: Date,
  ): Promise<AccessRequest | undefined>;

  /** Consistent online copy of the database to `file`, checked before the promise resolves. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

/** The part of the store about people: accounts, roles, sessions, API keys, the audit log. */
export type AccountStore = Pick<
  Store,
  | 'countUsers'
  | 'createUser'
  | 'createUserWithRoles'
  | 'findUser'
  | 'findUserByEmail'
  | 'listUsers'
  | 'deleteUser'
  | 'setRole'
  | 'createSession'
  | 'findSession'
  | 'touchSession'
  | 'deleteSession'
  | 'createApiKey'
  | 'findApiKey'
  | 'listApiKeys'
  | 'revokeApiKey'
  | 'recordApiKeyUse'
  | 'appendAudit'
  | 'appendAudits'
  | 'listAudit'
  | 'listOrganisationAudit'
  | 'createOrganisation'
  | 'findOrganisation'
  | 'listOrganisations'
  | 'organisationsOfDomain'
  | 'updateOrganisation'
  | 'deleteOrganisation'
  | 'listMembers'
  | 'setMembership'
  | 'requestAccess'
  | 'listAccessRequests'
  | 'decideAccessRequest'
>;

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
