import type { OrganisationRole } from '../../../common/roles.ts';
import { sameEmail } from './accounts.ts';
import { type AuditEntry, insertAudit } from './audit.ts';
import { optionalTime, time } from './codec.ts';
import { type OutgoingMail, writeToOutbox } from './mail.ts';
import { eachDialect, row, rows, run, type SqlDatabase } from './sql.ts';

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

/** Requests to join an organisation, filed by signing in with ProConnect (docs/design.md §11). */
export interface AccessRequestStore {
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
}

type AccessRequestRow = {
  id: number;
  organisation_id: number;
  email: string;
  status: AccessRequest['status'];
  created_at: number | Date;
  decided_by: string | null;
  decided_at: number | Date | null;
};

const accessRequestColumns =
  'id, organisation_id, email, status, created_at, decided_by, decided_at';

const latestRequest = eachDialect(
  (dialect) => `SELECT ${accessRequestColumns} FROM access_requests
    WHERE organisation_id = $1 AND ${sameEmail[dialect]('email', '$2')} ORDER BY id DESC LIMIT 1`,
);

// Approving never lowers a role: someone made an administrator between the request and its
// approval stays one (only `admin` replaces `member`).
const join = eachDialect(
  (dialect) => `INSERT INTO organisation_members (user_id, organisation_id, role)
    SELECT id, $1, $2 FROM users WHERE ${sameEmail[dialect]('email', '$3')}
    ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role
    WHERE excluded.role = 'admin'`,
);

const roleInOrganisation = eachDialect(
  (dialect) => `SELECT m.role FROM organisation_members m JOIN users u ON u.id = m.user_id
    WHERE m.organisation_id = $1 AND ${sameEmail[dialect]('u.email', '$2')}`,
);

export function accessRequestStore(db: SqlDatabase): AccessRequestStore {
  return {
    requestAccess: ({ organisationId, email }, mails, entry, now, refusedSince) =>
      db.transaction(function* () {
        // Two sign-ins at once file one request: on PostgreSQL the second waits here, then finds
        // it pending; SQLite's transaction holds the one write lock already.
        if (db.dialect === 'postgres')
          yield* rows('SELECT pg_advisory_xact_lock(hashtext($1))', [
            `access-request:${organisationId}:${email.toLowerCase()}`,
          ]);
        const latest = yield* row<AccessRequestRow>(latestRequest, [organisationId, email]);
        const last = latest && toAccessRequest(latest);
        if (last?.status === 'pending') return { outcome: 'pending' as const, request: last };
        if (last?.status === 'refused' && (last.decidedAt?.getTime() ?? 0) > refusedSince.getTime())
          return { outcome: 'refused' as const, request: last };
        const created = toAccessRequest(
          (yield* row<AccessRequestRow>(
            `INSERT INTO access_requests (organisation_id, email, created_at) VALUES ($1, $2, $3)
             RETURNING ${accessRequestColumns}`,
            [organisationId, email, now],
          )) as AccessRequestRow,
        );
        for (const mail of mails(created)) yield* writeToOutbox(mail, now);
        yield* insertAudit(entry);
        return { outcome: 'created' as const, request: created };
      }),

    listAccessRequests: (organisationId) =>
      db.read(function* () {
        const found = yield* rows<AccessRequestRow>(
          `SELECT ${accessRequestColumns} FROM access_requests
           WHERE organisation_id = $1 AND status = 'pending' ORDER BY id`,
          [organisationId],
        );
        return found.map(toAccessRequest);
      }),

    decideAccessRequest: (organisationId, id, decision, decidedBy, entryFor, now) =>
      db.transaction(function* () {
        const decided = yield* row<AccessRequestRow>(
          `UPDATE access_requests SET status = $1, decided_by = $2, decided_at = $3
           WHERE id = $4 AND organisation_id = $5 AND status = 'pending'
           RETURNING ${accessRequestColumns}`,
          [decision === 'refuse' ? 'refused' : 'approved', decidedBy, now, id, organisationId],
        );
        if (!decided) return undefined;
        let role: OrganisationRole | undefined;
        if (decision !== 'refuse') {
          // No password: the account signs in with ProConnect only (no scrypt hash matches '').
          // Nothing is written if the e-mail has an account (the users' one unique index).
          yield* run(
            `INSERT INTO users (email, password_hash, is_admin, created_at)
             VALUES ($1, '', $2, $3) ON CONFLICT DO NOTHING`,
            [decided.email, false, now],
          );
          yield* run(join, [organisationId, decision.approve, decided.email]);
          role = (yield* row<{ role: OrganisationRole }>(roleInOrganisation, [
            organisationId,
            decided.email,
          ]))?.role;
        }
        yield* insertAudit(entryFor(role));
        return toAccessRequest(decided);
      }),
  };
}

function toAccessRequest(row: AccessRequestRow): AccessRequest {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    email: row.email,
    status: row.status,
    createdAt: time(row.created_at),
    decidedBy: row.decided_by ?? undefined,
    decidedAt: optionalTime(row.decided_at),
  };
}
