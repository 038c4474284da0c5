import type { OrganisationRole, Role } from '../../../common/roles.ts';
import { jsonObjectAgg } from './accounts.ts';
import { type AuditEntry, insertAudit } from './audit.ts';
import { json, time } from './codec.ts';
import { eachDialect, row, rows, run, type SqlDatabase } from './sql.ts';

export type Organisation = {
  id: number;
  name: string;
  /** Lower-case e-mail domains (`interieur.gouv.fr`) whose agents may ask to join it. */
  domains: string[];
  createdAt: Date;
};

/**
 * What migrations name the organisation they make for what existed before (SQLite 008,
 * PostgreSQL 005), until the operator names it (features/accounts/default-organisation.ts).
 */
export const placeholderOrganisationName = 'Organisation par défaut';

export type NewOrganisation = Pick<Organisation, 'name' | 'domains'>;

export type OrganisationChanges = Partial<NewOrganisation>;

/** A person of an organisation, with the roles that make them one. */
export type OrganisationMember = {
  userId: number;
  email: string;
  role: OrganisationRole;
  /** Role by procedure key, on this organisation's procedures. */
  roles: Record<string, Role>;
};

/** Why `deleteOrganisation` deleted nothing. */
export type OrganisationDeletion = 'deleted' | 'not-found' | 'has-procedures' | 'last-one';

/** The part of the store about organisations and their people (docs/design.md §11). */
export interface OrganisationStore {
  /** With `audit`, its entry (made once it has its id) is written in the same transaction. */
  createOrganisation(
    input: NewOrganisation,
    audit?: (organisation: Organisation) => AuditEntry,
  ): Promise<Organisation>;
  findOrganisation(id: number): Promise<Organisation | undefined>;
  /** Every organisation, by name. */
  listOrganisations(): Promise<Organisation[]>;
  /** The organisations whose domains include this one (lower case). */
  organisationsOfDomain(domain: string): Promise<Organisation[]>;
  /** `undefined` when there is none; the audit entry only if it changed. */
  updateOrganisation(
    id: number,
    changes: OrganisationChanges,
    audit?: AuditEntry,
  ): Promise<Organisation | undefined>;
  /** Refused while it owns procedures, and for the last one (new procedures need a home). */
  deleteOrganisation(id: number, audit?: AuditEntry): Promise<OrganisationDeletion>;
  /** Its people: members, administrators, and whoever holds a role on one of its procedures. */
  listMembers(organisationId: number): Promise<OrganisationMember[]>;
  /**
   * Makes a person a member or an administrator of an organisation; `undefined` removes them, with
   * their roles on its procedures. False when the person or the organisation does not exist.
   */
  setMembership(
    userId: number,
    organisationId: number,
    role: OrganisationRole | undefined,
    audit?: AuditEntry,
  ): Promise<boolean>;
}

type OrganisationRow = {
  id: number;
  name: string;
  domains: string | string[];
  created_at: number | Date;
};

type MemberRow = {
  user_id: number;
  email: string;
  role: OrganisationRole;
  roles: string | Record<string, Role>;
};

const organisationColumns = 'id, name, domains, created_at';

const members = eachDialect(
  (dialect) => `SELECT u.id AS user_id, u.email, coalesce(m.role, 'member') AS role,
     coalesce((SELECT ${jsonObjectAgg[dialect]}(p.key, r.role) FROM procedure_roles r
       JOIN procedures p ON p.id = r.procedure_id
       WHERE r.user_id = u.id AND p.organisation_id = $1), '{}') AS roles
   FROM users u LEFT JOIN organisation_members m ON m.user_id = u.id AND m.organisation_id = $1
   WHERE m.role IS NOT NULL OR EXISTS (
     SELECT 1 FROM procedure_roles r JOIN procedures p ON p.id = r.procedure_id
     WHERE r.user_id = u.id AND p.organisation_id = $1)
   ORDER BY lower(u.email)`,
);

export function organisationStore(db: SqlDatabase): OrganisationStore {
  return {
    createOrganisation: ({ name, domains }, entryFor) =>
      db.transaction(function* () {
        const inserted = (yield* row<OrganisationRow>(
          `INSERT INTO organisations (name, domains, created_at) VALUES ($1, $2, $3)
           RETURNING ${organisationColumns}`,
          [name, JSON.stringify(domains), new Date()],
        )) as OrganisationRow;
        const organisation = toOrganisation(inserted);
        if (entryFor) yield* insertAudit(entryFor(organisation));
        return organisation;
      }),

    findOrganisation: (id) =>
      db.read(function* () {
        const found = yield* row<OrganisationRow>(
          `SELECT ${organisationColumns} FROM organisations WHERE id = $1`,
          [id],
        );
        return found && toOrganisation(found);
      }),

    listOrganisations: () =>
      db.read(function* () {
        const found = yield* rows<OrganisationRow>(
          `SELECT ${organisationColumns} FROM organisations ORDER BY lower(name), id`,
        );
        return found.map(toOrganisation);
      }),

    organisationsOfDomain: (domain) =>
      db.read(function* () {
        const found = yield* rows<OrganisationRow>(
          {
            sqlite: `SELECT ${organisationColumns} FROM organisations o WHERE EXISTS (
               SELECT 1 FROM json_each(o.domains) d WHERE d.value = $1) ORDER BY o.id`,
            postgres: `SELECT ${organisationColumns} FROM organisations WHERE domains ? $1
               ORDER BY id`,
          },
          [domain],
        );
        return found.map(toOrganisation);
      }),

    updateOrganisation: (id, { name, domains }, entry) =>
      db.transaction(function* () {
        const found = yield* row<OrganisationRow>(
          {
            sqlite: `SELECT ${organisationColumns} FROM organisations WHERE id = $1`,
            postgres: `SELECT ${organisationColumns} FROM organisations WHERE id = $1 FOR UPDATE`,
          },
          [id],
        );
        if (!found) return undefined;
        const before = toOrganisation(found);
        const after = toOrganisation(
          (yield* row<OrganisationRow>(
            `UPDATE organisations SET name = coalesce($2, name), domains = coalesce($3, domains)
             WHERE id = $1 RETURNING ${organisationColumns}`,
            [id, name ?? null, domains ? JSON.stringify(domains) : null],
          )) as OrganisationRow,
        );
        const changed =
          after.name !== before.name ||
          JSON.stringify(after.domains) !== JSON.stringify(before.domains);
        if (entry && changed) yield* insertAudit(entry);
        return after;
      }),

    deleteOrganisation: (id, entry) =>
      db.transaction(function* () {
        // PostgreSQL locks every organisation: two deletions at once cannot both leave none.
        // SQLite's transaction holds the one write lock already.
        const all = yield* rows<{ id: number }>({
          sqlite: 'SELECT id FROM organisations ORDER BY id',
          postgres: 'SELECT id FROM organisations ORDER BY id FOR UPDATE',
        });
        if (!all.some((organisation) => organisation.id === id)) return 'not-found';
        if (yield* row('SELECT 1 FROM procedures WHERE organisation_id = $1 LIMIT 1', [id]))
          return 'has-procedures';
        if (all.length <= 1) return 'last-one';
        yield* run('DELETE FROM organisations WHERE id = $1', [id]);
        if (entry) yield* insertAudit(entry);
        return 'deleted';
      }),

    listMembers: (organisationId) =>
      db.read(function* () {
        const found = yield* rows<MemberRow>(members, [organisationId]);
        return found.map(
          (member): OrganisationMember => ({
            userId: member.user_id,
            email: member.email,
            role: member.role,
            roles: json(member.roles),
          }),
        );
      }),

    setMembership: (userId, organisationId, role, entry) =>
      db.transaction(function* () {
        let changed: number;
        if (role) {
          changed = yield* run(
            `INSERT INTO organisation_members (user_id, organisation_id, role)
             SELECT u.id, o.id, $1 FROM users u, organisations o WHERE u.id = $2 AND o.id = $3
             ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role`,
            [role, userId, organisationId],
          );
        } else {
          changed = yield* run(
            'DELETE FROM organisation_members WHERE user_id = $1 AND organisation_id = $2',
            [userId, organisationId],
          );
          changed += yield* run(
            `DELETE FROM procedure_roles WHERE user_id = $1
             AND procedure_id IN (SELECT id FROM procedures WHERE organisation_id = $2)`,
            [userId, organisationId],
          );
        }
        if (entry && changed > 0) yield* insertAudit(entry);
        return changed > 0;
      }),
  };
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    domains: json(row.domains),
    createdAt: time(row.created_at),
  };
}
