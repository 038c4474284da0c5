import { randomUUID } from 'node:crypto';
import type { Role } from '../../../common/roles.ts';
import type { User, UserRefusal } from './accounts.ts';
import type { AuditEntry } from './audit.ts';
import { insertAudit } from './audit.ts';
import { flag, json, time } from './codec.ts';
import { row, rows, run, type Sql, type SqlDatabase, type Work } from './sql.ts';

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

export const defaultMailPreferences: MailPreferences = { digest: 'weekly', alerts: true };

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
   * `leaseMs`: until then no other sender (another node) gets them. Oldest due first.
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
   * a truncating checkpoint (sqlite/truncate-wal.ts). PostgreSQL has nothing to do here: an UPDATE
   * leaves the old row version (and its TOAST chunks, for a long body) as a dead tuple that no
   * query can read; autovacuum reclaims it, and the space is overwritten as it is reused. The WAL
   * segments that logged the insert are recycled after the next checkpoints. A VACUUM here would
   * cost more than the links are worth: they are single use and expire (1 hour, 7 days), and
   * their tokens are stored hashed. Cheap when nothing was erased since the last call; the sender
   * calls it after each pass.
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
   * `undefined` when there is no live invitation (unknown, used or expired). Refused, and
   * nothing written, when the address has an account already.
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

/** Writes a mail to the outbox, in the work's transaction; false when its dedupe key was there. */
export function* writeToOutbox(mail: OutgoingMail, now: Date): Work<boolean> {
  const written = yield* run(
    `INSERT INTO outbox (message_id, dedupe_key, kind, recipient, subject, text_body, html_body,
       headers, created_at, next_attempt_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      randomUUID(),
      mail.dedupeKey ?? null,
      mail.kind,
      mail.recipient,
      mail.subject,
      mail.text,
      mail.html,
      JSON.stringify(mail.headers ?? {}),
      now,
    ],
  );
  return written > 0;
}

type OutboxRow = {
  id: number;
  message_id: string;
  kind: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: string | Record<string, string>;
  created_at: number | Date;
  next_attempt_at: number | Date;
  attempts: number;
};

type InvitationRow = {
  email: string;
  is_admin: number | boolean;
  roles: string | Record<string, Role>;
  invited_by: string;
  created_at: number | Date;
  expires_at: number | Date;
  organisation_id: number | null;
};

/**
 * A read that keeps what it read until the transaction ends: PostgreSQL locks the rows, so that
 * two nodes doing the same at once go one after the other; SQLite has one writer, whose
 * (immediate) transaction holds the whole database already.
 */
function forUpdate(sql: string): Sql {
  return { sqlite: sql, postgres: `${sql} FOR UPDATE` };
}

/**
 * Addresses are compared whatever their case: SQLite's columns are `COLLATE NOCASE`, PostgreSQL's
 * indexes are on `lower(email)` (the released migrations of each).
 */
const accountOfEmail: Sql = {
  sqlite: 'SELECT id FROM users WHERE email = $1',
  postgres: 'SELECT id FROM users WHERE lower(email) = lower($1)',
};

/** One organisation's invitations of an address (NULL: the platform's): another's stay. */
const voidInvitations: Sql = {
  sqlite: 'DELETE FROM invitations WHERE email = $1 AND organisation_id IS NOT DISTINCT FROM $2',
  postgres: `DELETE FROM invitations
    WHERE lower(email) = lower($1) AND organisation_id IS NOT DISTINCT FROM $2`,
};

const liveInvitation = 'SELECT * FROM invitations WHERE token_hash = $1 AND expires_at > $2';

const liveInvitationOfEmail: Sql = {
  sqlite: `SELECT * FROM invitations WHERE email = $1 AND expires_at > $2
    ORDER BY created_at DESC LIMIT 1`,
  postgres: `SELECT * FROM invitations WHERE lower(email) = lower($1) AND expires_at > $2
    ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
};

const insertUser: Sql = {
  sqlite: `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (email) DO NOTHING RETURNING id`,
  postgres: `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
};

const dueMails = `SELECT id FROM outbox
  WHERE sent_at IS NULL AND refused_at IS NULL AND next_attempt_at <= $1
    AND (claimed_until IS NULL OR claimed_until <= $1)
  ORDER BY next_attempt_at, id LIMIT $3`;

const claimDueMails: Sql = {
  // One writer: nobody comes between the choice of the mails and their claim.
  sqlite: `UPDATE outbox SET claimed_until = $2, attempts = attempts + 1
    WHERE id IN (${dueMails}) RETURNING *`,
  // SKIP LOCKED: two nodes claiming at once take different mails instead of waiting for each
  // other; the conditions are checked again on the locked row, so a mail is claimed once.
  postgres: `UPDATE outbox SET claimed_until = $2, attempts = attempts + 1
    WHERE id IN (${dueMails} FOR UPDATE SKIP LOCKED) RETURNING *`,
};

/**
 * Erases a settled mail's body, in the statement that settles it (MailStore.markMailSent): the
 * recipient has the mail, and it may hold a link that works alone or quoted comments. The
 * envelope stays, so a mail is still never sent twice.
 */
const eraseBody = `text_body = '', html_body = '', headers = '{}'`;

/**
 * The retention job's statement (MailStore.purgeMailBodiesBefore): a mail still waiting, and not
 * being sent right now, is given up with its body.
 */
const purgeBodiesBefore = `UPDATE outbox SET ${eraseBody},
    refused_at = CASE WHEN sent_at IS NULL AND refused_at IS NULL THEN $2 ELSE refused_at END,
    last_error = CASE WHEN sent_at IS NULL AND refused_at IS NULL
                 THEN 'expired: still unsent when its body was purged' ELSE last_error END
  WHERE created_at < $1 AND (text_body <> '' OR html_body <> '' OR headers <> '{}')
    AND (sent_at IS NOT NULL OR refused_at IS NOT NULL
         OR claimed_until IS NULL OR claimed_until <= $2)`;

/** Thrown inside a transaction so that it rolls back, then returned as the answer. */
class Refused extends Error {
  constructor(readonly refusal: UserRefusal) {
    super(refusal.refused);
  }
}

/**
 * The outbox and the links sent by mail. `truncateLog` makes the bodies erased so far
 * unrecoverable from the database's files, and tells whether it could (SQLite's WAL); without
 * it, there is nothing to do (PostgreSQL, see MailStore.forgetErasedMails).
 */
export function mailStore(db: SqlDatabase, truncateLog = () => true): MailStore {
  /** Bodies were erased since the log was last truncated. */
  let erased = false;
  const forgetErased = () => {
    if (erased && truncateLog()) erased = false;
  };

  return {
    enqueueMail: (mail, now) => db.read(() => writeToOutbox(mail, now)),

    claimMails: (now, leaseMs, limit) =>
      db.read(function* () {
        const claimed = yield* rows<OutboxRow>(claimDueMails, [
          now,
          new Date(now.getTime() + leaseMs),
          limit,
        ]);
        // RETURNING keeps no order: the oldest due is sent first, as chosen.
        const order = (a: OutboxRow, b: OutboxRow) =>
          time(a.next_attempt_at).getTime() - time(b.next_attempt_at).getTime() || a.id - b.id;
        return claimed.sort(order).map(toOutboxMail);
      }),

    async markMailSent(id, now) {
      await db.read(() =>
        run(
          `UPDATE outbox SET sent_at = $1, claimed_until = NULL, last_error = NULL, ${eraseBody}
           WHERE id = $2`,
          [now, id],
        ),
      );
      erased = true;
    },

    async markMailFailed(id, { error, retryAt }, now) {
      if (retryAt) {
        await db.read(() =>
          run(
            `UPDATE outbox SET next_attempt_at = $1, last_error = $2, claimed_until = NULL
             WHERE id = $3`,
            [retryAt, error, id],
          ),
        );
        return;
      }
      await db.read(() =>
        run(
          `UPDATE outbox SET refused_at = $1, last_error = $2, claimed_until = NULL, ${eraseBody}
           WHERE id = $3`,
          [now, error, id],
        ),
      );
      erased = true;
    },

    async purgeMailBodiesBefore(before, now) {
      const purged = await db.read(() => run(purgeBodiesBefore, [before, now]));
      if (purged > 0) {
        erased = true;
        forgetErased();
      }
      return purged;
    },

    async forgetErasedMails() {
      forgetErased();
    },

    countOutbox: () =>
      db.read(function* () {
        const counts = yield* row<{ waiting: number; refused: number }>(
          `SELECT count(*) FILTER (WHERE sent_at IS NULL AND refused_at IS NULL) AS waiting,
                  count(*) FILTER (WHERE refused_at IS NOT NULL) AS refused
           FROM outbox`,
        );
        return counts as { waiting: number; refused: number };
      }),

    createPasswordReset: (reset, mail, now, limit) =>
      db.transaction(function* () {
        // The account's row is the lock: two requests at once count one after the other.
        yield* rows(forUpdate('SELECT 1 FROM users WHERE id = $1'), [reset.userId]);
        const sent = yield* row<{ n: number }>(
          'SELECT count(*) AS n FROM password_resets WHERE user_id = $1 AND created_at >= $2',
          [reset.userId, limit.since],
        );
        if ((sent?.n ?? 0) >= limit.max) return false;
        yield* run(
          `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
           VALUES ($1, $2, $3, $4)`,
          [reset.tokenHash, reset.userId, now, reset.expiresAt],
        );
        yield* writeToOutbox(mail, now);
        return true;
      }),

    isPasswordResetLive: (tokenHash, now) =>
      db.read(function* () {
        const live = yield* row(
          'SELECT 1 AS live FROM password_resets WHERE token_hash = $1 AND expires_at > $2',
          [tokenHash, now],
        );
        return live !== undefined;
      }),

    resetPassword: (tokenHash, passwordHash, now, entryFor) =>
      db.transaction(function* () {
        // Two uses of one link at once: the second waits, then finds it voided.
        const link = yield* row<{ user_id: number }>(
          forUpdate(
            'SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_at > $2',
          ),
          [tokenHash, now],
        );
        if (!link) return undefined;
        const userId = link.user_id;
        // Used links are voided, but kept until they expire: they count for the rate limit.
        yield* run('UPDATE password_resets SET expires_at = $1 WHERE user_id = $2', [now, userId]);
        const account = yield* row<{ email: string }>(
          'UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING email',
          [passwordHash, userId],
        );
        yield* run('DELETE FROM sessions WHERE user_id = $1', [userId]);
        yield* insertAudit(entryFor({ id: userId, email: account?.email ?? '' }));
        return userId;
      }),

    createInvitation: (invitation, mailFor, entry, now) =>
      db.transaction(function* () {
        for (const procedureKey of Object.keys(invitation.roles)) {
          const found = yield* row('SELECT 1 AS found FROM procedures WHERE key = $1', [
            procedureKey,
          ]);
          if (!found) return { refused: 'unknown-procedure' as const, procedureKey };
        }
        const organisationId = invitation.organisationId ?? null;
        const account = yield* row<{ id: number }>(accountOfEmail, [invitation.email]);
        let outcome: InvitationOutcome;
        if (!account) {
          yield* run(voidInvitations, [invitation.email, organisationId]);
          yield* run(
            `INSERT INTO invitations (token_hash, email, is_admin, roles, invited_by, created_at,
               expires_at, organisation_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              invitation.tokenHash,
              invitation.email,
              invitation.isAdmin,
              JSON.stringify(invitation.roles),
              invitation.invitedBy,
              now,
              invitation.expiresAt,
              organisationId,
            ],
          );
          outcome = { outcome: 'invited' };
        } else if (
          organisationId === null
            ? invitation.isAdmin
            : yield* isInOrganisation(account.id, organisationId)
        ) {
          if (invitation.isAdmin)
            yield* run('UPDATE users SET is_admin = true WHERE id = $1', [account.id]);
          const roles: Record<string, Role> = {};
          for (const [key, role] of Object.entries(invitation.roles)) {
            // Never lowers: an owner invited as a viewer stays an owner.
            const given = yield* row<{ role: Role }>(
              `INSERT INTO procedure_roles (user_id, procedure_id, role)
               SELECT $1, id, $2 FROM procedures WHERE key = $3
               ON CONFLICT (user_id, procedure_id) DO UPDATE
                 SET role = CASE WHEN procedure_roles.role = 'owner' THEN 'owner'
                                 ELSE excluded.role END
               RETURNING role`,
              [account.id, role, key],
            );
            if (given) roles[key] = given.role;
          }
          outcome = { outcome: 'given', isAdmin: invitation.isAdmin, roles };
        } else {
          outcome = { outcome: 'elsewhere' };
        }
        yield* writeToOutbox(mailFor(outcome), now);
        yield* insertAudit(entry);
        return outcome;
      }),

    findInvitation: (tokenHash, now) =>
      db.read(function* () {
        const found = yield* row<InvitationRow>(liveInvitation, [tokenHash, now]);
        return found && toInvitation(found);
      }),

    async acceptInvitation(claim, passwordHash, now, entryFor) {
      try {
        return await db.transaction(function* () {
          const found =
            'tokenHash' in claim
              ? yield* row<InvitationRow>(forUpdate(liveInvitation), [claim.tokenHash, now])
              : yield* row<InvitationRow>(liveInvitationOfEmail, [claim.email, now]);
          if (!found) return undefined;
          const invitation = toInvitation(found);
          yield* run(voidInvitations, [invitation.email, found.organisation_id]);
          const inserted = yield* row<{ id: number }>(insertUser, [
            invitation.email,
            passwordHash,
            invitation.isAdmin,
            now,
          ]);
          if (!inserted) throw new Refused({ refused: 'email-taken' });
          const roles: Record<string, Role> = {};
          // A role on a procedure makes its holder a member of the procedure's organisation.
          const organisations: User['organisations'] = {};
          for (const [key, role] of Object.entries(invitation.roles)) {
            const procedure = yield* row<{ id: number; organisation_id: number }>(
              'SELECT id, organisation_id FROM procedures WHERE key = $1',
              [key],
            );
            // A procedure deleted since the invitation: that role went with it.
            if (!procedure) continue;
            yield* run(
              'INSERT INTO procedure_roles (user_id, procedure_id, role) VALUES ($1, $2, $3)',
              [inserted.id, procedure.id, role],
            );
            roles[key] = role;
            organisations[procedure.organisation_id] = 'member';
          }
          const user: User = {
            id: inserted.id,
            email: invitation.email,
            isAdmin: invitation.isAdmin,
            roles,
            organisations,
            createdAt: now,
          };
          yield* insertAudit(entryFor(user));
          return user;
        });
      } catch (error) {
        if (error instanceof Refused) return error.refusal;
        throw error;
      }
    },

    mailPreferences: (userId) => db.read(() => preferencesOf(userId)),

    setMailPreferences: (userId, changes) =>
      db.transaction(function* () {
        const next = { ...(yield* preferencesOf(userId)), ...changes };
        yield* run(
          `INSERT INTO mail_preferences (user_id, digest, alerts) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, alerts = excluded.alerts`,
          [userId, next.digest, next.alerts],
        );
        return next;
      }),
  };
}

/** In an organisation: a member or an administrator, or holding a role on one of its procedures. */
function* isInOrganisation(userId: number, organisationId: number): Work<boolean> {
  const found = yield* row(
    `SELECT 1 AS found FROM organisation_members WHERE user_id = $1 AND organisation_id = $2
     UNION ALL
     SELECT 1 FROM procedure_roles r JOIN procedures p ON p.id = r.procedure_id
     WHERE r.user_id = $1 AND p.organisation_id = $2 LIMIT 1`,
    [userId, organisationId],
  );
  return found !== undefined;
}

function* preferencesOf(userId: number): Work<MailPreferences> {
  const found = yield* row<{ digest: MailPreferences['digest']; alerts: number | boolean }>(
    'SELECT digest, alerts FROM mail_preferences WHERE user_id = $1',
    [userId],
  );
  return found
    ? { digest: found.digest, alerts: flag(found.alerts) }
    : { ...defaultMailPreferences };
}

function toOutboxMail(row: OutboxRow): OutboxMail {
  return {
    id: row.id,
    messageId: row.message_id,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    headers: json(row.headers),
    createdAt: time(row.created_at),
    attempts: row.attempts,
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    email: row.email,
    isAdmin: flag(row.is_admin),
    roles: json(row.roles),
    invitedBy: row.invited_by,
    createdAt: time(row.created_at),
    expiresAt: time(row.expires_at),
    organisationId: row.organisation_id ?? undefined,
  };
}
