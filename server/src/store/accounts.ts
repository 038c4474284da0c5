import type { OrganisationRole, Role } from '../../../common/roles.ts';
import { type AuditEntry, audited, insertAudit } from './audit.ts';
import { flag, json, time } from './codec.ts';
import { type Dialect, eachDialect, row, rows, run, type SqlDatabase, type Work } from './sql.ts';

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

/** An account as the store writes it: the password already hashed. */
export type NewUser = { email: string; passwordHash: string; isAdmin: boolean };

/** Why `createUserWithRoles` wrote nothing. */
export type UserRefusal =
  | { refused: 'email-taken' }
  | { refused: 'unknown-procedure'; procedureKey: string };

export type Session = { userId: number; createdAt: Date; lastSeenAt: Date };

/** The part of the store about accounts: the people, their roles on procedures, their sessions. */
export interface AccountStore {
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
  /** Who holds a role on a procedure, in address order. */
  listProcedurePeople(procedureKey: string): Promise<{ email: string; role: Role }[]>;
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
  /** The session with this hash and its account, read together (one statement). */
  findSession(tokenHash: string): Promise<{ session: Session; user: User } | undefined>;
  touchSession(tokenHash: string, now: Date): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
}

/**
 * An e-mail address is the same whatever its case. SQLite's e-mail columns are `COLLATE NOCASE`
 * and PostgreSQL's indexes are on `lower(email)`: each database compares as its indexes are built,
 * so that a look-up by e-mail is an index search in both. Both fold ASCII letters alike; only
 * PostgreSQL folds accented ones too, which addresses seldom hold (a shared folding would need a
 * new column and migration).
 */
export const sameEmail: Record<Dialect, (column: string, value: string) => string> = {
  sqlite: (column, value) => `${column} = ${value}`,
  postgres: (column, value) => `lower(${column}) = lower(${value})`,
};

/** Each database's aggregate of (key, value) rows into one JSON object. */
export const jsonObjectAgg: Record<Dialect, string> = {
  sqlite: 'json_group_object',
  postgres: 'jsonb_object_agg',
};

export type UserRow = {
  id: number;
  email: string;
  password_hash: string;
  is_admin: number | boolean;
  created_at: number | Date;
  roles: string | Record<string, Role>;
  organisations: string | Record<string, OrganisationRole>;
};

/**
 * Accounts with their roles and organisations. `also` adds columns of a table `from` joins to
 * `users u`: a session's or an API key's, read with its holder in one statement.
 */
export const selectUsers = (
  dialect: Dialect,
  { also = '', from = 'users u' } = {},
) => `SELECT u.id, u.email, u.password_hash, u.is_admin,
    u.created_at,${also}
    coalesce((SELECT ${jsonObjectAgg[dialect]}(p.key, r.role) FROM procedure_roles r
      JOIN procedures p ON p.id = r.procedure_id WHERE r.user_id = u.id), '{}') AS roles,
    coalesce((SELECT ${jsonObjectAgg[dialect]}(CAST(organisation_id AS text), role) FROM (
      SELECT organisation_id, role FROM organisation_members WHERE user_id = u.id
      UNION SELECT DISTINCT p.organisation_id, 'member' FROM procedure_roles r
        JOIN procedures p ON p.id = r.procedure_id WHERE r.user_id = u.id
        AND p.organisation_id NOT IN (
          SELECT organisation_id FROM organisation_members WHERE user_id = u.id)) o), '{}')
      AS organisations
  FROM ${from}`;

const userById = eachDialect((dialect) => `${selectUsers(dialect)} WHERE u.id = $1`);
const userByEmail = eachDialect(
  (dialect) => `${selectUsers(dialect)} WHERE ${sameEmail[dialect]('u.email', '$1')}`,
);
const userBySession = eachDialect(
  (dialect) =>
    `${selectUsers(dialect, {
      also: ' s.created_at AS session_created_at, s.last_seen_at,',
      from: 'sessions s JOIN users u ON u.id = s.user_id',
    })} WHERE s.token_hash = $1`,
);
// In address order whatever the case, as addresses compare.
const usersByEmail = eachDialect((dialect) => `${selectUsers(dialect)} ORDER BY lower(u.email)`);

/**
 * Writes an account unless its e-mail is taken (the users' one unique index, whatever the case):
 * its id, or `undefined`.
 */
function* insertUser({ email, passwordHash, isAdmin }: NewUser) {
  const inserted = yield* row<{ id: number }>(
    `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [email, passwordHash, isAdmin, new Date()],
  );
  return inserted?.id;
}

function* readUser(id: number) {
  const found = yield* row<UserRow>(userById, [id], { hot: true });
  return found && toUser(found);
}

function upsertRole(userId: number, procedureKey: string, role: Role): Work<number> {
  return run(
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

export function accountStore(db: SqlDatabase): AccountStore {
  return {
    countUsers: () =>
      db.read(function* () {
        return (yield* row<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;
      }),

    createUser: (user) =>
      db.transaction(function* () {
        const id = yield* insertUser(user);
        return id === undefined ? undefined : yield* readUser(id);
      }),

    createUserWithRoles: async (user, roles, entryFor) => {
      try {
        return await db.transaction(function* () {
          const id = yield* insertUser(user);
          if (id === undefined) throw new Refused({ refused: 'email-taken' });
          for (const [procedureKey, role] of Object.entries(roles)) {
            if ((yield* upsertRole(id, procedureKey, role)) === 0)
              throw new Refused({ refused: 'unknown-procedure', procedureKey });
          }
          const created = (yield* readUser(id)) as User;
          yield* insertAudit(entryFor(created));
          return created;
        });
      } catch (error) {
        if (error instanceof Refused) return error.refusal;
        throw error;
      }
    },

    findUser: (id) => db.read(() => readUser(id)),

    findUserByEmail: (email) =>
      db.read(function* () {
        const found = yield* row<UserRow>(userByEmail, [email]);
        return found && { ...toUser(found), passwordHash: found.password_hash };
      }),

    listUsers: () =>
      db.read(function* () {
        const found = yield* rows<UserRow>(usersByEmail);
        return found.map(toUser);
      }),

    listProcedurePeople: (procedureKey) =>
      db.read(function* () {
        return yield* rows<{ email: string; role: Role }>(
          `SELECT u.email, r.role FROM procedure_roles r JOIN users u ON u.id = r.user_id
           WHERE r.procedure_id = (SELECT id FROM procedures WHERE key = $1)
           ORDER BY lower(u.email)`,
          [procedureKey],
        );
      }),

    deleteUser: (id, entry) =>
      db.transaction(function* () {
        return (yield* audited(run('DELETE FROM users WHERE id = $1', [id]), entry)) > 0;
      }),

    setRole: (userId, procedureKey, role, entry) =>
      db.transaction(function* () {
        const changed = yield* role
          ? upsertRole(userId, procedureKey, role)
          : run(
              `DELETE FROM procedure_roles
               WHERE user_id = $1 AND procedure_id = (SELECT id FROM procedures WHERE key = $2)`,
              [userId, procedureKey],
            );
        // Taking away a role nobody had is still a decision on record: its entry is always written.
        if (entry) yield* insertAudit(entry);
        return changed > 0;
      }),

    createSession: async (tokenHash, userId, now) => {
      await db.read(() =>
        run(
          `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at)
           VALUES ($1, $2, $3, $3)`,
          [tokenHash, userId, now],
        ),
      );
    },

    findSession: (tokenHash) =>
      db.read(function* () {
        const found = yield* row<
          UserRow & { session_created_at: number | Date; last_seen_at: number | Date }
        >(userBySession, [tokenHash], { hot: true });
        return (
          found && {
            session: {
              userId: found.id,
              createdAt: time(found.session_created_at),
              lastSeenAt: time(found.last_seen_at),
            },
            user: toUser(found),
          }
        );
      }),

    touchSession: async (tokenHash, now) => {
      await db.read(() =>
        run('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [now, tokenHash]),
      );
    },

    deleteSession: async (tokenHash) => {
      await db.read(() => run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]));
    },
  };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    isAdmin: flag(row.is_admin),
    roles: json(row.roles),
    organisations: json(row.organisations),
    createdAt: time(row.created_at),
  };
}
