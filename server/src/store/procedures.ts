import { type AskableQuestion, askableQuestions } from '../../../common/questionnaire.ts';
import type { AuditEntry } from './audit.ts';
import { audited, insertAudit } from './audit.ts';
import { flag, json, optionalTime, time } from './codec.ts';
import type { CachedProcedure, ProcedureCache, PublishedSteps } from './procedure-cache.ts';
import { insertWithNewKey } from './procedure-key.ts';
import { bumpMonthRevision, endedMonthsBefore } from './rollups.ts';
import { isUniqueViolation, row, rows, run, type SqlDatabase, type Work } from './sql.ts';

export type Procedure = {
  /** Public, random, unguessable key used in the embed code and the API paths. */
  key: string;
  name: string;
  /** Origins (`https://host[:port]`, or `https://*.example.gouv.fr`) allowed to post answers. */
  allowedOrigins: string[];
  /** Optional questions asked after satisfaction, which is always asked. */
  questions: AskableQuestion[];
  createdAt: Date;
  archivedAt: Date | undefined;
  /**
   * The organisation that owns it (docs/design.md §11); nobody outside it learns that it exists.
   */
  organisationId: number;
  /** Its results are published on /resultats (docs/design.md §10); off by default. */
  public: boolean;
};

/** Without `organisationId`, the procedure goes to the default organisation (the oldest). */
export type NewProcedure = Pick<Procedure, 'name' | 'allowedOrigins'> &
  Partial<Pick<Procedure, 'questions' | 'organisationId'>>;

/** `questions` is changed by publishing a questionnaire version (questionnaire-versions.ts). */
export type ProcedureChanges = Partial<
  Pick<Procedure, 'name' | 'allowedOrigins' | 'public'> & { archived: boolean }
>;

/** The part of the store about procedures: each change with its audit entry. */
export interface ProcedureStore {
  /**
   * With `audit`, its entry (made once the procedure has its key) is written in the same
   * transaction; its `questions` become its questionnaire's version 1, published by the entry's
   * actor.
   */
  createProcedure(
    input: NewProcedure,
    audit?: (procedure: Procedure) => AuditEntry,
  ): Promise<Procedure>;
  findProcedure(key: string): Promise<Procedure | undefined>;
  /**
   * Its questionnaire's versions, newest first, as fresh as `findProcedure` (from the same
   * cache: one another node published in the last few seconds may be missing); `undefined` when
   * there is no such procedure.
   */
  publishedSteps(key: string): Promise<readonly PublishedSteps[] | undefined>;
  listProcedures(): Promise<Procedure[]>;
  /**
   * `undefined` when there is no such procedure. With `audit`, the entry is written in the same
   * transaction, and only if the procedure was changed.
   */
  updateProcedure(
    key: string,
    changes: ProcedureChanges,
    audit?: AuditEntry,
  ): Promise<Procedure | undefined>;
  /**
   * Deletes a procedure with all its answers; false when there was none. With `audit`, the entry
   * is written in the same transaction, and only if a procedure was deleted.
   */
  deleteProcedure(key: string, audit?: AuditEntry): Promise<boolean>;
}

type ProcedureRow = {
  id: number;
  key: string;
  name: string;
  allowed_origins: string | string[];
  questions: string;
  created_at: number | Date;
  archived_at: number | Date | null;
  organisation_id: number;
  public: number | boolean;
};

/**
 * The procedure with this key, and its row id, as answer ingestion needs it: each store runs it
 * inside its own write transaction (sqlite-store.ts, postgres-store.ts) through the cache.
 */
export function* readProcedure(key: string): Work<CachedProcedure | undefined> {
  const found = yield* row<ProcedureRow>('SELECT * FROM procedures WHERE key = $1', [key]);
  if (!found) return undefined;
  // A few rows a procedure, read once every few seconds (procedure-cache.ts), never per answer.
  const versions = (yield* rows<{ number: number; questions: string; published_at: number | Date }>(
    'SELECT number, questions, published_at FROM questionnaire_versions WHERE procedure_id = $1 ORDER BY number DESC',
    [found.id],
  )).map((v) => ({
    number: v.number,
    questions: questionsOf(v.questions),
    publishedAt: time(v.published_at),
  }));
  return {
    id: found.id,
    procedure: toProcedure(found),
    version: versions[0]?.number ?? 1,
    versions,
  };
}

/** The optional steps as stored: comma-separated, `''` for none. */
export function questionsOf(text: string): AskableQuestion[] {
  return text === '' ? [] : (text.split(',') as AskableQuestion[]);
}

/**
 * Changes a procedure's row, with `entry` in the audit log if there was such a procedure, inside
 * the caller's transaction; `undefined` when there is none. The caller forgets the cached row.
 */
export function* changeProcedure(
  key: string,
  changes: ProcedureChanges,
  entry?: AuditEntry,
): Work<Procedure | undefined> {
  // The CAST tells PostgreSQL $4's type where it is first read.
  const updated = yield* row<ProcedureRow>(
    `UPDATE procedures SET name = coalesce($2, name),
       allowed_origins = coalesce($3, allowed_origins),
       public = coalesce($5, public),
       archived_at = CASE WHEN CAST($4 AS boolean) IS NULL THEN archived_at
                          WHEN $4 THEN coalesce(archived_at, $6) END
     WHERE key = $1 RETURNING *`,
    [
      key,
      changes.name ?? null,
      changes.allowedOrigins ? JSON.stringify(changes.allowedOrigins) : null,
      changes.archived ?? null,
      changes.public ?? null,
      new Date(),
    ],
  );
  if (updated && entry) yield* insertAudit(entry);
  return updated && toProcedure(updated);
}

/**
 * `cache` is the one answer ingestion reads too. This process's changes drop a procedure from it
 * once committed: dropped earlier, a request in between could cache the old row again, and
 * answers to a deleted procedure would then fail on its foreign key for as long as it is kept.
 */
export function procedureStore(db: SqlDatabase, cache: ProcedureCache): ProcedureStore {
  const cached = async (key: string) =>
    cache.get(key) ?? cache.remember(await db.read(() => readProcedure(key)));
  return {
    // Each key is tried in a transaction of its own: on PostgreSQL, a taken key aborts the one it
    // was tried in.
    createProcedure: (input, entryFor) =>
      insertWithNewKey(
        (key) =>
          db.transaction(function* () {
            const inserted = (yield* row<ProcedureRow>(
              `INSERT INTO procedures (key, name, allowed_origins, questions, created_at,
                 organisation_id)
               VALUES ($1, $2, $3, $4, $5, coalesce($6, (SELECT min(id) FROM organisations)))
               RETURNING *`,
              [
                key,
                input.name,
                JSON.stringify(input.allowedOrigins),
                (input.questions ?? askableQuestions).join(','),
                new Date(),
                input.organisationId ?? null,
              ],
            )) as ProcedureRow;
            const procedure = toProcedure(inserted);
            const entry = entryFor?.(procedure);
            yield* run(
              `INSERT INTO questionnaire_versions
                 (procedure_id, number, questions, published_at, published_by)
               VALUES ($1, 1, $2, $3, $4)`,
              [inserted.id, inserted.questions, procedure.createdAt, entry?.actor ?? 'cli'],
            );
            if (entry) yield* insertAudit(entry);
            return procedure;
          }),
        isUniqueViolation,
      ),

    findProcedure: async (key) => (await cached(key))?.procedure,

    publishedSteps: async (key) => (await cached(key))?.versions,

    listProcedures: () =>
      db.read(function* () {
        // lower() in both: SQLite's folds ASCII letters only, as its COLLATE NOCASE does.
        const found = yield* rows<ProcedureRow>(
          'SELECT * FROM procedures ORDER BY lower(name), id',
        );
        return found.map(toProcedure);
      }),

    updateProcedure: async (key, changes, entry) => {
      const procedure = await db.transaction(() => changeProcedure(key, changes, entry));
      cache.forget(key);
      return procedure;
    },

    deleteProcedure: async (key, entry) => {
      const deleted = await db.transaction(function* () {
        // Its rollups go with it (ON DELETE CASCADE): a change to the ended months it had
        // answers in, counted after the delete, in month order, as the writers of answers lock
        // rollups first, then revisions (no lock cycle).
        const months = yield* rows<{ month: string }>(endedMonthsOfProcedure, [
          key,
          endedMonthsBefore(Date.now()),
        ]);
        // Its entry is written after it is gone: its organisation, read before, files it.
        const owner = yield* row<{ organisation_id: number }>(
          'SELECT organisation_id FROM procedures WHERE key = $1',
          [key],
        );
        const filed = entry && {
          ...entry,
          organisationId: entry.organisationId ?? owner?.organisation_id,
        };
        const removed = yield* audited(run('DELETE FROM procedures WHERE key = $1', [key]), filed);
        for (const { month } of months) yield* run(bumpMonthRevision, [month]);
        return removed;
      });
      cache.forget(key);
      return deleted > 0;
    },
  };
}

/** The ended months (rollups.ts, endedMonthsBefore; `$2`) a procedure has rollups in, in order. */
const endedMonthsOfProcedure = `SELECT DISTINCT r.month FROM monthly_rollups r
  JOIN procedures p ON p.id = r.procedure_id WHERE p.key = $1 AND r.month < $2 ORDER BY r.month`;

function toProcedure(row: ProcedureRow): Procedure {
  return {
    key: row.key,
    name: row.name,
    allowedOrigins: json<string[]>(row.allowed_origins),
    questions: questionsOf(row.questions),
    createdAt: time(row.created_at),
    archivedAt: optionalTime(row.archived_at),
    organisationId: row.organisation_id,
    public: flag(row.public),
  };
}
