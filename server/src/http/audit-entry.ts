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

/** One audit log entry, dated now: the only place one is made. */
export function auditEntry(
  actor: Actor,
  action: AuditAction,
  target: string,
  details: Record<string, unknown> = {},
): AuditEntry {
  return { at: actor.now(), actor: actor.name, action, target, details };
}
