import { z } from 'zod';
import { procedureKey } from '../../http/procedure-params.ts';
import { credentials, roleName } from './account-schemas.ts';

/** «Mot de passe oublié ?»: the address to mail a link to. */
export const resetRequest = z.object({ email: credentials.shape.email });

/** The link's token (from the mail) and the new password. */
export const resetConfirmation = z.object({
  token: z.string().min(1).max(200),
  password: credentials.shape.password,
});

export const newInvitation = z
  .object({
    email: credentials.shape.email,
    role: z.enum(['admin', ...roleName.options]),
    procedures: z
      .array(procedureKey)
      .max(1000)
      .default([])
      .meta({ description: 'The procedures an owner or viewer gets the role on.' }),
  })
  .refine((invitation) => invitation.role === 'admin' || invitation.procedures.length > 0, {
    path: ['procedures'],
    message: 'An owner or a viewer needs at least one procedure.',
  });

export const invitationView = z.object({
  email: z.string(),
  isAdmin: z.boolean(),
  roles: z.record(z.string(), roleName).meta({ description: 'Role by procedure key.' }),
  expiresAt: z.iso.datetime(),
});

export const invitationToken = z.object({ token: z.string().min(1).max(200) });
export const invitationAcceptance = invitationToken.extend({
  password: credentials.shape.password,
});

/** What mail a person gets (docs/design.md §9). */
export const mailPreferencesView = z.object({
  digest: z
    .enum(['weekly', 'monthly', 'none'])
    .meta({ description: 'The digest: every Monday, the first Monday of the month, or never.' }),
  alerts: z.boolean().meta({ description: 'Drop and silence alerts for the procedures owned.' }),
});
export const mailPreferencesChange = mailPreferencesView.partial();
