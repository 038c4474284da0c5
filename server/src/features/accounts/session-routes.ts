import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { secretHash } from '../../auth/secrets.ts';
import { principalOf } from '../../http/access.ts';
import { endSessionCookie, startSession } from '../../http/authentication.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { targetLimiter } from '../../http/target-limit.ts';
import type { Store } from '../../store/store.ts';
import { credentials, firstAccount, userView } from './account-schemas.ts';
import { createAccount, refusalDetail } from './create-account.ts';
import { nameDefaultOrganisation } from './default-organisation.ts';
import { refuseWhenPasswordsAreOff } from './password-login.ts';
import { signIn, signInFailuresPerAccount } from './password-sign-in.ts';
import { viewOfUser } from './user-view.ts';

export type SessionRouteOptions = {
  store: Store;
  now: () => Date;
  /** The one-time secret of the first-start link; useless once an account exists. */
  setupToken: string;
  clientKeyOf: (address: string) => string;
  /** False: password sign-in is off (PASSWORD_LOGIN=false), ProConnect only. */
  passwordLogin?: boolean;
  /** Where to send the browser to end its ProConnect session too, if it was signed in by it. */
  endSessionUrl?: (request: FastifyRequest, reply: FastifyReply) => Promise<string | undefined>;
};

/** Log in and out, who am I, and the first admin account (docs/design.md §4, §5). */
export const sessionRoutes: FastifyPluginAsyncZod<SessionRouteOptions> = async (app, options) => {
  const { store, now, setupToken, clientKeyOf } = options;
  const tags = ['session'];
  const signInFailures = targetLimiter(store, now)(signInFailuresPerAccount);

  app.post(
    '/api/v1/session',
    {
      schema: {
        operationId: 'logIn',
        tags,
        summary: 'Log in',
        security: [],
        body: credentials,
        // Credentials sent along are checked: a stale key gets a 401, a session cookie from another
        // origin a 403.
        response: { 200: userView, ...problems(400, 401, 403, 413, 415, 429, 503) },
      },
      // Ten tries per 15 minutes per client: enough for typos, too few for guessing.
      config: {
        access: 'public',
        rateLimit: {
          max: 10,
          timeWindow: 15 * 60 * 1000,
          keyGenerator: (request) => `login:${clientKeyOf(request.ip)}`,
        },
      },
    },
    async (request, reply) => {
      const result = await signIn(
        { store, signInFailures, passwordLogin: options.passwordLogin, now },
        request.body,
      );
      if ('refused' in result) {
        // The switch says so; every other reason is answered alike.
        refuseWhenPasswordsAreOff(options.passwordLogin);
        throw new HttpProblem(401, 'Wrong e-mail or password.');
      }
      await startSession(reply, store, result.user, now());
      return viewOfUser(result.user);
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'logOut',
        tags,
        summary: 'Log out',
        response: {
          200: z.object({
            endSessionUrl: z.url().meta({
              description: 'Signed in with ProConnect: open this to end its session too.',
            }),
          }),
          204: noContent('Logged out'),
          ...problems(401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.sessionHash) await store.deleteSession(principal.sessionHash);
      endSessionCookie(reply);
      const endSessionUrl = await options.endSessionUrl?.(request, reply);
      if (endSessionUrl) return reply.code(200).send({ endSessionUrl });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'getCurrentUser',
        tags,
        summary: 'Who am I',
        response: { 200: userView, ...problems(401, 503) },
      },
    },
    async (request) => viewOfUser(principalOf(request).user),
  );

  app.post(
    '/api/v1/setup',
    {
      // The link's token is the credential here.
      config: {
        access: 'public',
        rateLimit: {
          max: 10,
          timeWindow: 15 * 60 * 1000,
          keyGenerator: (request) => `setup:${clientKeyOf(request.ip)}`,
        },
      },
      schema: {
        operationId: 'createFirstAdmin',
        tags,
        summary: 'Create the first admin account, with the link printed at first start',
        security: [],
        body: firstAccount,
        response: { 201: userView, ...problems(400, 401, 403, 409, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const { token, email, password, organisationName } = request.body;
      if ((await store.countUsers()) > 0) {
        throw new HttpProblem(409, 'The first account exists already: log in instead.');
      }
      // Compared as hashes: the time taken says nothing about how much of the token matched.
      if (secretHash(token) !== secretHash(setupToken)) {
        throw new HttpProblem(403, 'This setup link is not valid.');
      }
      // Cheap checks first; the password is hashed last (createAccount). No limit per link: a
      // wrong token is refused above at no cost, and the right one makes one account, once.
      const user = await createAccount(
        store,
        { email, password, isAdmin: true, roles: {} },
        { name: email, now },
        'setup',
      );
      if ('refused' in user) throw new HttpProblem(409, refusalDetail(user, email));
      if (organisationName)
        await nameDefaultOrganisation(store, organisationName, { name: email, now });
      await startSession(reply, store, user, now());
      return reply.code(201).send(viewOfUser(user));
    },
  );
};
