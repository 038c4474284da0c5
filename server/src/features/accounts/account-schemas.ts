import { z } from 'zod';
import { freeText } from '../../http/free-text.ts';
import { procedureKey } from '../../http/procedure-params.ts';
import type { LoggedAuditEntry } from '../../store/audit.ts';
import { auditActions } from '../../store/store.ts';

export const credentials = z.object({
  email: z.email().max(254),
  // Passphrases welcome; the floor is ANSSI's for a password alone.
  password: z.string().min(12).max(1000),
});

export const roleName = z.enum(['owner', 'viewer']);

/** Someone who holds a role on a procedure, as its «Accès» lists them. */
export const procedurePerson = z.object({ email: z.string(), role: roleName });

/** Giving a role on a procedure, or taking it away (`null`). */
export const roleChange = z.object({ role: roleName.nullable() });

export const userView = z.object({
  id: z.int(),
  email: z.string(),
  isAdmin: z.boolean(),
  roles: z.record(z.string(), roleName).meta({ description: 'Role by procedure key.' }),
  organisations: z
    .record(z.string(), z.enum(['admin', 'member']))
    .meta({ description: 'Role by organisation id.' }),
  createdAt: z.iso.datetime(),
});

export const newUser = credentials.extend({
  isAdmin: z.boolean().default(false),
  roles: z
    .record(procedureKey, roleName)
    .default({})
    .meta({ description: 'Role by procedure key.' }),
});

export const apiKeyView = z.object({
  id: z.int(),
  userId: z.int(),
  organisationId: z
    .int()
    .nullable()
    .meta({ description: 'The organisation it acts in; null: a platform-wide key.' }),
  name: z.string(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedOn: z.iso.date().nullable().meta({
    description:
      'The last day it was used (YYYY-MM-DD, in TZ_REPORT), recorded once a day; null: never.',
  }),
});

/** A new API key, with its secret: shown this once. */
export const newApiKeyView = apiKeyView.extend({
  key: z.string().meta({ description: 'Send as Authorization: Bearer …' }),
});

export const newApiKey = z.object({
  name: freeText({ max: 100 }),
  userId: z.int().optional().meta({ description: 'The account it acts for; default: yours.' }),
});

export const idParams = z.object({ id: z.coerce.number().int().min(1) });

/** One line of the audit log: who did what, to what. */
export const auditEntryView = z.object({
  id: z.int().meta({ description: 'Its place in the log: ask for older entries `before` it.' }),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** A page of the audit log: the newest entries, or those before an entry's id; of one action. */
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ description: 'The id of the oldest entry read so far: the next page is older.' }),
  action: z.enum(auditActions).optional(),
});

/** What the store gives, as the API serves it. */
export const viewOfAuditEntry = ({ id, at, actor, action, target, details }: LoggedAuditEntry) => ({
  id,
  at: at.toISOString(),
  actor,
  action,
  target,
  details,
});

/** The first account, made with the one-time link printed at first start. */
export const firstAccount = credentials.extend({
  token: z.string(),
  organisationName: freeText({ max: 200 }).optional().meta({
    description:
      'The default organisation’s name, while it bears the placeholder «Organisation par défaut» (ORGANISATION_NAME names it too); shown on the public results pages.',
  }),
});
