import type Database from 'better-sqlite3';
import type { AuditEntry, Improvement, ImprovementStore } from '../store.ts';
import { auditStatement } from './sqlite-accounts.ts';

type ImprovementRow = {
  id: number;
  procedure_key: string;
  day: string;
  title: string;
  text: string;
  link: string | null;
  created_at: number;
  updated_at: number;
};

const columns =
  'i.id, p.key AS procedure_key, i.day, i.title, i.text, i.link, i.created_at, i.updated_at';

/**
 * «Vous avez dit, nous avons fait» (docs/design.md §10): each change in one transaction with its
 * audit entry.
 */
export function sqliteImprovements(db: Database.Database): ImprovementStore {
  const audit = auditStatement(db);
  const statements = {
    ofProcedure: db.prepare<[string], ImprovementRow>(
      `SELECT ${columns} FROM improvements i JOIN procedures p ON p.id = i.procedure_id
       WHERE p.key = ? ORDER BY i.day DESC, i.id DESC`,
    ),
    one: db.prepare<[number, string], ImprovementRow>(
      `SELECT ${columns} FROM improvements i JOIN procedures p ON p.id = i.procedure_id
       WHERE i.id = ? AND p.key = ?`,
    ),
    insert: db.prepare<
      { key: string; day: string; title: string; text: string; link: string | null; now: number },
      { id: number }
    >(
      `INSERT INTO improvements (procedure_id, day, title, text, link, created_at, updated_at)
       SELECT id, @day, @title, @text, @link, @now, @now FROM procedures WHERE key = @key
       RETURNING id`,
    ),
    update: db.prepare<{
      id: number;
      key: string;
      day: string | null;
      title: string | null;
      text: string | null;
      link: string | null;
      removeLink: number;
      now: number;
    }>(
      `UPDATE improvements SET day = coalesce(@day, day), title = coalesce(@title, title),
         text = coalesce(@text, text),
         link = CASE WHEN @removeLink = 1 THEN NULL ELSE coalesce(@link, link) END,
         updated_at = @now
       WHERE id = @id AND procedure_id = (SELECT id FROM procedures WHERE key = @key)`,
    ),
    remove: db.prepare<[number, string]>(
      `DELETE FROM improvements
       WHERE id = ? AND procedure_id = (SELECT id FROM procedures WHERE key = ?)`,
    ),
  };

  const create = db.transaction(
    (key: string, input: Parameters<ImprovementStore['createImprovement']>[1], entryFor) => {
      const inserted = statements.insert.get({
        key,
        day: input.date,
        title: input.title,
        text: input.text,
        link: input.link ?? null,
        now: Date.now(),
      });
      if (!inserted) return undefined;
      const improvement = toImprovement(statements.one.get(inserted.id, key) as ImprovementRow);
      audit((entryFor as (i: Improvement) => AuditEntry)(improvement));
      return improvement;
    },
  );
  const change = db.transaction(
    (
      key: string,
      id: number,
      changes: Parameters<ImprovementStore['updateImprovement']>[2],
      entry: AuditEntry,
    ) => {
      const changed = statements.update.run({
        id,
        key,
        day: changes.date ?? null,
        title: changes.title ?? null,
        text: changes.text ?? null,
        link: changes.link ?? null,
        removeLink: changes.link === null ? 1 : 0,
        now: Date.now(),
      }).changes;
      if (changed === 0) return undefined;
      audit(entry);
      return toImprovement(statements.one.get(id, key) as ImprovementRow);
    },
  );
  const remove = db.transaction((key: string, id: number, entry: AuditEntry) => {
    const deleted = statements.remove.run(id, key).changes > 0;
    if (deleted) audit(entry);
    return deleted;
  });

  return {
    async listImprovements(procedureKey) {
      return statements.ofProcedure.all(procedureKey).map(toImprovement);
    },
    async createImprovement(procedureKey, input, entryFor) {
      return create.immediate(procedureKey, input, entryFor);
    },
    async updateImprovement(procedureKey, id, changes, entry) {
      return change.immediate(procedureKey, id, changes, entry);
    },
    async deleteImprovement(procedureKey, id, entry) {
      return remove.immediate(procedureKey, id, entry);
    },
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
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
