import type pg from 'pg';
import type {
  AccountStore,
  Organisation,
  OrganisationDeletion,
  OrganisationRole,
  Role,
} from '../store.ts';
import { inTransaction, unavailableOnTransientFailure } from './connection.ts';
import { insertAudit, readAudit } from './postgres-accounts.ts';

type OrganisationRow = { id: number; name: string; domains: string[]; created_at: Date };

/** The organisations, their people and their part of the audit log (docs/design.md §11). */
export function postgresOrganisations(
  pool: pg.Pool,
): Pick<
  AccountStore,
  | 'listOrganisationAudit'
  | 'createOrganisation'
  | 'findOrganisation'
  | 'listOrganisations'
  | 'organisationsOfDomain'
  | 'updateOrganisation'
  | 'deleteOrganisation'
  | 'listMembers'
  | 'setMembership'
> {
  const query = <R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
    unavailableOnTransientFailure(() => pool.query<R>(sql, values));

  return {
    async listOrganisationAudit(organisationId, limit, filter) {
      return readAudit(pool, organisationId, limit, filter);
    },

    async createOrganisation({ name, domains }, entryFor) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<OrganisationRow>(
          `INSERT INTO organisations (name, domains, created_at) VALUES ($1, $2, now())
           RETURNING *`,
          [name, JSON.stringify(domains)],
        );
        const organisation = toOrganisation(rows[0] as OrganisationRow);
        if (entryFor) await insertAudit(client, entryFor(organisation));
        return organisation;
      });
    },

    async findOrganisation(id) {
      const { rows } = await query<OrganisationRow>('SELECT * FROM organisations WHERE id = $1', [
        id,
      ]);
      return rows[0] && toOrganisation(rows[0]);
    },

    async listOrganisations() {
      const { rows } = await query<OrganisationRow>(
        'SELECT * FROM organisations ORDER BY lower(name), id',
      );
      return rows.map(toOrganisation);
    },

    async organisationsOfDomain(domain) {
      const { rows } = await query<OrganisationRow>(
        'SELECT * FROM organisations WHERE domains ? $1 ORDER BY id',
        [domain],
      );
      return rows.map(toOrganisation);
    },

    async updateOrganisation(id, { name, domains }, entry) {
      return inTransaction(pool, async (client) => {
        const before = (
          await client.query<OrganisationRow>(
            'SELECT * FROM organisations WHERE id = $1 FOR UPDATE',
            [id],
          )
        ).rows[0];
        if (!before) return undefined;
        const { rows } = await client.query<OrganisationRow>(
          `UPDATE organisations SET name = coalesce($2, name), domains = coalesce($3, domains)
           WHERE id = $1 RETURNING *`,
          [id, name ?? null, domains ? JSON.stringify(domains) : null],
        );
        const after = rows[0] as OrganisationRow;
        const changed =
          after.name !== before.name ||
          JSON.stringify(after.domains) !== JSON.stringify(before.domains);
        if (entry && changed) await insertAudit(client, entry);
        return toOrganisation(after);
      });
    },

    async deleteOrganisation(id, entry) {
      return inTransaction(pool, async (client): Promise<OrganisationDeletion> => {
        // Locks every organisation: two deletions at once cannot both leave none.
        const { rows } = await client.query<{ id: number }>(
          'SELECT id FROM organisations ORDER BY id FOR UPDATE',
        );
        if (!rows.some((row) => row.id === id)) return 'not-found';
        const owned = await client.query(
          'SELECT 1 FROM procedures WHERE organisation_id = $1 LIMIT 1',
          [id],
        );
        if ((owned.rowCount ?? 0) > 0) return 'has-procedures';
        if (rows.length <= 1) return 'last-one';
        await client.query('DELETE FROM organisations WHERE id = $1', [id]);
        if (entry) await insertAudit(client, entry);
        return 'deleted';
      });
    },

    async listMembers(organisationId) {
      const { rows } = await query<{
        user_id: number;
        email: string;
        role: OrganisationRole;
        roles: Record<string, Role>;
      }>(
        `SELECT u.id AS user_id, u.email, coalesce(m.role, 'member') AS role,
           coalesce((SELECT jsonb_object_agg(p.key, r.role) FROM procedure_roles r
             JOIN procedures p ON p.id = r.procedure_id
             WHERE r.user_id = u.id AND p.organisation_id = $1), '{}') AS roles
         FROM users u LEFT JOIN organisation_members m ON m.user_id = u.id AND m.organisation_id = $1
         WHERE m.role IS NOT NULL OR EXISTS (
           SELECT 1 FROM procedure_roles r JOIN procedures p ON p.id = r.procedure_id
           WHERE r.user_id = u.id AND p.organisation_id = $1)
         ORDER BY lower(u.email)`,
        [organisationId],
      );
      return rows.map((row) => ({
        userId: row.user_id,
        email: row.email,
        role: row.role,
        roles: row.roles,
      }));
    },

    async setMembership(userId, organisationId, role, entry) {
      return inTransaction(pool, async (client) => {
        let changed: boolean;
        if (role) {
          const upserted = await client.query(
            `INSERT INTO organisation_members (user_id, organisation_id, role)
             SELECT u.id, o.id, $1 FROM users u, organisations o WHERE u.id = $2 AND o.id = $3
             ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role`,
            [role, userId, organisationId],
          );
          changed = (upserted.rowCount ?? 0) > 0;
        } else {
          const left = await client.query(
            'DELETE FROM organisation_members WHERE user_id = $1 AND organisation_id = $2',
            [userId, organisationId],
          );
          const roles = await client.query(
            `DELETE FROM procedure_roles WHERE user_id = $1
             AND procedure_id IN (SELECT id FROM procedures WHERE organisation_id = $2)`,
            [userId, organisationId],
          );
          changed = (left.rowCount ?? 0) + (roles.rowCount ?? 0) > 0;
        }
        if (entry && changed) await insertAudit(client, entry);
        return changed;
      });
    },
  };
}

function toOrganisation(row: OrganisationRow): Organisation {
  return { id: row.id, name: row.name, domains: row.domains, createdAt: row.created_at };
}
