/**
 * SQL written once for both databases (docs/design.md §7). A store operation is a generator that
 * yields the statements it needs and is sent back their results: SQLite runs it to the end
 * synchronously (inside one better-sqlite3 transaction, so nothing else runs between its
 * statements on the one connection), PostgreSQL awaits each statement on one connection of the
 * pool. Placeholders are `$1`, `$2`… in both; where the two dialects differ, a statement carries
 * each database's text side by side.
 *
 * The hot paths (answer ingestion and its group commit, rollups, search) stay hand-written in
 * each database's store: they are tuned to it.
 */
export type Dialect = 'sqlite' | 'postgres';

/** SQL the same in both databases, or each database's own. */
export type Sql = string | { readonly sqlite: string; readonly postgres: string };

/**
 * A statement to run, with what the operation wants back: its rows (as objects, or as arrays of
 * their values in column order), or how many rows it changed.
 */
export type Statement = {
  readonly sql: Sql;
  readonly values: readonly unknown[];
  readonly wants: 'rows' | 'arrays' | 'count';
  /**
   * Read on every API call or page (who is calling): PostgreSQL plans it once a connection
   * (postgres/connection.ts, `prepared`). Only for statements with listed columns.
   */
  readonly hot?: boolean;
};

/** A store operation: yields statements, receives their results, returns its own. */
export type Work<T> = Generator<Statement, T, unknown>;

/** The rows a statement returns (a `SELECT`, or a write with `RETURNING`). */
export function* rows<Row>(
  sql: Sql,
  values: readonly unknown[] = [],
  options: { hot?: boolean } = {},
): Work<Row[]> {
  return (yield { sql, values, wants: 'rows', hot: options.hot }) as Row[];
}

/**
 * The rows a statement returns, each an array of its values in column order: for thousands of
 * rows read by position (the Observatoire's sums), where building an object per row, and reading
 * it by name, was most of the cost.
 */
export function* arrays<Row extends readonly unknown[]>(
  sql: Sql,
  values: readonly unknown[] = [],
): Work<Row[]> {
  return (yield { sql, values, wants: 'arrays' }) as Row[];
}

/** The first row a statement returns, if any. */
export function* row<Row>(
  sql: Sql,
  values: readonly unknown[] = [],
  options: { hot?: boolean } = {},
): Work<Row | undefined> {
  const [first] = yield* rows<Row>(sql, values, options);
  return first;
}

/** Runs a write and tells how many rows it changed. */
export function* run(sql: Sql, values: readonly unknown[] = []): Work<number> {
  return (yield { sql, values, wants: 'count' }) as number;
}

/** The text of `sql` in `dialect`. */
export function sqlIn(dialect: Dialect, sql: Sql): string {
  return typeof sql === 'string' ? sql : sql[dialect];
}

/** One database, as the aggregates of the store see it. */
export interface SqlDatabase {
  readonly dialect: Dialect;
  /**
   * Runs reads, or one write that stands alone. On SQLite its statements see one snapshot; on
   * PostgreSQL each statement sees its own, so reads that must agree are one statement there.
   */
  read<T>(work: () => Work<T>): Promise<T>;
  /**
   * Runs `work` in one transaction, committed whole or not at all. `work` may be started again
   * (PostgreSQL retries a transaction lost to a deadlock between nodes): it must do nothing but
   * yield statements.
   */
  transaction<T>(work: () => Work<T>): Promise<T>;
}

/** A unique index refused the write, in either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** A statement the same in both databases but for the words `text` gives each dialect. */
export function eachDialect(text: (dialect: Dialect) => string): Sql {
  return { sqlite: text('sqlite'), postgres: text('postgres') };
}
