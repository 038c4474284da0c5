import type { User } from '../store/accounts.ts';
import type { Procedure } from '../store/procedures.ts';
import type { Role } from '../store/store.ts';

/**
 * What a person may do with a procedure (docs/design.md §4): read, or also manage, moderate,
 * export.
 */
export type Permission = 'read' | 'manage';

const allowedByRole: Record<Role, Permission[]> = {
  owner: ['read', 'manage'],
  viewer: ['read'],
};

/**
 * Whether a person may know that an organisation, or a procedure of it, exists
 * (docs/design.md §11): platform administrators and its own people. To everybody else it answers
 * 404, not 403.
 */
export function belongsTo(user: User, organisationId: number): boolean {
  return user.isAdmin || user.organisations[organisationId] !== undefined;
}

/** An organisation's administrators may read and manage everything it owns; its members read. */
export function mayInOrganisation(
  user: User,
  permission: Permission,
  organisationId: number,
): boolean {
  if (user.isAdmin) return true;
  const role = user.organisations[organisationId];
  return role === 'admin' || (role === 'member' && permission === 'read');
}

export function may(
  user: User,
  permission: Permission,
  procedure: Pick<Procedure, 'key' | 'organisationId'>,
): boolean {
  if (user.isAdmin) return true;
  const inOrganisation = user.organisations[procedure.organisationId];
  if (inOrganisation === undefined) return false;
  if (inOrganisation === 'admin') return true;
  const role = user.roles[procedure.key];
  return role !== undefined && allowedByRole[role].includes(permission);
}

/**
 * The account as an API key made for one organisation acts: with the rights the account has
 * there (a platform administrator's are an organisation administrator's), and none elsewhere.
 */
export function withinOrganisation(user: User, organisationId: number): User {
  const role = user.isAdmin ? 'admin' : user.organisations[organisationId];
  return { ...user, isAdmin: false, organisations: role ? { [organisationId]: role } : {} };
}
