import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword } from '../../auth/passwords.ts';
import { newSecret, secretHash } from '../../auth/secrets.ts';
import { auditEntry } from '../../http/audit-entry.ts';
import { startSession } from '../../http/authentication.ts';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import { type TargetLimit, targetLimiter } from '../../http/target-limit.ts';
import type { Store } from '../../store/store.ts';
import { passwordResetMail } from '../mail/account-mails.ts';
import type { MailSender } from '../mail/mail-sender.ts';
import { userView } from './account-schemas.ts';
import { resetConfirmation, resetRequest } from './mail-account-schemas.ts';
import { refuseWhenPasswordsAreOff } from './password-login.ts';
import { viewOfUser } from './user-view.ts';

/** docs/design.md §9: a reset link lasts an hour. */
export const passwordResetLifetimeMs = 60 * 60 * 1000;
/** Links one account may be sent an hour, whoever asks: enough for a lost mail, too few to flood. */
const resetsPerAccountHourly = 3;

/** «Mot de passe oublié ?»: a link by mail, then a new password (docs/design.md §9). */
export const passwordResetRoutes: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  mailSender: MailSender;
  /** Where mailed links point: configured, never a request's Host. */
  publicOrigin: string;
  clientKeyOf: (address: string) => string;
  passwordLogin: boolean;
}> = async (app, { store, now, mailSender, publicOrigin, clientKeyOf, passwordLogin }) => {
  const tags = ['session'];

  app.post(
    '/api/v1/password-reset',
    {
      config: {
        access: 'public',
        // Per client; per account, see below.
        rateLimit: {
          max: 5,
          timeWindow: 15 * 60 * 1000,
          keyGenerator: (request) => `password-reset:${clientKeyOf(request.ip)}`,
        },
      },
      schema: {
        operationId: 'requestPasswordReset',
        tags,
        summary: 'Send a link to choose a new password',
        description:
          'Answers 202 at once, whether the e-mail has an account or not (so that nobody learns which addresses do); when it has, a link valid one hour is mailed, at most three an hour.',
        security: [],
        body: resetRequest,
        response: {
          202: z.object({ status: z.literal('accepted') }).meta({
            description: 'A link is on its way if the address has an account.',
          }),
          ...problems(400, 401, 403, 413, 415, 429, 503),
        },
      },
    },
    async (request, reply) => {
      refuseWhenPasswordsAreOff(passwordLogin);
      const { email } = request.body;
      // After the answer, so that neither it nor its timing says whether the account exists.
      mailSender.writeThenSend(async () => {
        const user = await store.findUserByEmail(email);
        if (!user) return;
        const at = now();
        const token = newSecret();
        // In the fragment: never sent to a server, nor in a Referer.
        const link = `${publicOrigin}/dashboard/password#token=${token}`;
        const written = await store.createPasswordReset(
          {
            userId: user.id,
            tokenHash: secretHash(token),
            expiresAt: new Date(at.getTime() + passwordResetLifetimeMs),
          },
          passwordResetMail(user.email, link),
          at,
          { max: resetsPerAccountHourly, since: new Date(at.getTime() - 60 * 60 * 1000) },
        );
        if (!written)
          request.log.warn({ userId: user.id }, 'password reset: too many links this hour');
      });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  // Per link, across nodes; a live link is used once, so five tries an hour are plenty.
  const confirmsPerLink: TargetLimit = {
    name: 'password-reset-confirm',
    max: 5,
    windowMs: 60 * 60 * 1000,
    what: 'this link',
  };
  const confirmsOfLink = targetLimiter(store, now)(confirmsPerLink);
  app.post(
    '/api/v1/password-reset/confirm',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: 10,
          timeWindow: 15 * 60 * 1000,
          // Its own name: a store shared between routes would otherwise mix the two counts.
          keyGenerator: (request) => `password-reset-confirm:${clientKeyOf(request.ip)}`,
        },
      },
      schema: {
        operationId: 'confirmPasswordReset',
        tags,
        summary: 'Choose a new password with the link sent by mail',
        description:
          'Sets the password, ends every other session of the account, and logs in. The link works once, for one hour.',
        security: [],
        body: resetConfirmation,
        response: { 200: userView, ...problems(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      refuseWhenPasswordsAreOff(passwordLogin);
      const { token, password } = request.body;
      const tokenHash = secretHash(token);
      const deadLink = new HttpProblem(
        404,
        'This link is unknown, already used or expired: ask for a new one from the log-in page.',
      );
      // Cheap checks before the hash (~0.35 s of CPU, issue 24): a made-up link costs one lookup.
      if (!(await store.isPasswordResetLive(tokenHash, now()))) throw deadLink;
      await confirmsOfLink.take(tokenHash);
      const passwordHash = await hashPassword(password);
      // Whoever holds the link acts as the account: the mailbox is the identity.
      const userId = await store.resetPassword(tokenHash, passwordHash, now(), ({ email }) =>
        auditEntry({ name: email, now }, 'password.reset', email),
      );
      if (userId === undefined) throw deadLink;
      const user = await store.findUser(userId);
      if (!user) throw new HttpProblem(404, 'This account was deleted.');
      await startSession(reply, store, user, now());
      return viewOfUser(user);
    },
  );
};
