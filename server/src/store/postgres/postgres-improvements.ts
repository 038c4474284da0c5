import type pg from 'pg';
import type { Improvement, ImprovementStore } from '../store.ts';
import { inTransaction, type Queryable, unavailableOnTransientFailure } from './connection.ts';
import { insertAudit } from './postgres-accounts.ts';

type ImprovementRow = {
  id: number;
  procedure_key: string;
  day: string;
  title: string;
  text: string;
  link: string | null;
  created_at: Date;
  updated_at: Date;
};

const columns =
  'i.id, p.key AS procedure_key, i.day, i.title, i.text, i.link, i.created_at, i.updated_at';

async function readOne(db: Queryable, id: number, key: string) {
  const { rows } = await db.query<ImprovementRow>(
    `SELECT ${columns} FROM improvements i JOIN procedures p ON p.id = i.procedure_id
     WHERE i.id = $1 AND p.key = $2`,
    [id, key],
  );
  return rows[0] && toImprovement(rows[0]);
}

/**
 * «Vous avez dit, nous avons fait» (docs/design.md §10): each change in one transaction with its
 * audit entry.
 */
export function postgresImprovements(pool: pg.Pool): ImprovementStore {
  return {
    async listImprovements(procedureKey) {
      const { rows } = await unavailableOnTransientFailure(() =>
        pool.query<ImprovementRow>(
          `SELECT ${columns} FROM improvements i JOIN procedures p ON p.id = i.procedure_id
           WHERE p.key = $1 ORDER BY i.day DESC, i.id DESC`,
          [procedureKey],
        ),
      );
      return rows.map(toImprovement);
    },

    createImprovement(procedureKey, input, entryFor) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO improvements (procedure_id, day, title, text, link, created_at, updated_at)
           SELECT id, $2, $3, $4, $5, now(), now() FROM procedures WHERE key = $1 RETURNING id`,
          [procedureKey, input.date, input.title, input.text, input.link ?? null],
        );
        const id = rows[0]?.id;
        if (id === undefined) return undefined;
        const improvement = (await readOne(client, id, procedureKey)) as Improvement;
        await insertAudit(client, entryFor(improvement));
        return improvement;
      });
    },

    updateImprovement(procedureKey, id, changes, entry) {
      return inTransaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `UPDATE improvements SET day = coalesce($3::date, day), title = coalesce($4, title),
             text = coalesce($5, text),
             link = CASE WHEN $7 THEN NULL ELSE coalesce($6, link) END, updated_at = now()
           WHERE id = $1 AND procedure_id = (SELECT id FROM procedures WHERE key = $2)`,
          [
            id,
            procedureKey,
            changes.date ?? null,
            changes.title ?? null,
            changes.text ?? null,
            changes.link ?? null,
            changes.link === null,
          ],
        );
        if (!rowCount) return undefined;
        await insertAudit(client, entry);
        return readOne(client, id, procedureKey);
      });
    },

    deleteImprovement(procedureKey, id, entry) {
      return inTransaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `DELETE FROM improvements
           WHERE id = $1 AND procedure_id = (SELECT id FROM procedures WHERE key = $2)`,
          [id, procedureKey],
        );
        if (!rowCount) return false;
        await insertAudit(client, entry);
        return true;
      });
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
