import type { AuditAction } from '../../../common/audit-codes.ts';
import { json, time } from './codec.ts';
import { row, rows, run, type SqlDatabase, type Work } from './sql.ts';

/** Who acted, when nobody known did: a refused sign-in before anyone proved who they are. */
export const unknownActor = 'anonymous';

export type AuditEntry = {
  at: Date;
  /** Who: the user's e-mail, `cli`, or `anonymous` (unknownActor). */
  actor: string;
  action: AuditAction;
  target: string;
  details: Record<string, unknown>;
  /** The organisation it is about, whose administrators may read it. */
  organisationId?: number | undefined;
  /** The keys of the procedures it is about, whose journals list it. */
  procedureKeys?: readonly string[] | undefined;
};

/** An entry as read back: its id orders the log (older entries are read `before` one). */
export type LoggedAuditEntry = AuditEntry & { id: number };

/** Which entries to read: older than the entry `before` (the next page), of one action. */
export type AuditFilter = { before?: number | undefined; action?: AuditAction | undefined };

/** The part of the store about the audit log: who did what, read newest first. */
export interface AuditStore {
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Several entries in one transaction (a sign-in about a person of several organisations). */
  appendAudits(entries: readonly AuditEntry[]): Promise<void>;
  /** The newest entries first. */
  listAudit(limit: number, filter?: AuditFilter): Promise<LoggedAuditEntry[]>;
  /** The newest entries about one procedure first (its journal). */
  listProcedureAudit(
    procedureKey: string,
    limit: number,
    filter?: AuditFilter,
  ): Promise<LoggedAuditEntry[]>;
  /** The newest entries about one organisation first. */
  listOrganisationAudit(
    organisationId: number,
    limit: number,
    filter?: AuditFilter,
  ): Promise<LoggedAuditEntry[]>;
}

type AuditRow = {
  id: number;
  at: number | Date;
  actor: string;
  /** Only ever written from an AuditAction. */
  action: AuditAction;
  target: string;
  details: string | Record<string, unknown>;
  organisation_id: number | null;
};

/** Writes `entry` to the audit log, in the work (and so the transaction) that made the change. */
export function* insertAudit(entry: AuditEntry): Work<void> {
  yield* insertAudits([entry]);
}

/**
 * Writes `entries` in one statement whatever their number: a refused sign-in takes as long for a
 * person of three organisations as for an unknown e-mail. An entry about procedures is written
 * alone, then filed under each of them, and under one of their organisations when it names none
 * (a procedure's owner deleting an answer, say: the organisation's administrators read it).
 */
function* insertAudits(entries: readonly AuditEntry[]): Work<void> {
  const general = entries.filter((entry) => !entry.procedureKeys?.length);
  if (general.length > 0) {
    const placeholders = general.map(
      (_, entry) => `(${[1, 2, 3, 4, 5, 6].map((n) => `$${entry * 6 + n}`).join(', ')})`,
    );
    yield* run(
      `INSERT INTO audit_log (at, actor, action, target, details, organisation_id)
       VALUES ${placeholders.join(', ')}`,
      general.flatMap(auditValues),
    );
  }
  for (const entry of entries) {
    const keys = [...new Set(entry.procedureKeys)];
    if (keys.length === 0) continue;
    // Filed under an organisation of its procedures too (the lowest id, as migration 020 / 017
    // filed the entries written before), whose administrators read it.
    const written = yield* row<{ id: number }>(
      `INSERT INTO audit_log (at, actor, action, target, details, organisation_id)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, (SELECT min(organisation_id) FROM procedures
         WHERE key IN (${keys.map((_, i) => `$${i + 7}`).join(', ')})))) RETURNING id`,
      [...auditValues(entry), ...keys],
    );
    yield* run(
      `INSERT INTO audit_procedures (procedure_key, audit_id)
       VALUES ${keys.map((_, i) => `($${i + 2}, $1)`).join(', ')}`,
      [written?.id, ...keys],
    );
  }
}

function auditValues(entry: AuditEntry): unknown[] {
  return [
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    JSON.stringify(entry.details),
    entry.organisationId ?? null,
  ];
}

/**
 * A write and its audit entry, in the same work: the entry is written only if the write changed a
 * row (a change that found nothing to change leaves no trace). Returns the count of rows changed.
 */
export function* audited(write: Work<number>, entry: AuditEntry | undefined): Work<number> {
  const changed = yield* write;
  if (changed > 0 && entry) yield* insertAudit(entry);
  return changed;
}

// A bound, never `$1 IS NULL OR …`: each statement keeps its index (the primary key, or
// (organisation_id, id)) under a generic plan too, however far back the reader pages. The casts
// tell PostgreSQL the parameters' types where nothing else does.
const newestFirst = `id < coalesce(CAST($1 AS bigint), 9223372036854775807)
  AND (CAST($2 AS text) IS NULL OR action = $2) ORDER BY id DESC LIMIT $3`;

export function auditStore(db: SqlDatabase): AuditStore {
  const readPage = (where: string, values: readonly unknown[]) =>
    db.read(function* () {
      const found = yield* rows<AuditRow>(`SELECT * FROM audit_log WHERE ${where}`, values);
      return found.map(toAuditEntry);
    });
  return {
    appendAudit: (entry) => db.read(() => insertAudit(entry)),

    appendAudits: async (entries) => {
      if (entries.length > 0) await db.read(() => insertAudits(entries));
    },

    listAudit: (limit, { before, action } = {}) =>
      readPage(newestFirst, [before ?? null, action ?? null, limit]),

    listProcedureAudit: (procedureKey, limit, { before, action } = {}) =>
      readPage(
        `id IN (SELECT audit_id FROM audit_procedures WHERE procedure_key = $4) AND ${newestFirst}`,
        [before ?? null, action ?? null, limit, procedureKey],
      ),

    listOrganisationAudit: (organisationId, limit, { before, action } = {}) =>
      readPage(`organisation_id = $4 AND ${newestFirst}`, [
        before ?? null,
        action ?? null,
        limit,
        organisationId,
      ]),
  };
}

function toAuditEntry(row: AuditRow): LoggedAuditEntry {
  return {
    id: row.id,
    // The organisation only when there is one.
    ...(row.organisation_id !== null && { organisationId: row.organisation_id }),
    at: time(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: json(row.details),
  };
}
