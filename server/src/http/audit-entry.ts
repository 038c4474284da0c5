import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../store/audit.ts';
import type { AuditAction } from '../store/store.ts';
import { principalOf } from './access.ts';

/** Who acts, for the audit log: an account's e-mail, or `cli`; and the clock that dates it. */
export type Actor = { name: string; now: () => Date };

/** The caller of a private route, as the audit log names it. */
export function actorOf(request: FastifyRequest, now: () => Date): Actor {
  return { name: principalOf(request).user.email, now };
}

/** The command line's actor: whoever runs it on the server. */
export const cliActor: Actor = { name: 'cli', now: () => new Date() };

/**
 * One audit log entry, dated now: the only place one is made. It is filed under the procedures
 * it is about (their journals list it), read from what it says, as migration 018 (PostgreSQL 015)
 * filed the entries written before: a procedure's, answer's, theme's, improvement's or
 * questionnaire's entry is about the procedure its target names («key» or «key/id»); any entry
 * is about the `procedure`, `procedures` and `roles` (by procedure key) of its details.
 */
export function auditEntry(
  actor: Actor,
  action: AuditAction,
  target: string,
  details: Record<string, unknown> = {},
): AuditEntry {
  const procedureKeys: string[] = [];
  if (/^(procedure|answer|theme|improvement|questionnaire)\./.test(action))
    procedureKeys.push(target.split('/')[0] as string);
  const { procedure, procedures, roles } = details;
  if (typeof procedure === 'string') procedureKeys.push(procedure);
  if (Array.isArray(procedures)) procedureKeys.push(...procedures.filter(isString));
  if (roles && typeof roles === 'object' && !Array.isArray(roles))
    procedureKeys.push(...Object.keys(roles));
  return { at: actor.now(), actor: actor.name, action, target, details, procedureKeys };
}

const isString = (value: unknown): value is string => typeof value === 'string';
