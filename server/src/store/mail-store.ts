import type { User, UserRefusal } from './accounts.ts';
import type { AuditEntry } from './audit.ts';
import type { Role } from './store.ts';

/** A mail as its cause writes it to the outbox (docs/design.md §9). */
export type OutgoingMail = {
  /** What it is for: `password-reset`, `invitation`, `test`… (metrics and logs). */
  kind: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe…). */
  headers?: Record<string, string>;
  /** The outbox keeps one mail a key: writing a second one is a no-op (`notify run` twice). */
  dedupeKey?: string;
};

/** A mail of the outbox, claimed by a sender. */
export type OutboxMail = Required<Omit<OutgoingMail, 'dedupeKey'>> & {
  id: number;
  /** Random, the same on every attempt: the Message-ID's left part. */
  messageId: string;
  /** Attempts so far, this one included. */
  attempts: number;
  createdAt: Date;
};

export type MailFailure = {
  error: string;
  /** When to try again; `undefined`: refused for good, never tried again. */
  retryAt: Date | undefined;
};

export type MailPreferences = { digest: 'weekly' | 'monthly' | 'none'; alerts: boolean };

export type NewInvitation = {
  email: string;
  isAdmin: boolean;
  roles: Record<string, Role>;
  /** Who invited: an e-mail, or `cli`. */
  invitedBy: string;
  tokenHash: string;
  expiresAt: Date;
  /**
   * The organisation of its procedures, which it belongs to: inviting the address again voids
   * only this organisation's earlier invitation. `undefined`: a platform administrator's
   * invitation to be one.
   */
  organisationId: number | undefined;
};

export type Invitation = Omit<NewInvitation, 'tokenHash'> & { createdAt: Date };

/**
 * What `createInvitation` did (the caller answers the same whatever it is: issue 24, no account
 * enumeration). `invited`: the address has no account, a link lets it make one. `given`: its
 * account is of the invitation's organisation already (a member, an administrator, or holding a
 * role on one of its procedures; for a platform invitation, any account), so it has the roles now,
 * never lowered (`roles`: what it holds on those procedures afterwards). `elsewhere`: its account
 * is not of that organisation (another's, none, or the platform administrator): nothing is given,
 * since nobody may pull an account into their organisation; the mail tells it so.
 */
export type InvitationOutcome =
  | { outcome: 'invited' }
  | { outcome: 'given'; isAdmin: boolean; roles: Record<string, Role> }
  | { outcome: 'elsewhere' };

/**
 * How an invitation is taken up: by its link's token, or by the invited e-mail itself, when
 * ProConnect vouches for it (controlling the mailbox is what the link proves too).
 */
export type InvitationClaim = { tokenHash: string } | { email: string };

/** The part of the store about e-mail: the outbox, and the links sent by mail. */
export interface MailStore {
  /** Writes a mail to the outbox; false when one with the same `dedupeKey` is there already. */
  enqueueMail(mail: OutgoingMail, now: Date): Promise<boolean>;
  /**
   * Takes up to `limit` mails that are due and not claimed (or whose claim lapsed), each for
   * `leaseMs`: until then no other sender (another node) gets them.
   */
  claimMails(now: Date, leaseMs: number, limit: number): Promise<OutboxMail[]>;
  /**
   * Marks a mail sent and, in the same statement, erases its body and headers: the recipient has
   * them, and they may hold a link that works alone (a reset or invitation token) or quoted
   * comments (a digest). The envelope (recipient, subject, Message-ID, dedupe key, times) stays,
   * so a mail is still never sent twice.
   */
  markMailSent(id: number, now: Date): Promise<void>;
  /** A failure; given up for good (`retryAt` undefined), the body is erased as when sent. */
  markMailFailed(id: number, failure: MailFailure, now: Date): Promise<void>;
  /**
   * Erases the bodies of mails written before `before` that are still there (not yet sent: the
   * sender gave up retrying long before, so they are given up too, `expired`). The retention job
   * (privacy/retention.ts). Returns how many mails lost their body.
   */
  purgeMailBodiesBefore(before: Date, now: Date): Promise<number>;
  /**
   * Makes the bodies erased so far unrecoverable from the database's own files, where the store
   * can: SQLite zeroes freed cells (`secure_delete`) but keeps the old page images in its WAL until
   * a truncating checkpoint. PostgreSQL: nothing to do here (see postgres-mail.ts). Cheap when
   * nothing was erased since the last call; the sender calls it after each pass.
   */
  forgetErasedMails(): Promise<void>;
  /** Mails waiting to be sent, and mails refused for good. */
  countOutbox(): Promise<{ waiting: number; refused: number }>;

  /**
   * The reset link's token and its mail, in one transaction, unless the account was sent `max`
   * links since `since` (rate limit per account, across nodes): then nothing, and false.
   */
  createPasswordReset(
    reset: { userId: number; tokenHash: string; expiresAt: Date },
    mail: OutgoingMail,
    now: Date,
    limit: { max: number; since: Date },
  ): Promise<boolean>;
  /**
   * True while a reset link is live (not used, not expired): checked before its new password is
   * hashed, so that a made-up token costs no hash (issue 24).
   */
  isPasswordResetLive(tokenHash: string, now: Date): Promise<boolean>;
  /**
   * Uses a reset link once: sets the password, ends every session of the account and voids its
   * other links, in one transaction. The account's id, or `undefined` when the link is unknown,
   * used or expired. The audit entry is made once the account is known.
   */
  resetPassword(
    tokenHash: string,
    passwordHash: string,
    now: Date,
    audit: (account: { id: number; email: string }) => AuditEntry,
  ): Promise<number | undefined>;

  /**
   * Invites an address, in one transaction with its mail (made once the outcome is known) and its
   * audit entry: an invitation for an address without an account, voiding the same
   * organisation's earlier one (another organisation's stays); the roles for an account of the
   * organisation; nothing but the mail for another account (InvitationOutcome). Refused, and
   * nothing written, when a procedure is unknown.
   */
  createInvitation(
    invitation: NewInvitation,
    mail: (outcome: InvitationOutcome) => OutgoingMail,
    audit: AuditEntry,
    now: Date,
  ): Promise<InvitationOutcome | Extract<UserRefusal, { refused: 'unknown-procedure' }>>;
  /** The invitation of a live link; `undefined` when unknown, used or expired. */
  findInvitation(tokenHash: string, now: Date): Promise<Invitation | undefined>;
  /**
   * Uses an invitation once: the account with its roles, and its audit entry, in one
   * transaction, voiding the same organisation's other invitations of that address;
   * `undefined` when there is no live invitation (unknown, used or expired).
   */
  acceptInvitation(
    claim: InvitationClaim,
    passwordHash: string,
    now: Date,
    audit: (user: User) => AuditEntry,
  ): Promise<User | UserRefusal | undefined>;

  mailPreferences(userId: number): Promise<MailPreferences>;
  setMailPreferences(userId: number, changes: Partial<MailPreferences>): Promise<MailPreferences>;
}

export const defaultMailPreferences: MailPreferences = { digest: 'weekly', alerts: true };
