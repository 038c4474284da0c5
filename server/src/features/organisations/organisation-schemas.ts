import { z } from 'zod';
import { freeText } from '../../http/free-text.ts';

/** An e-mail domain such as `interieur.gouv.fr`, kept in lower case. */
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: 'is not an e-mail domain such as interieur.gouv.fr',
  });

export const organisationRole = z.enum(['admin', 'member']);

export const newOrganisation = z.object({
  name: freeText({ max: 200 }),
  domains: z.array(domain).max(50).default([]),
});

export const organisationChanges = z.object({
  name: freeText({ max: 200 }).optional(),
  domains: z.array(domain).max(50).optional(),
});

export const organisationView = z.object({
  id: z.int(),
  name: z.string(),
  domains: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

/** In the caller's list: with the caller's own role there (`null` for a platform administrator). */
export const organisationOfCaller = organisationView.extend({
  role: organisationRole.nullable(),
});

export const organisationParams = z.object({
  organisationId: z.coerce.number().int().min(1),
});

export const memberParams = organisationParams.extend({ userId: z.coerce.number().int().min(1) });

export const apiKeyParams = organisationParams.extend({ id: z.coerce.number().int().min(1) });

export const memberView = z.object({
  userId: z.int(),
  email: z.string(),
  role: organisationRole,
  roles: z
    .record(z.string(), z.enum(['owner', 'viewer']))
    .meta({ description: "Role by procedure key, on this organisation's procedures." }),
});

export const membershipChange = z.object({ role: organisationRole });

export const accessRequestParams = organisationParams.extend({
  id: z.coerce.number().int().min(1),
});

export const accessRequestView = z.object({
  id: z.int(),
  email: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  createdAt: z.iso.datetime(),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
});

export const accessRequestApproval = z.object({
  role: organisationRole.meta({ description: 'What the person becomes in the organisation.' }),
});
