import type { AuditEntry } from './audit.ts';
import { insertAudit } from './audit.ts';
import { json } from './codec.ts';
import { row, rows, run, type SqlDatabase, type Work } from './sql.ts';
import { restartThemeCounts } from './terms.ts';

/**
 * A named set of words or phrases that a comment is about when it holds one (docs/design.md §12).
 */
export type Theme = { id: number; name: string; keywords: string[] };
export type NewTheme = Pick<Theme, 'name' | 'keywords'>;

/**
 * The part of the store about a procedure's themes: each change with its audit entry, and the
 * restart of the procedure's theme counts (terms.ts, restartThemeCounts) when it changes what a
 * comment matches.
 */
export interface ThemeStore {
  /**
   * A procedure's themes in the order they were made. The first time a procedure's themes are
   * read, `starter` becomes its list, once (two first readers give it once).
   */
  listThemes(procedureKey: string, starter: readonly NewTheme[]): Promise<Theme[]>;
  /** With its audit entry, in one transaction; `undefined` for an unknown procedure. */
  createTheme(procedureKey: string, theme: NewTheme, audit: AuditEntry): Promise<Theme | undefined>;
  /** `undefined` when the procedure has no theme with this id. */
  updateTheme(
    procedureKey: string,
    id: number,
    changes: Partial<NewTheme>,
    audit: AuditEntry,
  ): Promise<Theme | undefined>;
  deleteTheme(procedureKey: string, id: number, audit: AuditEntry): Promise<boolean>;
}

type ThemeRow = { id: number; name: string; keywords: string | string[] };

/**
 * Marks the procedure's list as started (a row in theme_lists); 1 for the one call that did,
 * whichever node made it, so the starter set is given once.
 */
function startThemeList(procedureKey: string): Work<number> {
  return run(
    `INSERT INTO theme_lists (procedure_id) SELECT id FROM procedures WHERE key = $1
     ON CONFLICT DO NOTHING`,
    [procedureKey],
  );
}

function* insertTheme(procedureKey: string, theme: NewTheme): Work<Theme | undefined> {
  const inserted = yield* row<ThemeRow>(
    `INSERT INTO themes (procedure_id, name, keywords)
     SELECT id, $2, $3 FROM procedures WHERE key = $1 RETURNING id, name, keywords`,
    [procedureKey, theme.name, JSON.stringify(theme.keywords)],
  );
  return inserted && toTheme(inserted);
}

export function themeStore(db: SqlDatabase): ThemeStore {
  return {
    listThemes: (procedureKey, starter) =>
      db.transaction(function* () {
        if ((yield* startThemeList(procedureKey)) === 1) {
          for (const theme of starter) yield* insertTheme(procedureKey, theme);
          yield* restartThemeCounts(db.dialect, procedureKey);
        }
        const found = yield* rows<ThemeRow>(
          `SELECT id, name, keywords FROM themes
           WHERE procedure_id = (SELECT id FROM procedures WHERE key = $1) ORDER BY id`,
          [procedureKey],
        );
        return found.map(toTheme);
      }),

    createTheme: (procedureKey, theme, entry) =>
      db.transaction(function* () {
        yield* startThemeList(procedureKey);
        const created = yield* insertTheme(procedureKey, theme);
        if (created) {
          yield* restartThemeCounts(db.dialect, procedureKey);
          yield* insertAudit(entry);
        }
        return created;
      }),

    updateTheme: (procedureKey, id, changes, entry) =>
      db.transaction(function* () {
        const updated = yield* row<ThemeRow>(
          `UPDATE themes SET name = coalesce($3, name), keywords = coalesce($4, keywords)
           WHERE id = $2 AND procedure_id = (SELECT id FROM procedures WHERE key = $1)
           RETURNING id, name, keywords`,
          [
            procedureKey,
            id,
            changes.name ?? null,
            changes.keywords ? JSON.stringify(changes.keywords) : null,
          ],
        );
        if (updated) {
          // A new name counts the same comments.
          if (changes.keywords) yield* restartThemeCounts(db.dialect, procedureKey);
          yield* insertAudit(entry);
        }
        return updated && toTheme(updated);
      }),

    deleteTheme: (procedureKey, id, entry) =>
      db.transaction(function* () {
        const deleted = yield* run(
          `DELETE FROM themes
           WHERE id = $2 AND procedure_id = (SELECT id FROM procedures WHERE key = $1)`,
          [procedureKey, id],
        );
        if (deleted === 0) return false;
        yield* restartThemeCounts(db.dialect, procedureKey);
        yield* insertAudit(entry);
        return true;
      }),
  };
}

function toTheme(row: ThemeRow): Theme {
  return { id: row.id, name: row.name, keywords: json<string[]>(row.keywords) };
}
