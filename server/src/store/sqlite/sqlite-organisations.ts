import type Database from 'better-sqlite3';
import type {
  AccountStore,
  AuditEntry,
  Organisation,
  OrganisationMember,
  OrganisationRole,
  Role,
} from '../store.ts';
import { type AuditPage, auditPage, auditStatement, toAuditEntry } from './sqlite-accounts.ts';

type OrganisationRow = { id: number; name: string; domains: string; created_at: number };
type MemberRow = { user_id: number; email: string; role: OrganisationRole; roles: string };

/** The organisations, their people and their part of the audit log (docs/design.md §11). */
export function sqliteOrganisations(
  db: Database.Database,
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
  const statements = {
    insert: db.prepare<[string, string, number], OrganisationRow>(
      'INSERT INTO organisations (name, domains, created_at) VALUES (?, ?, ?) RETURNING *',
    ),
    byId: db.prepare<[number], OrganisationRow>('SELECT * FROM organisations WHERE id = ?'),
    byName: db.prepare<[], OrganisationRow>(
      'SELECT * FROM organisations ORDER BY name COLLATE NOCASE, id',
    ),
    ofDomain: db.prepare<[string], OrganisationRow>(
      `SELECT o.* FROM organisations o WHERE EXISTS (
         SELECT 1 FROM json_each(o.domains) d WHERE d.value = ?) ORDER BY o.id`,
    ),
    update: db.prepare<
      { id: number; name: string | null; domains: string | null },
      OrganisationRow
    >(
      `UPDATE organisations SET name = coalesce(@name, name), domains = coalesce(@domains, domains)
       WHERE id = @id RETURNING *`,
    ),
    procedureCount: db.prepare<[number], { n: number }>(
      'SELECT count(*) AS n FROM procedures WHERE organisation_id = ?',
    ),
    organisationCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM organisations'),
    delete: db.prepare<[number]>('DELETE FROM organisations WHERE id = ?'),
    members: db.prepare<{ org: number }, MemberRow>(
      `SELECT u.id AS user_id, u.email, coalesce(m.role, 'member') AS role,
         coalesce((SELECT json_group_object(p.key, r.role) FROM procedure_roles r
           JOIN procedures p ON p.id = r.procedure_id
           WHERE r.user_id = u.id AND p.organisation_id = @org), '{}') AS roles
       FROM users u LEFT JOIN organisation_members m ON m.user_id = u.id AND m.organisation_id = @org
       WHERE m.role IS NOT NULL OR EXISTS (
         SELECT 1 FROM procedure_roles r JOIN procedures p ON p.id = r.procedure_id
         WHERE r.user_id = u.id AND p.organisation_id = @org)
       ORDER BY u.email`,
    ),
    upsertMember: db.prepare<[string, number, number]>(
      `INSERT INTO organisation_members (user_id, organisation_id, role)
       SELECT u.id, o.id, ? FROM users u, organisations o WHERE u.id = ? AND o.id = ?
       ON CONFLICT (user_id, organisation_id) DO UPDATE SET role = excluded.role`,
    ),
    deleteMember: db.prepare<[number, number]>(
      'DELETE FROM organisation_members WHERE user_id = ? AND organisation_id = ?',
    ),
    deleteRolesIn: db.prepare<[number, number]>(
      `DELETE FROM procedure_roles WHERE user_id = ?
       AND procedure_id IN (SELECT id FROM procedures WHERE organisation_id = ?)`,
    ),
    newestAudit: db.prepare<
      [AuditPage & { organisationId: number }],
      Parameters<typeof toAuditEntry>[0]
    >(
      `SELECT * FROM audit_log
       WHERE organisation_id = @organisationId
         AND id < ifnull(@before, 9223372036854775807) AND (@action IS NULL OR action = @action)
       ORDER BY id DESC LIMIT @limit`,
    ),
  };
  const audit = auditStatement(db);

  const create = db.transaction(
    (name: string, domains: string[], entryFor?: (o: Organisation) => AuditEntry) => {
      const organisation = toOrganisation(
        statements.insert.get(name, JSON.stringify(domains), Date.now()) as OrganisationRow,
      );
      if (entryFor) audit(entryFor(organisation));
      return organisation;
    },
  );
  const update = db.transaction(
    (id: number, name?: string, domains?: string[], entry?: AuditEntry) => {
      const before = statements.byId.get(id);
      if (!before) return undefined;
      const after = statements.update.get({
        id,
        name: name ?? null,
        domains: domains ? JSON.stringify(domains) : null,
      }) as OrganisationRow;
      if (entry && (after.name !== before.name || after.domains !== before.domains)) audit(entry);
      return toOrganisation(after);
    },
  );
  const remove = db.transaction((id: number, entry?: AuditEntry) => {
    if (!statements.byId.get(id)) return 'not-found' as const;
    if ((statements.procedureCount.get(id) as { n: number }).n > 0)
      return 'has-procedures' as const;
    if ((statements.organisationCount.get() as { n: number }).n <= 1) return 'last-one' as const;
    statements.delete.run(id);
    if (entry) audit(entry);
    return 'deleted' as const;
  });
  const setMembership = db.transaction(
    (userId: number, organisationId: number, role?: OrganisationRole, entry?: AuditEntry) => {
      let changed: boolean;
      if (role) {
        changed = statements.upsertMember.run(role, userId, organisationId).changes > 0;
      } else {
        const left = statements.deleteMember.run(userId, organisationId).changes;
        changed = left + statements.deleteRolesIn.run(userId, organisationId).changes > 0;
      }
      if (entry && changed) audit(entry);
      return changed;
    },
  );

  return {
    async listOrganisationAudit(organisationId, limit, filter) {
      return statements.newestAudit
        .all({ ...auditPage(limit, filter), organisationId })
        .map(toAuditEntry);
    },
    async createOrganisation({ name, domains }, entryFor) {
      return create.immediate(name, domains, entryFor);
    },
    async findOrganisation(id) {
      const row = statements.byId.get(id);
      return row && toOrganisation(row);
    },
    async listOrganisations() {
      return statements.byName.all().map(toOrganisation);
    },
    async organisationsOfDomain(domain) {
      return statements.ofDomain.all(domain).map(toOrganisation);
    },
    async updateOrganisation(id, { name, domains }, entry) {
      return update.immediate(id, name, domains, entry);
    },
    async deleteOrganisation(id, entry) {
      return remove.immediate(id, entry);
    },
    async listMembers(organisationId) {
      return statements.members.all({ org: organisationId }).map(
        (row): OrganisationMember => ({
          userId: row.user_id,
          email: row.email,
          role: row.role,
          roles: JSON.parse(row.roles) as Record<string, Role>,
        }),
      );
    },
    async setMembership(userId, organisationId, role, entry) {
      return setMembership.immediate(userId, organisationId, role, entry);
    },
  };
}

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    domains: JSON.parse(row.domains) as string[],
    createdAt: new Date(row.created_at),
  };
}
