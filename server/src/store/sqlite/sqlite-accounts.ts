import type Database from 'better-sqlite3';
import type {
  AccountStore,
  ApiKey,
  AuditAction,
  AuditEntry,
  AuditFilter,
  LoggedAuditEntry,
  OrganisationRole,
  Role,
  User,
  UserRefusal,
} from '../store.ts';
import { sqliteAccessRequests } from './sqlite-access-requests.ts';
import { sqliteOrganisations } from './sqlite-organisations.ts';

type UserRow = {
  id: number;
  email: string;
  password_hash: string;
  is_admin: number;
  created_at: number;
  roles: string;
  organisations: string;
};
type ApiKeyRow = {
  id: number;
  user_id: number;
  name: string;
  created_at: number;
  revoked_at: number | null;
  organisation_id: number | null;
  last_used_on: string | null;
};
type AuditRow = {
  id: number;
  at: number;
  actor: string;
  /** Only ever written from an AuditAction. */
  action: AuditAction;
  target: string;
  details: string;
  organisation_id: number | null;
};

const userColumns = `u.*, COALESCE((
    SELECT json_group_object(p.key, r.role) FROM procedure_roles r
    JOIN procedures p ON p.id = r.procedure_id WHERE r.user_id = u.id), '{}') AS roles,
  COALESCE((SELECT json_group_object(organisation_id, role) FROM (
    SELECT organisation_id, role FROM organisation_members WHERE user_id = u.id
    UNION SELECT DISTINCT p.organisation_id, 'member' FROM procedure_roles r
      JOIN procedures p ON p.id = r.procedure_id WHERE r.user_id = u.id
      AND p.organisation_id NOT IN (
        SELECT organisation_id FROM organisation_members WHERE user_id = u.id))), '{}')
    AS organisations`;

export function sqliteAccounts(db: Database.Database): AccountStore {
  const statements = {
    numberOfUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
    insertUser: db.prepare<[string, string, number, number], { id: number }>(
      `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
    ),
    userById: db.prepare<[number], UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = ?`),
    userByEmail: db.prepare<[string], UserRow>(
      `SELECT ${userColumns} FROM users u WHERE u.email = ?`,
    ),
    usersByEmail: db.prepare<[], UserRow>(`SELECT ${userColumns} FROM users u ORDER BY u.email`),
    deleteUser: db.prepare<[number]>('DELETE FROM users WHERE id = ?'),
    upsertRole: db.prepare<[number, string, string]>(
      `INSERT INTO procedure_roles (user_id, procedure_id, role)
       SELECT ?, id, ? FROM procedures WHERE key = ?
       ON CONFLICT (user_id, procedure_id) DO UPDATE SET role = excluded.role`,
    ),
    deleteRole: db.prepare<[number, string]>(
      `DELETE FROM procedure_roles
       WHERE user_id = ? AND procedure_id = (SELECT id FROM procedures WHERE key = ?)`,
    ),
    insertSession: db.prepare<[string, number, number, number]>(
      'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
    ),
    sessionByHash: db.prepare<
      [string],
      { user_id: number; created_at: number; last_seen_at: number }
    >('SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?'),
    touchSession: db.prepare<[number, string]>(
      'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?',
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    insertApiKey: db.prepare<[number, string, string, number, number | null], ApiKeyRow>(
      `INSERT INTO api_keys (user_id, name, key_hash, created_at, organisation_id)
       VALUES (?, ?, ?, ?, ?)
       RETURNING id, user_id, name, created_at, revoked_at, organisation_id, last_used_on`,
    ),
    liveApiKeyByHash: db.prepare<[string], ApiKeyRow>(
      'SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL',
    ),
    apiKeysByCreation: db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY id'),
    revokeApiKey: db.prepare<[number, number]>(
      'UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    // Only an earlier day is replaced: of two nodes marking the same key, one changes the row.
    markApiKeyUsed: db.prepare<[string, number, string]>(
      `UPDATE api_keys SET last_used_on = ?
       WHERE id = ? AND (last_used_on IS NULL OR last_used_on < ?)`,
    ),
    newestAudit: db.prepare<[AuditPage], AuditRow>(
      // A bound, never `@before IS NULL OR …`: the rowid range is then searched, not scanned,
      // however far back the reader pages.
      `SELECT * FROM audit_log
       WHERE id < ifnull(@before, 9223372036854775807) AND (@action IS NULL OR action = @action)
       ORDER BY id DESC LIMIT @limit`,
    ),
  };
  const audit = auditStatement(db);
  const appendAll = db.transaction((entries: readonly AuditEntry[]) => {
    for (const entry of entries) audit(entry);
  });

  /**
   * Runs `write` and its audit entry (if given) in one transaction; the entry only when something
   * changed, unless `always` (taking away a role nobody had is still a decision on record).
   */
  const audited = db.transaction(
    (write: () => boolean, entry: AuditEntry | undefined, always = false) => {
      const changed = write();
      if (entry && (changed || always)) audit(entry);
      return changed;
    },
  );

  /** Thrown inside the transaction below so that it rolls back, then returned as the answer. */
  class Refused extends Error {
    constructor(readonly refusal: UserRefusal) {
      super(refusal.refused);
    }
  }
  const createUserWithRoles = db.transaction(
    (
      { email, passwordHash, isAdmin }: { email: string; passwordHash: string; isAdmin: boolean },
      roles: Record<string, Role>,
      entryFor: (user: User) => AuditEntry,
    ): User => {
      const row = statements.insertUser.get(email, passwordHash, Number(isAdmin), Date.now());
      if (!row) throw new Refused({ refused: 'email-taken' });
      for (const [procedureKey, role] of Object.entries(roles)) {
        if (statements.upsertRole.run(row.id, role, procedureKey).changes === 0)
          throw new Refused({ refused: 'unknown-procedure', procedureKey });
      }
      const user = toUser(statements.userById.get(row.id) as UserRow);
      audit(entryFor(user));
      return user;
    },
  );

  const createApiKey = db.transaction(
    (
      {
        userId,
        name,
        keyHash,
        organisationId,
      }: { userId: number; name: string; keyHash: string; organisationId?: number | undefined },
      entryFor: ((key: ApiKey) => AuditEntry) | undefined,
    ) => {
      const key = toApiKey(
        statements.insertApiKey.get(
          userId,
          name,
          keyHash,
          Date.now(),
          organisationId ?? null,
        ) as ApiKeyRow,
      );
      if (entryFor) audit(entryFor(key));
      return key;
    },
  );

  return {
    ...sqliteOrganisations(db),
    ...sqliteAccessRequests(db),
    async countUsers() {
      return (statements.numberOfUsers.get() as { n: number }).n;
    },
    async createUser({ email, passwordHash, isAdmin }) {
      const row = statements.insertUser.get(email, passwordHash, Number(isAdmin), Date.now());
      return row && toUser(statements.userById.get(row.id) as UserRow);
    },
    async createUserWithRoles(user, roles, entryFor) {
      try {
        return createUserWithRoles.immediate(user, roles, entryFor);
      } catch (error) {
        if (error instanceof Refused) return error.refusal;
        throw error;
      }
    },
    async findUser(id) {
      const row = statements.userById.get(id);
      return row && toUser(row);
    },
    async findUserByEmail(email) {
      const row = statements.userByEmail.get(email);
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },
    async listUsers() {
      return statements.usersByEmail.all().map(toUser);
    },
    async deleteUser(id, entry) {
      return audited.immediate(() => statements.deleteUser.run(id).changes > 0, entry);
    },
    async setRole(userId, procedureKey, role: Role | undefined, entry) {
      const write = () =>
        (role
          ? statements.upsertRole.run(userId, role, procedureKey)
          : statements.deleteRole.run(userId, procedureKey)
        ).changes > 0;
      return audited.immediate(write, entry, true);
    },
    async createSession(tokenHash, userId, now) {
      statements.insertSession.run(tokenHash, userId, now.getTime(), now.getTime());
    },
    async findSession(tokenHash) {
      const row = statements.sessionByHash.get(tokenHash);
      return (
        row && {
          userId: row.user_id,
          createdAt: new Date(row.created_at),
          lastSeenAt: new Date(row.last_seen_at),
        }
      );
    },
    async touchSession(tokenHash, now) {
      statements.touchSession.run(now.getTime(), tokenHash);
    },
    async deleteSession(tokenHash) {
      statements.deleteSession.run(tokenHash);
    },
    async createApiKey(key, entryFor) {
      return createApiKey.immediate(key, entryFor);
    },
    async findApiKey(keyHash) {
      const row = statements.liveApiKeyByHash.get(keyHash);
      return row && toApiKey(row);
    },
    async listApiKeys() {
      return statements.apiKeysByCreation.all().map(toApiKey);
    },
    async revokeApiKey(id, now, entry) {
      return audited.immediate(
        () => statements.revokeApiKey.run(now.getTime(), id).changes > 0,
        entry,
      );
    },
    async recordApiKeyUse(id, day, entry) {
      return audited.immediate(
        () => statements.markApiKeyUsed.run(day, id, day).changes > 0,
        entry,
      );
    },
    async appendAudit(entry) {
      audit(entry);
    },
    async appendAudits(entries) {
      appendAll.immediate(entries);
    },
    async listAudit(limit, filter) {
      return statements.newestAudit.all(auditPage(limit, filter)).map(toAuditEntry);
    },
  };
}

/** Appends to the audit log; usable inside another write's transaction (moderation). */
export function auditStatement(db: Database.Database) {
  const insert = db.prepare<[number, string, string, string, string, number | null]>(
    `INSERT INTO audit_log (at, actor, action, target, details, organisation_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return (entry: AuditEntry) =>
    insert.run(
      entry.at.getTime(),
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
      entry.organisationId ?? null,
    );
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    isAdmin: row.is_admin === 1,
    roles: JSON.parse(row.roles) as Record<string, Role>,
    organisations: JSON.parse(row.organisations) as Record<string, OrganisationRole>,
    createdAt: new Date(row.created_at),
  };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id ?? undefined,
    name: row.name,
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at === null ? undefined : new Date(row.revoked_at),
    lastUsedOn: row.last_used_on ?? undefined,
  };
}

/** A page of the audit log, as the statements bind it (SQLite has no undefined: null). */
export type AuditPage = { limit: number; before: number | null; action: string | null };
export const auditPage = (limit: number, filter: AuditFilter = {}): AuditPage => ({
  limit,
  before: filter.before ?? null,
  action: filter.action ?? null,
});

export function toAuditEntry(row: AuditRow): LoggedAuditEntry {
  return {
    id: row.id,
    ...(row.organisation_id !== null && { organisationId: row.organisation_id }),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
