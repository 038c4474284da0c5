import type Database from 'better-sqlite3';
import { writeToOutbox } from '../mail.ts';
import type { AccessRequest, AccountStore, OrganisationRole } from '../store.ts';
import { auditStatement } from './sqlite-accounts.ts';
import { sqliteDatabase } from './sqlite-database.ts';

type AccessRequestRow = {
  id: number;
  organisation_id: number;
  email: string;
  status: AccessRequest['status'];
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
};

/** Requests to join an organisation, filed by signing in with ProConnect (docs/design.md §11). */
export function sqliteAccessRequests(
  db: Database.Database,
): Pick<AccountStore, 'requestAccess' | 'listAccessRequests' | 'decideAccessRequest'> {
  const statements = {
    latest: db.prepare<[number, string], AccessRequestRow>(
      'SELECT * FROM access_requests WHERE organisation_id = ? AND email = ? ORDER BY id DESC LIMIT 1',
    ),
    insert: db.prepare<[number, string, number], AccessRequestRow>(
      'INSERT INTO access_requests (organisation_id, email, created_at) VALUES (?, ?, ?) RETURNING *',
    ),
    pending: db.prepare<[number], AccessRequestRow>(
      `SELECT * FROM access_requests WHERE organisation_id = ? AND status = 'pending' ORDER BY id`,
    ),
    decide: db.prepare<[string, string, number, number, number], AccessRequestRow>(
      `UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?
       WHERE id = ? AND organisation_id = ? AND status = 'pending' RETURNING *`,
    ),
    // No password: the account signs in with ProConnect only (no scrypt hash ever matches '').
    insertUser: db.prepare<[string, number]>(
      `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES (?, '', 0, ?)
       ON CONFLICT (email) DO NOTHING`,
    ),
    // Approving never lowers a role: someone made an administrator between the request and its
    // approval stays one (only `admin` replaces `member`).
    join: db.prepare<[number, string, string]>(
      `INSERT INTO organisation_members (user_id, organisation_id, role)
       SELECT id, ?, ? FROM users WHERE email = ?
       ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role
       WHERE excluded.role = 'admin'`,
    ),
    role: db.prepare<[number, string], { role: OrganisationRole }>(
      `SELECT m.role FROM organisation_members m JOIN users u ON u.id = m.user_id
       WHERE m.organisation_id = ? AND u.email = ?`,
    ),
  };
  const audit = auditStatement(db);
  const database = sqliteDatabase(db);

  const request = db.transaction(
    (
      ...[{ organisationId, email }, mails, entry, now, refusedSince]: Parameters<
        AccountStore['requestAccess']
      >
    ) => {
      const latest = statements.latest.get(organisationId, email);
      if (latest?.status === 'pending')
        return { outcome: 'pending' as const, request: toAccessRequest(latest) };
      if (latest?.status === 'refused' && (latest.decided_at ?? 0) > refusedSince.getTime())
        return { outcome: 'refused' as const, request: toAccessRequest(latest) };
      const created = toAccessRequest(
        statements.insert.get(organisationId, email, now.getTime()) as AccessRequestRow,
      );
      for (const mail of mails(created)) database.now(writeToOutbox(mail, now));
      audit(entry);
      return { outcome: 'created' as const, request: created };
    },
  );
  const decide = db.transaction(
    (
      ...[organisationId, id, decision, decidedBy, entry, now]: Parameters<
        AccountStore['decideAccessRequest']
      >
    ) => {
      const row = statements.decide.get(
        decision === 'refuse' ? 'refused' : 'approved',
        decidedBy,
        now.getTime(),
        id,
        organisationId,
      );
      if (!row) return undefined;
      let role: OrganisationRole | undefined;
      if (decision !== 'refuse') {
        statements.insertUser.run(row.email, now.getTime());
        statements.join.run(organisationId, decision.approve, row.email);
        role = statements.role.get(organisationId, row.email)?.role;
      }
      audit(entry(role));
      return toAccessRequest(row);
    },
  );

  return {
    async requestAccess(...args) {
      return request.immediate(...args);
    },
    async listAccessRequests(organisationId) {
      return statements.pending.all(organisationId).map(toAccessRequest);
    },
    async decideAccessRequest(...args) {
      return decide.immediate(...args);
    },
  };
}

function toAccessRequest(row: AccessRequestRow): AccessRequest {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    status: row.status,
    createdAt: new Date(row.created_at),
    decidedBy: row.decided_by ?? undefined,
    decidedAt: row.decided_at === null ? undefined : new Date(row.decided_at),
  };
}
