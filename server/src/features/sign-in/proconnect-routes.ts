import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import type { OidcConfig } from '../../config.ts';
import { startSession } from '../../http/authentication.ts';
import { problems } from '../../http/problem-schema.ts';
import { html } from '../../pages/html.ts';
import { sendPage } from '../../pages/send-page.ts';
import type { Brand } from '../../pages/site-header.ts';
import type { Store } from '../../store/store.ts';
import type { MailSender } from '../mail/mail-sender.ts';
import { type Exchanged, exchangeCode, type PendingChecks } from './proconnect-exchange.ts';
import { idTokenCookie } from './proconnect-logout.ts';
import {
  type Deciders,
  decideProConnectSignIn,
  type RefusedDecision,
} from './proconnect-sign-in.ts';

/** The sign-in in progress: state, nonce and PKCE verifier, for one browser, ten minutes. */
const pendingCookie = '__Host-proconnect-pending';
const pendingSeconds = 10 * 60;
const pending = z.object({ state: z.string(), nonce: z.string(), verifier: z.string() });

/**
 * «S'identifier avec ProConnect» (docs/design.md §11): the authorization code flow with PKCE, state
 * and nonce. The ID token and the signed userinfo are verified by openid-client; the account is
 * found by its e-mail. Any refusal is a plain page in French saying what to do, never a stack
 * trace, and is written in the audit log with its reason.
 */
export const proConnectRoutes: FastifyPluginAsync<{
  store: Store;
  now: () => Date;
  oidc: OidcConfig;
  configuration: () => Promise<client.Configuration>;
  /** Where ProConnect sends the browser back: configured, never a request's Host. */
  publicOrigin: string;
  mailSender: MailSender;
  pageStylesheet: string | undefined;
  /** Who runs the service, as the pages' header says. */
  brand: Brand;
  clientKeyOf: (address: string) => string;
}> = async (
  app,
  { store, now, oidc, configuration, publicOrigin, mailSender, pageStylesheet, brand, clientKeyOf },
) => {
  const stylesheets = pageStylesheet ? [`/${pageStylesheet}`] : [];
  const header = { brand, home: '/dashboard/' };
  const callback = `${publicOrigin}/api/v1/oidc/callback`;
  /** A page that says, in plain French, what happened and what to do, and leads back. */
  const sayWhy = (reply: FastifyReply, status: number, title: string, text: string) =>
    sendPage(reply, status, {
      lang: 'fr',
      title,
      stylesheets,
      header,
      body: html`<h1>${title}</h1>
<p>${text}</p>
<p><a href="/dashboard/">Revenir à la page de connexion</a></p>`,
    });

  const providerDown = (reply: FastifyReply) =>
    sayWhy(
      reply.header('retry-after', '60'),
      503,
      'ProConnect ne répond pas',
      'Le service d’identification ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes.',
    );

  const unconfirmed =
    'ProConnect n’a pas pu confirmer votre identité. Recommencez depuis la page de connexion.';
  /** «les administrateurs» after «Qui décide :», «aux administrateurs» after «adressez-vous». */
  const decidersOf = ({ organisation, admins }: Deciders) =>
    admins.length
      ? `administrateurs de ${organisation.name}\u202f: ${admins.join(', ')}`
      : `administrateurs de ${organisation.name}`;

  /** Each refusal's page: what happened, and what to do. */
  const sayRefused = (reply: FastifyReply, { refused, deciders }: RefusedDecision) => {
    const refusal = (text: string, title = 'Connexion refusée') => sayWhy(reply, 403, title, text);
    if (deciders)
      return refusal(
        `Votre demande d’accès à ${deciders.organisation.name} a été refusée. Si vous pensez que c’est une erreur, adressez-vous aux ${decidersOf(deciders)}.`,
        'Demande refusée',
      );
    switch (refused) {
      case 'provider-unreachable':
        return providerDown(reply);
      case 'no-sign-in-in-progress':
        return refusal(
          'Cette connexion a expiré ou a déjà servi. Recommencez depuis la page de connexion.',
        );
      case 'e-mail-not-verified':
        return refusal(
          'Votre adresse e-mail n’est pas vérifiée par votre fournisseur d’identité\u202f: faites-la vérifier, puis recommencez.',
        );
      case 'cancelled':
        return refusal(
          'Vous avez annulé la connexion avec ProConnect. Pour vous connecter, recommencez depuis la page de connexion.',
          'Connexion annulée',
        );
      case 'no-account':
        return refusal(
          'Vous n’avez pas accès à ce service. Demandez à la personne qui gère ce service dans votre administration de vous inviter.',
        );
      default:
        return refusal(unconfirmed);
    }
  };

  /** No account yet: the access request is filed, or was already, and who decides on it. */
  const sayRequested = (reply: FastifyReply, outcome: 'created' | 'pending', deciders: Deciders) =>
    sendPage(reply, 200, {
      lang: 'fr',
      title: 'Demande envoyée',
      stylesheets,
      header,
      body: html`<h1>Demande envoyée</h1>
<p>Vous n’avez pas encore de compte sur ce service. Votre demande d’accès à ${deciders.organisation.name} ${outcome === 'created' ? 'vient d’être envoyée' : 'a bien été reçue et attend une réponse'}.</p>
<p>Qui décide\u202f: les ${decidersOf(deciders)}.</p>
<p>Quand votre demande sera acceptée, reconnectez-vous avec ProConnect\u202f: vous accéderez au tableau de bord.</p>
<p><a href="/dashboard/">Revenir à la page de connexion</a></p>`,
    });

  /**
   * A page of ours, not a redirect: the dashboard's request is then same-site, and carries the
   * session cookie (SameSite=Strict), which a redirect from ProConnect's site would not.
   */
  const saySignedIn = (reply: FastifyReply) =>
    sendPage(reply, 200, {
      lang: 'fr',
      title: 'Connexion réussie',
      stylesheets,
      header,
      body: html`<h1>Connexion réussie</h1>
<meta http-equiv="refresh" content="0; url=/dashboard/">
<p><a href="/dashboard/">Ouvrir le tableau de bord</a></p>`,
    });

  app.get(
    '/api/v1/oidc/login',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'startProConnectSignIn',
        tags: ['session'],
        summary: 'Sign in with ProConnect: redirects to it',
        description:
          'Starts the authorization code flow (PKCE, state, nonce) and redirects the browser to ProConnect.',
        security: [],
        response: {
          302: z.undefined().meta({ description: 'To ProConnect' }),
          401: z.undefined().meta({ description: 'Never: no credentials are read here' }),
          503: z.string().meta({
            description: 'ProConnect cannot be reached: a page saying to try again later',
          }),
        },
      },
    },
    async (request, reply) => {
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch (error) {
        // A page for the person who clicked the button, not an error document.
        request.log.error({ err: error }, 'ProConnect cannot be reached');
        return providerDown(reply);
      }
      const checks = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: callback,
        scope: oidc.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
        acr_values: 'eidas1',
      });
      // Lax, not Strict: the browser comes back from ProConnect's site, a cross-site navigation.
      reply.setCookie(pendingCookie, Buffer.from(JSON.stringify(checks)).toString('base64url'), {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        maxAge: pendingSeconds,
      });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/api/v1/oidc/callback',
    {
      config: {
        access: 'public',
        // Each refusal writes an audit entry: a client that forges callbacks is stopped here.
        // Thirty a quarter hour per client is far more than anyone signing in needs.
        rateLimit: {
          max: 30,
          timeWindow: 15 * 60 * 1000,
          keyGenerator: (request) => `proconnect:${clientKeyOf(request.ip)}`,
        },
      },
      schema: {
        operationId: 'finishProConnectSignIn',
        tags: ['session'],
        summary: 'Where ProConnect sends the browser back',
        description:
          'Checks state, nonce, PKCE, the ID token and the signed userinfo, then opens a session for the account of that e-mail. Without an account, an e-mail of an organisation’s domain files an access request (one pending at a time; none for 30 days after a refusal). Refusals are a page saying why.',
        security: [],
        response: {
          200: z.string().meta({
            description:
              'Signed in: a page that opens the dashboard; or, without an account but with an e-mail of an organisation’s domain, «Demande envoyée»: an access request its administrators decide on',
          }),
          401: z.undefined().meta({ description: 'Never: no credentials are read here' }),
          403: z.string().meta({ description: 'Refused: a page saying why and whom to ask' }),
          ...problems(429),
          503: z.string().meta({
            description: 'ProConnect cannot be reached: a page saying to try again later',
          }),
        },
      },
    },
    async (request, reply) => {
      const checks = readPending(request.cookies[pendingCookie]);
      // Single use: a replayed callback finds no sign-in in progress.
      reply.clearCookie(pendingCookie, {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
      });
      const exchanged: Exchanged = checks
        ? await exchangeCode(configuration, new URL(request.url, publicOrigin), checks)
        : { refused: 'no-sign-in-in-progress' };
      if ('error' in exchanged)
        request.log.warn(
          { err: exchanged.error, reason: exchanged.refused },
          'ProConnect sign-in refused',
        );
      const decision = await decideProConnectSignIn({ store, now, publicOrigin }, exchanged);
      if ('refused' in decision) return sayRefused(reply, decision);
      if ('accessRequest' in decision) {
        if (decision.accessRequest === 'created') mailSender.wake();
        return sayRequested(reply, decision.accessRequest, decision.deciders);
      }
      await startSession(reply, store, decision.signIn, now());
      if (decision.idToken)
        reply.setCookie(idTokenCookie, decision.idToken, {
          path: '/',
          httpOnly: true,
          secure: true,
          sameSite: 'strict',
        });
      return saySignedIn(reply);
    },
  );
};

/** The checks of the sign-in this browser started, if its cookie holds them. */
function readPending(raw: string | undefined): PendingChecks | undefined {
  if (!raw) return undefined;
  try {
    const checks = pending.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString()));
    return checks.success ? checks.data : undefined;
  } catch {
    return undefined;
  }
}
