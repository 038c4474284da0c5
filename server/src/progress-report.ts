/**
 * Progress of a long command (seeding, migrating), for the person watching a terminal: a year
 * of seeding or ten million rows to copy are minutes of silence otherwise. The store's migration
 * and the answers' seeding report it; cli/progress.ts writes it on stderr. A type alone, below
 * all three, so neither the store nor a feature imports the command line.
 */
export type ProgressReport = {
  /** Units done and to do (days, rows): what the share and the time left are counted in. */
  done: number;
  total: number;
  unit: string;
  /** What the rate is counted in, when it is not the unit (answers while seeding days). */
  items?: { count: number; name: string };
};
