import { rows, type SqlDatabase } from './sql.ts';

/** The part of the store the readiness probe asks (GET /readyz). */
export interface ReadinessStore {
  /** True when the database answers a query. */
  isReady(): Promise<boolean>;
}

export function readinessStore(db: SqlDatabase): ReadinessStore {
  return {
    isReady: async () => {
      try {
        await db.read(() => rows('SELECT 1'));
        return true;
      } catch {
        return false;
      }
    },
  };
}
