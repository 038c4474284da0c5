import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { User } from '../accounts.ts';
import { insertAudit } from '../audit.ts';
import {
  defaultMailPreferences,
  type Invitation,
  type InvitationOutcome,
  type MailPreferences,
  type MailStore,
  type OutboxMail,
  type OutgoingMail,
} from '../mail-store.ts';
import { eraseBody, purgeBodiesBefore } from '../outbox-erasure.ts';
import type { Role } from '../store.ts';
import { inTransaction, type Queryable, unavailableOnTransientFailure } from './connection.ts';
import { postgresDatabase } from './postgres-database.ts';

type OutboxRow = {
  id: number;
  message_id: string;
  kind: string;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  created_at: Date;
  attempts: number;
};
type InvitationRow = {
  email: string;
  is_admin: boolean;
  roles: Record<string, Role>;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  organisation_id: number | null;
};

/** Writes a mail in the outbox, in the caller's transaction when `db` is its client. */
export function enqueue(db: Queryable, mail: OutgoingMail, now: Date) {
  return db.query(
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
}

const liveInvitation = 'SELECT * FROM invitations WHERE token_hash = $1 AND expires_at > $2';

/** One organisation's invitations of an address (NULL: the platform's): another's stay. */
const voidInvitations =
  'DELETE FROM invitations WHERE lower(email) = lower($1) AND organisation_id IS NOT DISTINCT FROM $2';

/** The outbox and the links sent by mail, on PostgreSQL. */
export function postgresMail(pool: pg.Pool): MailStore {
  const shared = postgresDatabase(pool);
  const query = <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    unavailableOnTransientFailure(() => pool.query<R>(sql, values));

  return {
    async enqueueMail(mail, now) {
      return (
        ((await unavailableOnTransientFailure(() => enqueue(pool, mail, now))).rowCount ?? 0) > 0
      );
    },

    async claimMails(now, leaseMs, limit) {
      // SKIP LOCKED: two nodes claiming at once take different mails instead of waiting for each
      // other; the conditions are checked again on the locked row, so a mail is claimed once.
      const { rows } = await query<OutboxRow>(
        `UPDATE outbox SET claimed_until = $2, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM outbox
           WHERE sent_at IS NULL AND refused_at IS NULL AND next_attempt_at <= $1
             AND (claimed_until IS NULL OR claimed_until <= $1)
           ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [now, new Date(now.getTime() + leaseMs), limit],
      );
      return rows.map(toOutboxMail);
    },

    async markMailSent(id, now) {
      await query(
        `UPDATE outbox SET sent_at = $1, claimed_until = NULL, last_error = NULL, ${eraseBody}
         WHERE id = $2`,
        [now, id],
      );
    },

    async markMailFailed(id, { error, retryAt }, now) {
      await query(
        retryAt
          ? 'UPDATE outbox SET next_attempt_at = $1, last_error = $2, claimed_until = NULL WHERE id = $3'
          : `UPDATE outbox SET refused_at = $1, last_error = $2, claimed_until = NULL, ${eraseBody}
             WHERE id = $3`,
        [retryAt ?? now, error, id],
      );
    },

    async purgeMailBodiesBefore(before, now) {
      const { rowCount } = await query(purgeBodiesBefore('$1', '$2'), [before, now]);
      return rowCount ?? 0;
    },

    async forgetErasedMails() {
      // Nothing to do by hand: an UPDATE leaves the old row version (and its TOAST chunks, for a
      // long body) as a dead tuple that no query can read; autovacuum reclaims it, and the space
      // is overwritten as it is reused. The WAL segments that logged the insert are recycled
      // after the next checkpoints. A VACUUM here would cost more than the links are worth:
      // they are single use and expire (1 hour, 7 days), and their tokens are stored hashed.
    },

    async countOutbox() {
      const { rows } = await query<{ waiting: number; refused: number }>(
        `SELECT count(*) FILTER (WHERE sent_at IS NULL AND refused_at IS NULL)::int AS waiting,
                count(*) FILTER (WHERE refused_at IS NOT NULL)::int AS refused FROM outbox`,
      );
      return rows[0] as { waiting: number; refused: number };
    },

    async createPasswordReset(reset, mail, now, limit) {
      return inTransaction(pool, async (client) => {
        // The account's row is the lock: two requests at once count one after the other.
        await client.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [reset.userId]);
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1 AND created_at >= $2',
          [reset.userId, limit.since],
        );
        if ((rows[0]?.n ?? 0) >= limit.max) return false;
        await client.query(
          'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
          [reset.tokenHash, reset.userId, now, reset.expiresAt],
        );
        await enqueue(client, mail, now);
        return true;
      });
    },

    async isPasswordResetLive(tokenHash, now) {
      const { rowCount } = await query(
        'SELECT 1 FROM password_resets WHERE token_hash = $1 AND expires_at > $2',
        [tokenHash, now],
      );
      return (rowCount ?? 0) > 0;
    },

    async resetPassword(tokenHash, passwordHash, now, entryFor) {
      return inTransaction(pool, async (client) => {
        // FOR UPDATE: two uses of one link at once, the second waits and then finds it voided.
        const { rows } = await client.query<{ user_id: number }>(
          'SELECT user_id FROM password_resets WHERE token_hash = $1 AND expires_at > $2 FOR UPDATE',
          [tokenHash, now],
        );
        const userId = rows[0]?.user_id;
        if (userId === undefined) return undefined;
        // Used links are voided, but kept until they expire: they count for the rate limit.
        await client.query('UPDATE password_resets SET expires_at = $1 WHERE user_id = $2', [
          now,
          userId,
        ]);
        const account = await client.query<{ email: string }>(
          'UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING email',
          [passwordHash, userId],
        );
        await client.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
        await shared.on(
          client,
          insertAudit(entryFor({ id: Number(userId), email: account.rows[0]?.email ?? '' })),
        );
        return userId;
      });
    },

    async createInvitation(invitation, mailFor, entry, now) {
      return inTransaction(pool, async (client) => {
        for (const procedureKey of Object.keys(invitation.roles)) {
          const found = await client.query('SELECT 1 FROM procedures WHERE key = $1', [
            procedureKey,
          ]);
          if (!found.rowCount) return { refused: 'unknown-procedure' as const, procedureKey };
        }
        const organisationId = invitation.organisationId ?? null;
        const { rows: accounts } = await client.query<{ id: number }>(
          'SELECT id FROM users WHERE lower(email) = lower($1)',
          [invitation.email],
        );
        const account = accounts[0];
        let outcome: InvitationOutcome;
        if (!account) {
          await client.query(voidInvitations, [invitation.email, organisationId]);
          await client.query(
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
            : // In it: a member or an administrator, or holding a role on one of its procedures.
              (
                await client.query(
                  `SELECT 1 FROM organisation_members WHERE user_id = $1 AND organisation_id = $2
                   UNION ALL
                   SELECT 1 FROM procedure_roles r JOIN procedures p ON p.id = r.procedure_id
                   WHERE r.user_id = $1 AND p.organisation_id = $2 LIMIT 1`,
                  [account.id, organisationId],
                )
              ).rowCount
        ) {
          if (invitation.isAdmin)
            await client.query('UPDATE users SET is_admin = true WHERE id = $1', [account.id]);
          const roles: Record<string, Role> = {};
          for (const [key, role] of Object.entries(invitation.roles)) {
            // Never lowers: an owner invited as a viewer stays an owner.
            const given = await client.query<{ role: Role }>(
              `INSERT INTO procedure_roles (user_id, procedure_id, role)
               SELECT $1, id, $2 FROM procedures WHERE key = $3
               ON CONFLICT (user_id, procedure_id) DO UPDATE
                 SET role = CASE WHEN procedure_roles.role = 'owner' THEN 'owner'
                                 ELSE excluded.role END
               RETURNING role`,
              [account.id, role, key],
            );
            const held = given.rows[0];
            if (held) roles[key] = held.role;
          }
          outcome = { outcome: 'given', isAdmin: invitation.isAdmin, roles };
        } else {
          outcome = { outcome: 'elsewhere' };
        }
        await enqueue(client, mailFor(outcome), now);
        await shared.on(client, insertAudit(entry));
        return outcome;
      });
    },

    async findInvitation(tokenHash, now) {
      const { rows } = await query<InvitationRow>(liveInvitation, [tokenHash, now]);
      return rows[0] && toInvitation(rows[0]);
    },

    async acceptInvitation(claim, passwordHash, now, entryFor) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<InvitationRow>(
          'tokenHash' in claim
            ? `${liveInvitation} FOR UPDATE`
            : `SELECT * FROM invitations WHERE lower(email) = lower($1) AND expires_at > $2
               ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
          ['tokenHash' in claim ? claim.tokenHash : claim.email, now],
        );
        const invitation = rows[0];
        if (!invitation) return undefined;
        await client.query(voidInvitations, [invitation.email, invitation.organisation_id]);
        const inserted = await client.query<{ id: number }>(
          `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
          [invitation.email, passwordHash, invitation.is_admin, now],
        );
        const id = inserted.rows[0]?.id;
        if (id === undefined) return { refused: 'email-taken' as const };
        const roles: Record<string, Role> = {};
        // A role on a procedure makes its holder a member of the procedure's organisation.
        const organisations: User['organisations'] = {};
        for (const [key, role] of Object.entries(invitation.roles)) {
          // A procedure deleted since the invitation: that role went with it.
          const added = await client.query<{ organisation_id: number }>(
            `INSERT INTO procedure_roles (user_id, procedure_id, role)
             SELECT $1, id, $2 FROM procedures WHERE key = $3
             RETURNING (SELECT organisation_id FROM procedures WHERE id = procedure_id) AS organisation_id`,
            [id, role, key],
          );
          const inserted = added.rows[0];
          if (inserted) {
            roles[key] = role;
            organisations[inserted.organisation_id] = 'member';
          }
        }
        const user: User = {
          id,
          email: invitation.email,
          isAdmin: invitation.is_admin,
          roles,
          organisations,
          createdAt: now,
        };
        await shared.on(client, insertAudit(entryFor(user)));
        return user;
      });
    },

    async mailPreferences(userId) {
      const { rows } = await query<MailPreferences>(
        'SELECT digest, alerts FROM mail_preferences WHERE user_id = $1',
        [userId],
      );
      return rows[0] ?? { ...defaultMailPreferences };
    },

    async setMailPreferences(userId, changes) {
      const next = { ...(await this.mailPreferences(userId)), ...changes };
      await query(
        `INSERT INTO mail_preferences (user_id, digest, alerts) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, alerts = excluded.alerts`,
        [userId, next.digest, next.alerts],
      );
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
    headers: row.headers,
    createdAt: row.created_at,
    attempts: row.attempts,
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    email: row.email,
    isAdmin: row.is_admin,
    roles: row.roles,
    invitedBy: row.invited_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    organisationId: row.organisation_id === null ? undefined : Number(row.organisation_id),
  };
}
