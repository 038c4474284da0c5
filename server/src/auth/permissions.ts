import type { Role, User } from '../store/store.ts';

/** What a person may do with a procedure (DESIGN §4): read, or also manage, moderate, export. */
export type Permission = 'read' | 'manage';

const allowedByRole: Record<Role, Permission[]> = {
  owner: ['read', 'manage'],
  viewer: ['read'],
};

export function may(user: User, permission: Permission, procedureKey: string): boolean {
  if (user.isAdmin) return true;
  const role = user.roles[procedureKey];
  return role !== undefined && allowedByRole[role].includes(permission);
}
