import { selectUsers, toUser, type User, type UserRow } from './accounts.ts';
import { type AuditEntry, audited, insertAudit } from './audit.ts';
import { optionalTime, time } from './codec.ts';
import { eachDialect, row, rows, run, type SqlDatabase } from './sql.ts';

export type ApiKey = {
  id: number;
  userId: number;
  /** The organisation it acts in, and never outside; undefined: a platform administrator's key. */
  organisationId: number | undefined;
  name: string;
  createdAt: Date;
  revokedAt: Date | undefined;
  /** The last day (`YYYY-MM-DD`, TZ_REPORT) it was used; undefined: never. */
  lastUsedOn: string | undefined;
};

export type NewApiKey = {
  userId: number;
  name: string;
  keyHash: string;
  organisationId?: number | undefined;
};

/** The part of the store about API keys: the keys of scripts, and the day each was last used. */
export interface ApiKeyStore {
  /** With `audit`, its entry (made once the key has its id) is written in the same transaction. */
  createApiKey(key: NewApiKey, audit?: (key: ApiKey) => AuditEntry): Promise<ApiKey>;
  /** The key with this hash if it exists and is not revoked, with its holder (one statement). */
  findApiKey(keyHash: string): Promise<{ key: ApiKey; user: User } | undefined>;
  listApiKeys(): Promise<ApiKey[]>;
  /** With `audit`, the entry is written in the same transaction, and only if a key was revoked. */
  revokeApiKey(id: number, now: Date, audit?: AuditEntry): Promise<boolean>;
  /**
   * Marks the key used on `day` (`YYYY-MM-DD`) unless it already is, with `audit`, in one
   * transaction: true for the one call that marked it, whichever node made it (a conditional
   * update), so a key's use is written once a day and not on every request.
   */
  recordApiKeyUse(id: number, day: string, audit: AuditEntry): Promise<boolean>;
}

type ApiKeyRow = {
  id: number;
  user_id: number;
  name: string;
  created_at: number | Date;
  revoked_at: number | Date | null;
  organisation_id: number | null;
  /** `YYYY-MM-DD`: SQLite's text, PostgreSQL's `date` as the pool reads it. */
  last_used_on: string | null;
};

const apiKeyColumns = 'id, user_id, name, created_at, revoked_at, organisation_id, last_used_on';

/** A key's own columns beside its holder's (selectUsers), named apart from theirs. */
type KeyColumns = {
  key_id: number;
  key_name: string;
  key_created_at: number | Date;
  key_organisation_id: number | null;
  key_last_used_on: string | null;
};
const keyWithHolder = eachDialect(
  (dialect) =>
    `${selectUsers(dialect, {
      also: ` k.id AS key_id, k.name AS key_name, k.created_at AS key_created_at,
      k.organisation_id AS key_organisation_id, k.last_used_on AS key_last_used_on,`,
      from: 'api_keys k JOIN users u ON u.id = k.user_id',
    })} WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
);

export function apiKeyStore(db: SqlDatabase): ApiKeyStore {
  return {
    createApiKey: ({ userId, name, keyHash, organisationId }, entryFor) =>
      db.transaction(function* () {
        const inserted = (yield* row<ApiKeyRow>(
          `INSERT INTO api_keys (user_id, name, key_hash, created_at, organisation_id)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${apiKeyColumns}`,
          [userId, name, keyHash, new Date(), organisationId ?? null],
        )) as ApiKeyRow;
        const key = toApiKey(inserted);
        if (entryFor) yield* insertAudit(entryFor(key));
        return key;
      }),

    findApiKey: (keyHash) =>
      db.read(function* () {
        const found = yield* row<UserRow & KeyColumns>(keyWithHolder, [keyHash], { hot: true });
        return (
          found && {
            key: toApiKey({
              id: found.key_id,
              user_id: found.id,
              name: found.key_name,
              created_at: found.key_created_at,
              revoked_at: null,
              organisation_id: found.key_organisation_id,
              last_used_on: found.key_last_used_on,
            }),
            user: toUser(found),
          }
        );
      }),

    listApiKeys: () =>
      db.read(function* () {
        const found = yield* rows<ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys ORDER BY id`);
        return found.map(toApiKey);
      }),

    revokeApiKey: (id, now, entry) =>
      db.transaction(function* () {
        const revoked = yield* audited(
          run('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
            now,
            id,
          ]),
          entry,
        );
        return revoked > 0;
      }),

    recordApiKeyUse: (id, day, entry) =>
      db.transaction(function* () {
        // Only an earlier day is replaced: of two nodes marking the same key, one changes the row.
        const marked = yield* audited(
          run(
            `UPDATE api_keys SET last_used_on = $1
             WHERE id = $2 AND (last_used_on IS NULL OR last_used_on < $1)`,
            [day, id],
          ),
          entry,
        );
        return marked > 0;
      }),
  };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id ?? undefined,
    name: row.name,
    createdAt: time(row.created_at),
    revokedAt: optionalTime(row.revoked_at),
    lastUsedOn: row.last_used_on ?? undefined,
  };
}
