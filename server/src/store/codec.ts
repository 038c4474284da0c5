/**
 * What both databases return, as the store's types: SQLite keeps times as milliseconds, flags as
 * 0 and 1 and JSON as text; PostgreSQL gives `Date`s, booleans and (jsonb) objects. Values sent
 * are encoded by each database's driver (sqlite/sqlite-database.ts); rows are decoded here, in the
 * one mapper each row has.
 */
export function time(value: number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function optionalTime(value: number | Date | null): Date | undefined {
  return value === null ? undefined : time(value);
}

export function flag(value: number | boolean): boolean {
  return value === true || value === 1;
}

export function json<T>(value: string | T): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
