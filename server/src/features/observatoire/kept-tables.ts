/** A table whose rows are counted for the bound (keptTables). */
type Table = { rows: readonly unknown[] };

type KeptTable<T> = { table: Promise<T>; until: number; rows?: number };

/**
 * The Observatoire's live tables lately asked for, by key (a period and an organisation): each
 * built once and kept `keptMs`, so that sorting, filtering, searching and paging it, a request
 * each, cost only the view (docs/design.md §13). Bounded by rows, not tables: `rowsAtMost` in
 * all, the least lately used going first; a table being built, or just built, is never dropped
 * for room. A table of 10,000 rows is about 10 MB of objects that every full collection of the
 * heap marks: eight of them made that collection cost a first request up to 150 ms more
 * (BENCHMARKS.md). Those past their time go at the next request, on the caller's clock (`now`,
 * in ms); a build that fails is not kept.
 */
export function keptTables<T extends Table>({
  now,
  rowsAtMost,
  keptMs = 60_000,
}: {
  now: () => number;
  rowsAtMost: number;
  keptMs?: number;
}): (key: string, build: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, KeptTable<T>>();
  /** A Map iterates in insertion order: set again, a table is the last to go. */
  const used = (key: string, table: KeptTable<T>) => {
    kept.delete(key);
    kept.set(key, table);
  };
  const keepWithinRows = (built: KeptTable<T>) => {
    let rows = 0;
    for (const table of kept.values()) rows += table.rows ?? 0;
    for (const [key, table] of kept) {
      if (rows <= rowsAtMost) break;
      if (table === built || table.rows === undefined) continue;
      kept.delete(key);
      rows -= table.rows;
    }
  };
  return (key, build) => {
    const at = now();
    for (const [old, table] of kept) if (table.until <= at) kept.delete(old);
    const found = kept.get(key);
    if (found) {
      used(key, found);
      return found.table;
    }
    const entry: KeptTable<T> = { table: build(), until: at + keptMs };
    kept.set(key, entry);
    entry.table.then(
      ({ rows }) => {
        // Past its time meanwhile: served to those who waited, not kept.
        if (kept.get(key) !== entry) return;
        entry.rows = rows.length;
        used(key, entry);
        keepWithinRows(entry);
      },
      () => {
        if (kept.get(key) === entry) kept.delete(key);
      },
    );
    return entry.table;
  };
}
