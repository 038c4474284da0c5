import type pg from 'pg';
import { writeToOutbox } from '../mail.ts';
import type { AccessRequest, AccountStore, OrganisationRole } from '../store.ts';
import { inTransaction, unavailableOnTransientFailure } from './connection.ts';
import { insertAudit } from './postgres-accounts.ts';
import { postgresDatabase } from './postgres-database.ts';

type AccessRequestRow = {
  id: string;
  organisation_id: string;
  email: string;
  status: AccessRequest['status'];
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
};

/** Requests to join an organisation, filed by signing in with ProConnect (docs/design.md §11). */
export function postgresAccessRequests(
  pool: pg.Pool,
): Pick<AccountStore, 'requestAccess' | 'listAccessRequests' | 'decideAccessRequest'> {
  const database = postgresDatabase(pool);
  return {
    async requestAccess({ organisationId, email }, mails, entry, now, refusedSince) {
      return inTransaction(pool, async (client) => {
        // Two sign-ins at once file one request: the second waits here, then finds it pending.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `access-request:${organisationId}:${email.toLowerCase()}`,
        ]);
        const { rows: latest } = await client.query<AccessRequestRow>(
          `SELECT * FROM access_requests WHERE organisation_id = $1 AND lower(email) = lower($2)
           ORDER BY id DESC LIMIT 1`,
          [organisationId, email],
        );
        const last = latest[0];
        if (last?.status === 'pending')
          return { outcome: 'pending' as const, request: toAccessRequest(last) };
        if (
          last?.status === 'refused' &&
          (last.decided_at?.getTime() ?? 0) > refusedSince.getTime()
        )
          return { outcome: 'refused' as const, request: toAccessRequest(last) };
        const { rows } = await client.query<AccessRequestRow>(
          `INSERT INTO access_requests (organisation_id, email, created_at) VALUES ($1, $2, $3)
           RETURNING *`,
          [organisationId, email, now],
        );
        const created = toAccessRequest(rows[0] as AccessRequestRow);
        for (const mail of mails(created)) await database.on(client, writeToOutbox(mail, now));
        await insertAudit(client, entry);
        return { outcome: 'created' as const, request: created };
      });
    },
    async listAccessRequests(organisationId) {
      const { rows } = await unavailableOnTransientFailure(() =>
        pool.query<AccessRequestRow>(
          `SELECT * FROM access_requests WHERE organisation_id = $1 AND status = 'pending'
           ORDER BY id`,
          [organisationId],
        ),
      );
      return rows.map(toAccessRequest);
    },
    async decideAccessRequest(organisationId, id, decision, decidedBy, entry, now) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<AccessRequestRow>(
          `UPDATE access_requests SET status = $1, decided_by = $2, decided_at = $3
           WHERE id = $4 AND organisation_id = $5 AND status = 'pending' RETURNING *`,
          [decision === 'refuse' ? 'refused' : 'approved', decidedBy, now, id, organisationId],
        );
        const row = rows[0];
        if (!row) return undefined;
        let role: OrganisationRole | undefined;
        if (decision !== 'refuse') {
          // No password: the account signs in with ProConnect only (no scrypt hash matches '').
          await client.query(
            `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, '', false, $2)
             ON CONFLICT ((lower(email))) DO NOTHING`,
            [row.email, now],
          );
          // Approving never lowers a role: someone made an administrator between the request
          // and its approval stays one (only `admin` replaces `member`).
          await client.query(
            `INSERT INTO organisation_members (user_id, organisation_id, role)
             SELECT id, $1, $2 FROM users WHERE lower(email) = lower($3)
             ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role
             WHERE excluded.role = 'admin'`,
            [organisationId, decision.approve, row.email],
          );
          const { rows: member } = await client.query<{ role: OrganisationRole }>(
            `SELECT m.role FROM organisation_members m JOIN users u ON u.id = m.user_id
             WHERE m.organisation_id = $1 AND lower(u.email) = lower($2)`,
            [organisationId, row.email],
          );
          role = member[0]?.role;
        }
        await insertAudit(client, entry(role));
        return toAccessRequest(row);
      });
    },
  };
}

function toAccessRequest(row: AccessRequestRow): AccessRequest {
  return {
    id: Number(row.id),
    organisationId: Number(row.organisation_id),
    email: row.email,
    status: row.status,
    createdAt: row.created_at,
    decidedBy: row.decided_by ?? undefined,
    decidedAt: row.decided_at ?? undefined,
  };
}
