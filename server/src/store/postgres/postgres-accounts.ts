import type pg from 'pg';
import type {
  AccountStore,
  ApiKey,
  AuditEntry,
  AuditFilter,
  LoggedAuditEntry,
  OrganisationRole,
  Role,
  Store,
  User,
  UserRefusal,
} from '../store.ts';
import { inTransaction, type Queryable, unavailableOnTransientFailure } from './connection.ts';
import { postgresAccessRequests } from './postgres-access-requests.ts';
import { postgresOrganisations } from './postgres-organisations.ts';

type UserRow = {
  id: number;
  email: string;
  password_hash: string;
  is_admin: boolean;
  created_at: Date;
  roles: Record<string, Role>;
  organisations: Record<string, OrganisationRole>;
};

type ApiKeyRow = {
  id: number;
  user_id: number;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
  organisation_id: number | null;
  last_used_on: string | null;
};

/** A `date` read as its `YYYY-MM-DD` text, as SQLite holds it (pg would make it a local Date). */
const apiKeyColumns = `id, user_id, name, created_at, revoked_at, organisation_id,
  to_char(last_used_on, 'YYYY-MM-DD') AS last_used_on`;

const userColumns = `u.*, COALESCE((
    SELECT jsonb_object_agg(p.key, r.role) FROM procedure_roles r
    JOIN procedures p ON p.id = r.procedure_id WHERE r.user_id = u.id), '{}') AS roles,
  COALESCE((SELECT jsonb_object_agg(organisation_id::text, role) FROM (
    SELECT organisation_id, role FROM organisation_members WHERE user_id = u.id
    UNION SELECT DISTINCT p.organisation_id, 'member' FROM procedure_roles r
      JOIN procedures p ON p.id = r.procedure_id WHERE r.user_id = u.id
      AND p.organisation_id NOT IN (
        SELECT organisation_id FROM organisation_members WHERE user_id = u.id)) o), '{}')
    AS organisations`;

/** The part of the store about people: accounts, roles, sessions, API keys, the audit log. */
export function postgresAccounts(pool: pg.Pool): AccountStore {
  const query = <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    unavailableOnTransientFailure(() => pool.query<R>(sql, values));
  const one = async <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    (await query<R>(sql, values)).rows[0];
  /** Runs `write` and its audit entry (if given) on one connection, in one transaction. */
  const audited = (
    entry: AuditEntry | undefined,
    write: (db: Queryable) => Promise<pg.QueryResult>,
    always = false,
  ) =>
    entry
      ? inTransaction(pool, async (client) => {
          const changed = ((await write(client)).rowCount ?? 0) > 0;
          if (changed || always) await insertAudit(client, entry);
          return changed;
        })
      : unavailableOnTransientFailure(async () => ((await write(pool)).rowCount ?? 0) > 0);

  return {
    async countUsers(): Promise<number> {
      return (await one<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;
    },

    async createUser({ email, passwordHash, isAdmin }: Parameters<Store['createUser']>[0]) {
      const row = await one<{ id: number }>(
        `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, now())
         ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
        [email, passwordHash, isAdmin],
      );
      return row && this.findUser(row.id);
    },

    async createUserWithRoles({ email, passwordHash, isAdmin }, roles, entryFor) {
      try {
        return await inTransaction(pool, async (client) => {
          const { rows } = await client.query<{ id: number }>(
            `INSERT INTO users (email, password_hash, is_admin, created_at)
             VALUES ($1, $2, $3, now())
             ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
            [email, passwordHash, isAdmin],
          );
          const id = rows[0]?.id;
          if (id === undefined) throw new Refused({ refused: 'email-taken' });
          for (const [procedureKey, role] of Object.entries(roles)) {
            if (((await upsertRole(client, id, procedureKey, role)).rowCount ?? 0) === 0)
              throw new Refused({ refused: 'unknown-procedure', procedureKey });
          }
          const user = toUser(
            (
              await client.query<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = $1`, [
                id,
              ])
            ).rows[0] as UserRow,
          );
          await insertAudit(client, entryFor(user));
          return user;
        });
      } catch (error) {
        // Thrown inside the transaction so that it rolls back; the answer is the reason.
        if (error instanceof Refused) return error.refusal;
        throw error;
      }
    },

    async findUser(id: number): Promise<User | undefined> {
      const row = await one<UserRow>(`SELECT ${userColumns} FROM users u WHERE u.id = $1`, [id]);
      return row && toUser(row);
    },

    async findUserByEmail(email: string) {
      const row = await one<UserRow>(
        `SELECT ${userColumns} FROM users u WHERE lower(u.email) = lower($1)`,
        [email],
      );
      return row && { ...toUser(row), passwordHash: row.password_hash };
    },

    async listUsers(): Promise<User[]> {
      const { rows } = await query<UserRow>(`SELECT ${userColumns} FROM users u ORDER BY u.email`);
      return rows.map(toUser);
    },

    async deleteUser(id: number, entry?: AuditEntry): Promise<boolean> {
      return audited(entry, (db) => db.query('DELETE FROM users WHERE id = $1', [id]));
    },

    async setRole(
      userId: number,
      procedureKey: string,
      role: Role | undefined,
      entry?: AuditEntry,
    ): Promise<boolean> {
      // Taking away a role nobody had is still a decision on record: its entry is always written.
      return audited(
        entry,
        (db) =>
          role
            ? upsertRole(db, userId, procedureKey, role)
            : db.query(
                `DELETE FROM procedure_roles
                 WHERE user_id = $1 AND procedure_id = (SELECT id FROM procedures WHERE key = $2)`,
                [userId, procedureKey],
              ),
        true,
      );
    },

    async createSession(tokenHash: string, userId: number, now: Date): Promise<void> {
      await query(
        'INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)',
        [tokenHash, userId, now],
      );
    },

    async findSession(tokenHash: string) {
      const row = await one<{ user_id: number; created_at: Date; last_seen_at: Date }>(
        'SELECT user_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1',
        [tokenHash],
      );
      return (
        row && { userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at }
      );
    },

    async touchSession(tokenHash: string, now: Date): Promise<void> {
      await query('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [now, tokenHash]);
    },

    async deleteSession(tokenHash: string): Promise<void> {
      await query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    },

    async createApiKey(
      { userId, name, keyHash, organisationId }: Parameters<Store['createApiKey']>[0],
      entryFor?: (key: ApiKey) => AuditEntry,
    ) {
      const insert = async (db: Queryable) => {
        const { rows } = await db.query<ApiKeyRow>(
          `INSERT INTO api_keys (user_id, name, key_hash, created_at, organisation_id)
           VALUES ($1, $2, $3, now(), $4)
           RETURNING ${apiKeyColumns}`,
          [userId, name, keyHash, organisationId ?? null],
        );
        return toApiKey(rows[0] as ApiKeyRow);
      };
      if (!entryFor) return unavailableOnTransientFailure(() => insert(pool));
      return inTransaction(pool, async (client) => {
        const key = await insert(client);
        await insertAudit(client, entryFor(key));
        return key;
      });
    },

    async findApiKey(keyHash: string): Promise<ApiKey | undefined> {
      const row = await one<ApiKeyRow>(
        `SELECT ${apiKeyColumns} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
        [keyHash],
      );
      return row && toApiKey(row);
    },

    async listApiKeys(): Promise<ApiKey[]> {
      const { rows } = await query<ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys ORDER BY id`);
      return rows.map(toApiKey);
    },

    async revokeApiKey(id: number, now: Date, entry?: AuditEntry): Promise<boolean> {
      return audited(entry, (db) =>
        db.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
          now,
          id,
        ]),
      );
    },

    async recordApiKeyUse(id: number, day: string, entry: AuditEntry): Promise<boolean> {
      // Only an earlier day is replaced: of two nodes marking the same key, one changes the row.
      return audited(entry, (db) =>
        db.query(
          `UPDATE api_keys SET last_used_on = $1
           WHERE id = $2 AND (last_used_on IS NULL OR last_used_on < $1)`,
          [day, id],
        ),
      );
    },

    async appendAudit(entry: AuditEntry): Promise<void> {
      await unavailableOnTransientFailure(() => insertAudit(pool, entry));
    },

    async appendAudits(entries: readonly AuditEntry[]): Promise<void> {
      // One statement whatever their number: a refused sign-in takes as long for a person of
      // three organisations as for an unknown e-mail.
      if (entries.length === 0) return;
      const values = entries.flatMap((entry) => auditValues(entry));
      await query(
        `INSERT INTO audit_log (at, actor, action, target, details, organisation_id) VALUES ${entries
          .map((_, i) => `(${[1, 2, 3, 4, 5, 6].map((n) => `$${i * 6 + n}`).join(', ')})`)
          .join(', ')}`,
        values,
      );
    },

    async listAudit(limit, filter) {
      return readAudit(pool, undefined, limit, filter);
    },
    ...postgresOrganisations(pool),
    ...postgresAccessRequests(pool),
  };
}

/** A page of the audit log, newest first: the platform's whole, or one organisation's. */
export async function readAudit(
  pool: pg.Pool,
  organisationId: number | undefined,
  limit: number,
  { before, action }: AuditFilter = {},
): Promise<LoggedAuditEntry[]> {
  // Two statements, and a bound rather than `$n IS NULL OR …`: each keeps its index (the primary
  // key, or (organisation_id, id)) under a generic plan too, however far back the reader pages.
  const page = `id < COALESCE($1::bigint, 9223372036854775807) AND ($2::text IS NULL OR action = $2)
     ORDER BY id DESC LIMIT $3`;
  const values = [before ?? null, action ?? null, limit];
  const { rows } = await unavailableOnTransientFailure(() =>
    pool.query<AuditEntry & { id: string; organisation_id: string | null }>(
      organisationId === undefined
        ? `SELECT * FROM audit_log WHERE ${page}`
        : `SELECT * FROM audit_log WHERE organisation_id = $4 AND ${page}`,
      organisationId === undefined ? values : [...values, organisationId],
    ),
  );
  // As SQLite's: the organisation only when there is one.
  return rows.map(({ id, at, actor, action, target, details, organisation_id }) => ({
    id: Number(id),
    ...(organisation_id !== null && { organisationId: Number(organisation_id) }),
    at,
    actor,
    action,
    target,
    details,
  }));
}

function upsertRole(db: Queryable, userId: number, procedureKey: string, role: Role) {
  return db.query(
    `INSERT INTO procedure_roles (user_id, procedure_id, role)
     SELECT $1, id, $2 FROM procedures WHERE key = $3
     ON CONFLICT (user_id, procedure_id) DO UPDATE SET role = excluded.role`,
    [userId, role, procedureKey],
  );
}

/** Thrown inside a transaction so that it rolls back, then returned as the answer. */
class Refused extends Error {
  constructor(readonly refusal: UserRefusal) {
    super(refusal.refused);
  }
}

/** Appends to the audit log; usable inside another write's transaction (moderation). */
export function insertAudit(db: Queryable, entry: AuditEntry) {
  return db.query(
    `INSERT INTO audit_log (at, actor, action, target, details, organisation_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    auditValues(entry),
  );
}

function auditValues(entry: AuditEntry) {
  return [
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    JSON.stringify(entry.details),
    entry.organisationId ?? null,
  ];
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    isAdmin: row.is_admin,
    roles: row.roles,
    organisations: row.organisations,
    createdAt: row.created_at,
  };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id ?? undefined,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at ?? undefined,
    lastUsedOn: row.last_used_on ?? undefined,
  };
}
