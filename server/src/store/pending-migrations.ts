/**
 * The migrations a database at schema version `current` still needs, in order, each with the
 * version it brings the database to (migration N brings it from N-1 to N). A database newer than
 * this program is refused: this program does not know what the later migrations changed.
 */
export function pendingMigrations(
  migrations: readonly string[],
  current: number,
): { version: number; sql: string }[] {
  if (current > migrations.length) {
    throw new Error(
      `The database is at schema version ${current}, newer than this program (${migrations.length}).`,
    );
  }
  return migrations.slice(current).map((sql, index) => ({ version: current + index + 1, sql }));
}
