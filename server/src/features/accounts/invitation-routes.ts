import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hashPassword } from '../../auth/passwords.ts';
import { secretHash } from '../../auth/secrets.ts';
import { principalOf } from '../../http/access.ts';
import { auditEntry } from '../../http/audit-entry.ts';
import { startSession } from '../../http/authentication.ts';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import { type TargetLimit, targetLimiter } from '../../http/target-limit.ts';
import type { Store } from '../../store/store.ts';
import type { MailSender } from '../mail/mail-sender.ts';
import { userView } from './account-schemas.ts';
import { refusalDetail } from './create-account.ts';
import { type InvitationRefusal, invitationsPerRecipient, invite } from './invite.ts';
import {
  invitationAcceptance,
  invitationToken,
  invitationView,
  newInvitation,
} from './mail-account-schemas.ts';
import { refuseWhenPasswordsAreOff } from './password-login.ts';
import { viewOfUser } from './user-view.ts';

const accountExists =
  'An account with this address exists already: sign in with it; an administrator of the organisation can then give it access.';
const deadLink = 'This invitation is unknown, already used, replaced by a newer one, or expired.';

/**
 * Acceptances per invitation link an hour, across nodes: a live link hashes the password before
 * it is used up, so parallel tries with it would each cost a hash. Five are plenty for someone
 * choosing a password.
 */
const acceptsPerInvitation: TargetLimit = {
  name: 'invitation-accept',
  max: 5,
  windowMs: 60 * 60 * 1000,
  what: 'this invitation link',
};

/** The problem a refused invitation answers. */
function invitationProblem(refusal: InvitationRefusal): HttpProblem {
  switch (refusal.refused) {
    case 'admin-only':
      return new HttpProblem(403, 'Only an administrator may invite an administrator.');
    case 'unknown-procedure':
      return new HttpProblem(404, `There is no procedure with the key ${refusal.procedureKey}.`);
    case 'not-owner':
      return new HttpProblem(403, `Only an owner of ${refusal.procedureKey} may invite to it.`);
    case 'several-organisations':
      return new HttpProblem(400, 'Invite to the procedures of one organisation at a time.');
  }
}

/**
 * Invitations by mail (docs/design.md §9): an admin invites anyone, an owner invites to the
 * procedures they own; the link (7 days, single use, stored hashed) opens a page to choose a
 * password.
 */
export const invitationRoutes: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  mailSender: MailSender;
  /** Where mailed links point: configured, never a request's Host. */
  publicOrigin: string;
  passwordLogin: boolean;
  clientKeyOf: (address: string) => string;
}> = async (app, { store, now, mailSender, publicOrigin, passwordLogin, clientKeyOf }) => {
  const tags = ['administration'];
  const limitPerTarget = targetLimiter(store, now);
  const invitationsToRecipient = limitPerTarget(invitationsPerRecipient);
  const acceptsOfInvitation = limitPerTarget(acceptsPerInvitation);

  app.post(
    '/api/v1/invitations',
    {
      // Owners too, for their own procedures: checked below, against the body.
      config: { access: 'signed-in' },
      schema: {
        operationId: 'inviteUser',
        tags,
        summary: 'Invite someone by mail, with a role',
        description:
          "Mails a link, valid 7 days, to choose a password; inviting the same address again sends a new link and voids the earlier one of the same organisation (another organisation's invitation stays: an invitation belongs to the organisation of its procedures, which must all be of one). An admin may invite with any role; an owner, as owner or viewer of procedures they own; a procedure of another organisation answers 404. The answer is the same whether the address has an account or not: an account of the procedures' organisation gets the roles at once (never lowered) and a mail saying so; an account of another organisation, or of none, gets nothing but a mail saying who invited it, since nobody may pull an account into their organisation (a platform administrator can give it a role: PUT /api/v1/users/{id}/roles/{key}). One address is mailed at most five invitations a day, whoever sends them (then 429).",
        body: newInvitation,
        response: { 201: invitationView, ...problems(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const { user } = principalOf(request);
      const result = await invite(
        { store, invitationsToRecipient, publicOrigin, passwordLogin },
        { inviter: user, ...request.body },
        now(),
      );
      if ('refused' in result) throw invitationProblem(result);
      mailSender.wake();
      return reply.code(201).send({
        ...result.invited,
        expiresAt: result.invited.expiresAt.toISOString(),
      });
    },
  );

  app.post(
    '/api/v1/invitations/preview',
    {
      // The link's token is the credential here: guesses are cheap (no hash, no mail) but
      // limited all the same, so that links cannot be tried by the thousand.
      config: {
        access: 'public',
        rateLimit: {
          max: 30,
          timeWindow: 15 * 60 * 1000,
          keyGenerator: (request) => `invitation-preview:${clientKeyOf(request.ip)}`,
        },
      },
      schema: {
        operationId: 'previewInvitation',
        tags,
        summary: 'What an invitation link offers, before choosing a password',
        description: 'The token travels in the body, never in a URL that logs would keep.',
        security: [],
        body: invitationToken,
        response: { 200: invitationView, ...problems(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const invitation = await store.findInvitation(secretHash(request.body.token), now());
      if (!invitation) throw new HttpProblem(404, deadLink);
      const { email, isAdmin, roles, expiresAt } = invitation;
      return { email, isAdmin, roles, expiresAt: expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      config: {
        access: 'public',
        // Per client; per invitation, once the link is known to be live (below).
        rateLimit: {
          max: 10,
          timeWindow: 15 * 60 * 1000,
          keyGenerator: (request) => `invitation-accept:${clientKeyOf(request.ip)}`,
        },
      },
      schema: {
        operationId: 'acceptInvitation',
        tags,
        summary: 'Make the invited account with its password, and log in',
        security: [],
        body: invitationAcceptance,
        response: { 201: userView, ...problems(400, 401, 403, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      // Then signing in with ProConnect with the invited address takes the invitation up.
      refuseWhenPasswordsAreOff(passwordLogin);
      const { token, password } = request.body;
      const tokenHash = secretHash(token);
      // Cheap checks before the hash (~0.35 s of CPU, issue 24): a made-up link costs one lookup.
      const invitation = await store.findInvitation(tokenHash, now());
      if (!invitation) throw new HttpProblem(404, deadLink);
      // Invitations belong to their organisation: another's, to the same address, stays live once
      // one is accepted. Said before any hash; the link's holder owns the mailbox, so telling
      // them the address has an account reveals nothing.
      if (await store.findUserByEmail(invitation.email)) throw new HttpProblem(409, accountExists);
      await acceptsOfInvitation.take(tokenHash);
      const passwordHash = await hashPassword(password);
      const user = await store.acceptInvitation({ tokenHash }, passwordHash, now(), (made) =>
        auditEntry({ name: made.email, now }, 'user.create', made.email, {
          isAdmin: made.isAdmin,
          roles: made.roles,
          invited: true,
        }),
      );
      if (!user) throw new HttpProblem(404, deadLink);
      // An account made meanwhile, between the check above and this transaction.
      if ('refused' in user)
        throw new HttpProblem(
          409,
          user.refused === 'email-taken' ? accountExists : refusalDetail(user, 'this invitation'),
        );
      await startSession(reply, store, user, now());
      return reply.code(201).send(viewOfUser(user));
    },
  );
};
