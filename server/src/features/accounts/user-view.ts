import type { User } from '../../store/store.ts';

/** An account as the API answers it (`userView`): dates as ISO strings. */
export function viewOfUser(user: User) {
  return { ...user, createdAt: user.createdAt.toISOString() };
}
