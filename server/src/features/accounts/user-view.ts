import type { User } from '../../store/accounts.ts';

/** An account as the API answers it (`userView`): dates as ISO strings. */
export function viewOfUser(user: User) {
  return { ...user, createdAt: user.createdAt.toISOString() };
}
