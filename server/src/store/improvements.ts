import { type AuditEntry, audited, insertAudit } from './audit.ts';
import { time } from './codec.ts';
import { row, rows, run, type SqlDatabase } from './sql.ts';

/**
 * «Vous avez dit, nous avons fait»: one change made because of the answers (docs/design.md §10).
 */
export type Improvement = {
  id: number;
  procedureKey: string;
  /** The day the owner gives, `YYYY-MM-DD`. */
  date: string;
  title: string;
  /** Plain text, never HTML. */
  text: string;
  /** An `http:` or `https:` address. */
  link: string | undefined;
  createdAt: Date;
  updatedAt: Date;
};

export type NewImprovement = Pick<Improvement, 'date' | 'title' | 'text'> & {
  link?: string | undefined;
};

/** A change: a field left out stays; `link: null` removes the link. */
export type ImprovementChanges = Partial<Pick<Improvement, 'date' | 'title' | 'text'>> & {
  link?: string | null | undefined;
};

/** The part of the store about «Vous avez dit, nous avons fait»: each change with its audit entry. */
export interface ImprovementStore {
  /** A procedure's improvements, newest date first. */
  listImprovements(procedureKey: string): Promise<Improvement[]>;
  /**
   * With its audit entry (made once it has its id), in one transaction; `undefined` when there is
   * no such procedure.
   */
  createImprovement(
    procedureKey: string,
    input: NewImprovement,
    audit: (improvement: Improvement) => AuditEntry,
  ): Promise<Improvement | undefined>;
  /** `undefined` when the procedure has no such improvement; the audit entry only if changed. */
  updateImprovement(
    procedureKey: string,
    id: number,
    changes: ImprovementChanges,
    audit: AuditEntry,
  ): Promise<Improvement | undefined>;
  /** False when the procedure has no such improvement; the audit entry only if deleted. */
  deleteImprovement(procedureKey: string, id: number, audit: AuditEntry): Promise<boolean>;
}

type ImprovementRow = {
  id: number;
  procedure_key: string;
  day: string;
  title: string;
  text: string;
  link: string | null;
  created_at: number | Date;
  updated_at: number | Date;
};

const fromImprovements = `SELECT i.id, p.key AS procedure_key, i.day, i.title, i.text, i.link,
    i.created_at, i.updated_at
  FROM improvements i JOIN procedures p ON p.id = i.procedure_id`;

function* readOne(id: number, procedureKey: string) {
  const found = yield* row<ImprovementRow>(`${fromImprovements} WHERE i.id = $1 AND p.key = $2`, [
    id,
    procedureKey,
  ]);
  return found && toImprovement(found);
}

export function improvementStore(db: SqlDatabase): ImprovementStore {
  return {
    listImprovements: (procedureKey) =>
      db.read(function* () {
        const found = yield* rows<ImprovementRow>(
          `${fromImprovements} WHERE p.key = $1 ORDER BY i.day DESC, i.id DESC`,
          [procedureKey],
        );
        return found.map(toImprovement);
      }),

    createImprovement: (procedureKey, input, entryFor) =>
      db.transaction(function* () {
        const now = new Date();
        const inserted = yield* row<{ id: number }>(
          `INSERT INTO improvements (procedure_id, day, title, text, link, created_at, updated_at)
           SELECT id, $2, $3, $4, $5, $6, $6 FROM procedures WHERE key = $1 RETURNING id`,
          [procedureKey, input.date, input.title, input.text, input.link ?? null, now],
        );
        if (!inserted) return undefined;
        const improvement = (yield* readOne(inserted.id, procedureKey)) as Improvement;
        yield* insertAudit(entryFor(improvement));
        return improvement;
      }),

    updateImprovement: (procedureKey, id, changes, entry) =>
      db.transaction(function* () {
        const changed = yield* audited(
          run(
            `UPDATE improvements SET day = coalesce($3, day), title = coalesce($4, title),
               text = coalesce($5, text),
               link = CASE WHEN $7 THEN NULL ELSE coalesce($6, link) END, updated_at = $8
             WHERE id = $1 AND procedure_id = (SELECT id FROM procedures WHERE key = $2)`,
            [
              id,
              procedureKey,
              changes.date ?? null,
              changes.title ?? null,
              changes.text ?? null,
              changes.link ?? null,
              changes.link === null,
              new Date(),
            ],
          ),
          entry,
        );
        return changed ? yield* readOne(id, procedureKey) : undefined;
      }),

    deleteImprovement: (procedureKey, id, entry) =>
      db.transaction(function* () {
        const deleted = yield* audited(
          run(
            `DELETE FROM improvements
             WHERE id = $1 AND procedure_id = (SELECT id FROM procedures WHERE key = $2)`,
            [id, procedureKey],
          ),
          entry,
        );
        return deleted > 0;
      }),
  };
}

function toImprovement(row: ImprovementRow): Improvement {
  return {
    id: row.id,
    procedureKey: row.procedure_key,
    date: row.day,
    title: row.title,
    text: row.text,
    link: row.link ?? undefined,
    createdAt: time(row.created_at),
    updatedAt: time(row.updated_at),
  };
}
