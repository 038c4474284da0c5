import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { User, UserRefusal } from '../accounts.ts';
import { type AuditEntry, insertAudit } from '../audit.ts';
import {
  defaultMailPreferences,
  type Invitation,
  type InvitationClaim,
  type InvitationOutcome,
  type MailPreferences,
  type MailStore,
  type OutboxMail,
  type OutgoingMail,
} from '../mail-store.ts';
import { eraseBody, purgeBodiesBefore } from '../outbox-erasure.ts';
import type { Role } from '../store.ts';
import { sqliteDatabase } from './sqlite-database.ts';

type OutboxRow = {
  id: number;
  message_id: string;
  kind: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: string;
  created_at: number;
  attempts: number;
};
type InvitationRow = {
  email: string;
  is_admin: number;
  roles: string;
  invited_by: string;
  created_at: number;
  expires_at: number;
  organisation_id: number | null;
};

/** Thrown inside a transaction so that it rolls back, then returned as the answer. */
class Refused extends Error {
  constructor(readonly refusal: UserRefusal) {
    super(refusal.refused);
  }
}

/** Writes a mail in the outbox; false when its dedupe key was already there. */
export function outboxWriter(db: Database.Database) {
  const insert = db.prepare<
    [string, string | null, string, string, string, string, string, string, number, number]
  >(
    `INSERT INTO outbox (message_id, dedupe_key, kind, recipient, subject, text_body, html_body,
       headers, created_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  return (mail: OutgoingMail, now: Date) =>
    insert.run(
      randomUUID(),
      mail.dedupeKey ?? null,
      mail.kind,
      mail.recipient,
      mail.subject,
      mail.text,
      mail.html,
      JSON.stringify(mail.headers ?? {}),
      now.getTime(),
      now.getTime(),
    ).changes > 0;
}

export function sqliteMail(db: Database.Database): MailStore {
  const statements = {
    // One writer: the select and the update below run in one transaction, nobody comes between.
    dueMails: db.prepare<[number, number, number], OutboxRow>(
      `SELECT * FROM outbox WHERE sent_at IS NULL AND refused_at IS NULL AND next_attempt_at <= ?
         AND (claimed_until IS NULL OR claimed_until <= ?)
       ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    claimMail: db.prepare<[number, number]>(
      'UPDATE outbox SET claimed_until = ?, attempts = attempts + 1 WHERE id = ?',
    ),
    // The body goes in the statement that settles the mail (mail-store.ts, markMailSent).
    markSent: db.prepare<[number, number]>(
      `UPDATE outbox SET sent_at = ?, claimed_until = NULL, last_error = NULL, ${eraseBody}
       WHERE id = ?`,
    ),
    markRetry: db.prepare<[number, string, number]>(
      'UPDATE outbox SET next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE id = ?',
    ),
    markRefused: db.prepare<[number, string, number]>(
      `UPDATE outbox SET refused_at = ?, last_error = ?, claimed_until = NULL, ${eraseBody}
       WHERE id = ?`,
    ),
    purgeBodies: db.prepare<{ before: number; now: number }>(purgeBodiesBefore(':before', ':now')),
    countOutbox: db.prepare<[], { waiting: number; refused: number }>(
      `SELECT coalesce(sum(sent_at IS NULL AND refused_at IS NULL), 0) AS waiting,
              coalesce(sum(refused_at IS NOT NULL), 0) AS refused FROM outbox`,
    ),
    insertReset: db.prepare<[string, number, number, number]>(
      'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    countResets: db.prepare<[number, number], { n: number }>(
      'SELECT count(*) AS n FROM password_resets WHERE user_id = ? AND created_at >= ?',
    ),
    liveReset: db.prepare<[string, number], { user_id: number }>(
      'SELECT user_id FROM password_resets WHERE token_hash = ? AND expires_at > ?',
    ),
    // Used links are voided, but kept until they expire: they count for the rate limit.
    voidResets: db.prepare<[number, number]>(
      'UPDATE password_resets SET expires_at = ? WHERE user_id = ?',
    ),
    setPassword: db.prepare<[string, number], { email: string }>(
      'UPDATE users SET password_hash = ? WHERE id = ? RETURNING email',
    ),
    endSessions: db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?'),
    userWithEmail: db.prepare<[string], { id: number }>('SELECT id FROM users WHERE email = ?'),
    procedureWithKey: db.prepare<[string], { id: number; organisation_id: number }>(
      'SELECT id, organisation_id FROM procedures WHERE key = ?',
    ),
    // One organisation's invitations of an address (NULL: the platform's): another's stay.
    voidInvitations: db.prepare<[string, number | null]>(
      'DELETE FROM invitations WHERE email = ? AND organisation_id IS ?',
    ),
    insertInvitation: db.prepare<
      [string, string, number, string, string, number, number, number | null]
    >(
      `INSERT INTO invitations (token_hash, email, is_admin, roles, invited_by, created_at,
         expires_at, organisation_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // In it: a member or an administrator, or holding a role on one of its procedures.
    inOrganisation: db.prepare<[number, number, number, number], { found: number }>(
      `SELECT 1 AS found FROM organisation_members WHERE user_id = ? AND organisation_id = ?
       UNION ALL
       SELECT 1 FROM procedure_roles r JOIN procedures p ON p.id = r.procedure_id
       WHERE r.user_id = ? AND p.organisation_id = ? LIMIT 1`,
    ),
    makeAdmin: db.prepare<[number]>('UPDATE users SET is_admin = 1 WHERE id = ?'),
    // Never lowers: an owner invited as a viewer stays an owner.
    giveRole: db.prepare<[number, string, string], { role: Role }>(
      `INSERT INTO procedure_roles (user_id, procedure_id, role)
       SELECT ?, id, ? FROM procedures WHERE key = ?
       ON CONFLICT (user_id, procedure_id) DO UPDATE
         SET role = CASE WHEN procedure_roles.role = 'owner' THEN 'owner' ELSE excluded.role END
       RETURNING role`,
    ),
    liveInvitation: db.prepare<[string, number], InvitationRow>(
      'SELECT * FROM invitations WHERE token_hash = ? AND expires_at > ?',
    ),
    liveInvitationOf: db.prepare<[string, number], InvitationRow>(
      'SELECT * FROM invitations WHERE email = ? AND expires_at > ? ORDER BY created_at DESC LIMIT 1',
    ),
    insertUser: db.prepare<[string, string, number, number], { id: number }>(
      `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
    ),
    insertRole: db.prepare<[number, number, string]>(
      'INSERT INTO procedure_roles (user_id, procedure_id, role) VALUES (?, ?, ?)',
    ),
    preferences: db.prepare<[number], { digest: MailPreferences['digest']; alerts: number }>(
      'SELECT digest, alerts FROM mail_preferences WHERE user_id = ?',
    ),
    upsertPreferences: db.prepare<[number, string, number]>(
      `INSERT INTO mail_preferences (user_id, digest, alerts) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, alerts = excluded.alerts`,
    ),
  };
  const shared = sqliteDatabase(db);
  const audit = (entry: AuditEntry) => shared.now(insertAudit(entry));

  const enqueue = outboxWriter(db);

  /**
   * Bodies were erased since the last truncating checkpoint. `secure_delete` (sqlite-store.ts)
   * zeroes the freed cells and pages, in the database file and in the new page images, but the
   * WAL still holds the images written before the erasure until a checkpoint truncates it.
   */
  let erased = false;
  const forgetErased = () => {
    if (!erased) return;
    // Never wait for another process's reader (the CLI): with the usual busy timeout the
    // checkpoint would hold the event loop up to 5 s. Busy now, done on the sender's next pass.
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) erased = false;
    } catch {
      // Inside another statement's transaction or locked: the next call tries again.
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  };

  const claim = db.transaction((now: number, leaseMs: number, limit: number) => {
    const rows = statements.dueMails.all(now, now, limit);
    for (const row of rows) statements.claimMail.run(now + leaseMs, row.id);
    return rows.map((row) => toOutboxMail({ ...row, attempts: row.attempts + 1 }));
  });

  const createReset = db.transaction(
    (
      reset: { userId: number; tokenHash: string; expiresAt: Date },
      mail: OutgoingMail,
      now: Date,
      limit: { max: number; since: Date },
    ) => {
      const { n } = statements.countResets.get(reset.userId, limit.since.getTime()) as {
        n: number;
      };
      if (n >= limit.max) return false;
      statements.insertReset.run(
        reset.tokenHash,
        reset.userId,
        now.getTime(),
        reset.expiresAt.getTime(),
      );
      enqueue(mail, now);
      return true;
    },
  );

  const reset = db.transaction(
    (
      tokenHash: string,
      passwordHash: string,
      now: Date,
      entryFor: Parameters<MailStore['resetPassword']>[3],
    ) => {
      const row = statements.liveReset.get(tokenHash, now.getTime());
      if (!row) return undefined;
      statements.voidResets.run(now.getTime(), row.user_id);
      const account = statements.setPassword.get(passwordHash, row.user_id) as { email: string };
      statements.endSessions.run(row.user_id);
      audit(entryFor({ id: row.user_id, email: account.email }));
      return row.user_id;
    },
  );

  const invite = db.transaction(
    (
      invitation: Parameters<MailStore['createInvitation']>[0],
      mailFor: Parameters<MailStore['createInvitation']>[1],
      entry: AuditEntry,
      now: Date,
    ): Awaited<ReturnType<MailStore['createInvitation']>> => {
      for (const procedureKey of Object.keys(invitation.roles)) {
        if (!statements.procedureWithKey.get(procedureKey))
          return { refused: 'unknown-procedure', procedureKey };
      }
      const organisationId = invitation.organisationId ?? null;
      const account = statements.userWithEmail.get(invitation.email);
      let outcome: InvitationOutcome;
      if (!account) {
        statements.voidInvitations.run(invitation.email, organisationId);
        statements.insertInvitation.run(
          invitation.tokenHash,
          invitation.email,
          Number(invitation.isAdmin),
          JSON.stringify(invitation.roles),
          invitation.invitedBy,
          now.getTime(),
          invitation.expiresAt.getTime(),
          organisationId,
        );
        outcome = { outcome: 'invited' };
      } else if (
        organisationId === null
          ? invitation.isAdmin
          : statements.inOrganisation.get(account.id, organisationId, account.id, organisationId)
      ) {
        if (invitation.isAdmin) statements.makeAdmin.run(account.id);
        const roles: Record<string, Role> = {};
        for (const [key, role] of Object.entries(invitation.roles)) {
          const given = statements.giveRole.get(account.id, role, key);
          if (given) roles[key] = given.role;
        }
        outcome = { outcome: 'given', isAdmin: invitation.isAdmin, roles };
      } else {
        outcome = { outcome: 'elsewhere' };
      }
      enqueue(mailFor(outcome), now);
      audit(entry);
      return outcome;
    },
  );

  const accept = db.transaction(
    (
      claim: InvitationClaim,
      passwordHash: string,
      now: Date,
      entryFor: (user: User) => AuditEntry,
    ) => {
      const row =
        'tokenHash' in claim
          ? statements.liveInvitation.get(claim.tokenHash, now.getTime())
          : statements.liveInvitationOf.get(claim.email, now.getTime());
      if (!row) return undefined;
      statements.voidInvitations.run(row.email, row.organisation_id);
      const inserted = statements.insertUser.get(
        row.email,
        passwordHash,
        row.is_admin,
        now.getTime(),
      );
      if (!inserted) throw new Refused({ refused: 'email-taken' });
      const roles: Record<string, Role> = {};
      // A role on a procedure makes its holder a member of the procedure's organisation.
      const organisations: User['organisations'] = {};
      for (const [key, role] of Object.entries(JSON.parse(row.roles) as Record<string, Role>)) {
        // A procedure deleted since the invitation: that role went with it.
        const procedure = statements.procedureWithKey.get(key);
        if (procedure) {
          statements.insertRole.run(inserted.id, procedure.id, role);
          roles[key] = role;
          organisations[procedure.organisation_id] = 'member';
        }
      }
      const user: User = {
        id: inserted.id,
        email: row.email,
        isAdmin: row.is_admin === 1,
        roles,
        organisations,
        createdAt: now,
      };
      audit(entryFor(user));
      return user;
    },
  );

  return {
    async enqueueMail(mail, now) {
      return enqueue(mail, now);
    },
    async claimMails(now, leaseMs, limit) {
      return claim.immediate(now.getTime(), leaseMs, limit);
    },
    async markMailSent(id, now) {
      statements.markSent.run(now.getTime(), id);
      erased = true;
    },
    async markMailFailed(id, { error, retryAt }, now) {
      if (retryAt) statements.markRetry.run(retryAt.getTime(), error, id);
      else {
        statements.markRefused.run(now.getTime(), error, id);
        erased = true;
      }
    },
    async purgeMailBodiesBefore(before, now) {
      const { changes } = statements.purgeBodies.run({
        before: before.getTime(),
        now: now.getTime(),
      });
      if (changes > 0) {
        erased = true;
        forgetErased();
      }
      return changes;
    },
    async forgetErasedMails() {
      forgetErased();
    },
    async countOutbox() {
      return statements.countOutbox.get() as { waiting: number; refused: number };
    },
    async createPasswordReset(resetLink, mail, now, limit) {
      return createReset.immediate(resetLink, mail, now, limit);
    },
    async isPasswordResetLive(tokenHash, now) {
      return statements.liveReset.get(tokenHash, now.getTime()) !== undefined;
    },
    async resetPassword(tokenHash, passwordHash, now, entryFor) {
      return reset.immediate(tokenHash, passwordHash, now, entryFor);
    },
    async createInvitation(invitation, mail, entry, now) {
      return invite.immediate(invitation, mail, entry, now);
    },
    async findInvitation(tokenHash, now) {
      const row = statements.liveInvitation.get(tokenHash, now.getTime());
      return row && toInvitation(row);
    },
    async acceptInvitation(claim, passwordHash, now, entryFor) {
      try {
        return accept.immediate(claim, passwordHash, now, entryFor);
      } catch (error) {
        if (error instanceof Refused) return error.refusal;
        throw error;
      }
    },
    async mailPreferences(userId) {
      const row = statements.preferences.get(userId);
      return row ? { digest: row.digest, alerts: row.alerts === 1 } : { ...defaultMailPreferences };
    },
    async setMailPreferences(userId, changes) {
      const next = { ...(await this.mailPreferences(userId)), ...changes };
      statements.upsertPreferences.run(userId, next.digest, Number(next.alerts));
      return next;
    },
  };
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
    headers: JSON.parse(row.headers) as Record<string, string>,
    createdAt: new Date(row.created_at),
    attempts: row.attempts,
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    email: row.email,
    isAdmin: row.is_admin === 1,
    roles: JSON.parse(row.roles) as Record<string, Role>,
    invitedBy: row.invited_by,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    organisationId: row.organisation_id ?? undefined,
  };
}
