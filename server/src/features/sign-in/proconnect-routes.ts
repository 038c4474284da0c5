import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import type { OidcConfig } from '../../config.ts';
import { startSession } from '../../http/authentication.ts';
import { problems } from '../../http/problem-schema.ts';
import { html } from '../../pages/html.ts';
import { sendPage } from '../../pages/send-page.ts';
import { type AuditAction, type AuditEntry, type Store, unknownActor } from '../../store/store.ts';
import { accessRequestMail } from '../mail/account-mails.ts';
import type { MailSender } from '../mail/mail-sender.ts';
import { type RefusalReason, refusalReason } from './proconnect-refusal.ts';
import { signInEntries } from './sign-in-audit.ts';

/** The sign-in in progress: state, nonce and PKCE verifier, for one browser, ten minutes. */
const pendingCookie = '__Host-proconnect-pending';
/** The ID token of a ProConnect session, which ProConnect asks for to end its own session. */
export const idTokenCookie = '__Host-proconnect';
const pendingSeconds = 10 * 60;
/**
 * A refused access request stands this long: signing in again shows the refusal, files nothing
 * and mails nobody (no way to flood the administrators); after it, a new request may be filed.
 */
export const refusalHoldsMs = 30 * 24 * 60 * 60 * 1000;

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
  clientKeyOf: (address: string) => string;
}> = async (
  app,
  { store, now, oidc, configuration, publicOrigin, mailSender, pageStylesheet, clientKeyOf },
) => {
  const stylesheets = pageStylesheet ? [`/${pageStylesheet}`] : [];
  const callback = `${publicOrigin}/api/v1/oidc/callback`;
  const audit = (
    action: AuditAction,
    target: string,
    details: Record<string, unknown>,
  ): AuditEntry => ({
    at: now(),
    actor: target,
    action,
    target,
    details,
  });

  /** A page that says, in plain French, what happened and what to do, and leads back. */
  const sayWhy = (reply: FastifyReply, status: number, title: string, text: string) =>
    sendPage(reply, status, {
      lang: 'fr',
      title,
      stylesheets,
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

  type Concerning = {
    /** The e-mail ProConnect vouched for: who acts, and whom it is about. */
    who?: string | undefined;
    /** An e-mail ProConnect gave without vouching for it: whom it is about, not who acts. */
    claimed?: string | undefined;
    /** The organisation whose administrators it concerns, whose log it goes to. */
    organisationId?: number | undefined;
  };
  /** Before ProConnect vouches for an e-mail, nobody proved who acts: the actor is unknown. */
  const logRefusal = (reason: RefusalReason, { who, claimed, organisationId }: Concerning = {}) =>
    store.appendAudit({
      at: now(),
      actor: who ?? unknownActor,
      action: 'sign-in.refused',
      target: who ?? claimed ?? '',
      details: { method: 'proconnect', reason },
      organisationId,
    });

  const refuse = async (
    reply: FastifyReply,
    reason: RefusalReason,
    text: string,
    { title = 'Connexion refusée', ...concerning }: Concerning & { title?: string } = {},
  ) => {
    await logRefusal(reason, concerning);
    return sayWhy(reply, 403, title, text);
  };

  /**
   * An invited agent who signs in with ProConnect before opening the invitation's link: ProConnect
   * vouches for the e-mail as the link would, so the invitation makes the account (without a
   * password: it signs in with ProConnect) with the roles it offered.
   */
  const takeUpInvitation = async (email: string) => {
    const made = await store.acceptInvitation({ email }, '', now(), (user) =>
      audit('user.create', user.email, {
        isAdmin: user.isAdmin,
        roles: user.roles,
        invited: true,
        method: 'proconnect',
      }),
    );
    if (made && 'refused' in made) return store.findUserByEmail(email); // made meanwhile
    return made;
  };

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
      const raw = request.cookies[pendingCookie];
      // Single use: a replayed callback finds no sign-in in progress.
      reply.clearCookie(pendingCookie, {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
      });
      const checks = raw
        ? pending.safeParse(
            (() => {
              try {
                return JSON.parse(Buffer.from(raw, 'base64url').toString());
              } catch {
                return undefined;
              }
            })(),
          )
        : undefined;
      if (!checks?.success) {
        return refuse(
          reply,
          'no-sign-in-in-progress',
          'Cette connexion a expiré ou a déjà servi. Recommencez depuis la page de connexion.',
        );
      }
      const { state, nonce, verifier } = checks.data;
      const unconfirmed =
        'ProConnect n’a pas pu confirmer votre identité. Recommencez depuis la page de connexion.';
      let email: string;
      let idToken: string | undefined;
      try {
        const config = await configuration();
        const url = new URL(request.url, publicOrigin);
        const tokens = await client.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) return refuse(reply, 'no-id-token', unconfirmed);
        idToken = tokens.id_token;
        const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        if (userinfo.email_verified === false) {
          return refuse(
            reply,
            'e-mail-not-verified',
            'Votre adresse e-mail n’est pas vérifiée par votre fournisseur d’identité : faites-la vérifier, puis recommencez.',
            { claimed: typeof userinfo.email === 'string' ? userinfo.email : undefined },
          );
        }
        if (typeof userinfo.email !== 'string') return refuse(reply, 'no-e-mail', unconfirmed);
        email = userinfo.email.toLowerCase();
      } catch (error) {
        const reason = refusalReason(error, state);
        request.log.warn({ err: error, reason }, 'ProConnect sign-in refused');
        if (reason === 'cancelled')
          return refuse(
            reply,
            reason,
            'Vous avez annulé la connexion avec ProConnect. Pour vous connecter, recommencez depuis la page de connexion.',
            { title: 'Connexion annulée' },
          );
        if (reason === 'provider-unreachable') {
          await logRefusal(reason);
          return providerDown(reply);
        }
        return refuse(reply, reason, unconfirmed);
      }

      const user = (await store.findUserByEmail(email)) ?? (await takeUpInvitation(email));
      if (!user) {
        const domain = email.split('@')[1] ?? '';
        const [organisation] = await store.organisationsOfDomain(domain);
        if (!organisation)
          return refuse(
            reply,
            'no-account',
            'Vous n’avez pas accès à ce service. Demandez à la personne qui gère ce service dans votre administration de vous inviter.',
            { who: email },
          );
        // Agents of a known domain ask to join its organisation; its administrators decide.
        const admins = (await store.listMembers(organisation.id))
          .filter((m) => m.role === 'admin')
          .map((m) => m.email);
        const at = now();
        const link = `${publicOrigin}/dashboard/organisations/${organisation.id}`;
        const { outcome } = await store.requestAccess(
          { organisationId: organisation.id, email },
          () => admins.map((admin) => accessRequestMail(admin, link, email, organisation.name)),
          {
            ...audit('access-request.create', email, { method: 'proconnect' }),
            organisationId: organisation.id,
          },
          at,
          new Date(at.getTime() - refusalHoldsMs),
        );
        // «les administrateurs» after «Qui décide :», «aux administrateurs» after «adressez-vous».
        const deciders = admins.length
          ? `administrateurs de ${organisation.name} : ${admins.join(', ')}`
          : `administrateurs de ${organisation.name}`;
        if (outcome === 'refused')
          return refuse(
            reply,
            'access-request-refused',
            `Votre demande d’accès à ${organisation.name} a été refusée. Si vous pensez que c’est une erreur, adressez-vous aux ${deciders}.`,
            { who: email, title: 'Demande refusée', organisationId: organisation.id },
          );
        if (outcome === 'created') mailSender.wake();
        return sendPage(reply, 200, {
          lang: 'fr',
          title: 'Demande envoyée',
          stylesheets,
          body: html`<h1>Demande envoyée</h1>
<p>Vous n’avez pas encore de compte sur ce service. Votre demande d’accès à ${organisation.name} ${outcome === 'created' ? 'vient d’être envoyée' : 'a bien été reçue et attend une réponse'}.</p>
<p>Qui décide : les ${deciders}.</p>
<p>Quand votre demande sera acceptée, reconnectez-vous avec ProConnect : vous accéderez au tableau de bord.</p>
<p><a href="/dashboard/">Revenir à la page de connexion</a></p>`,
        });
      }
      // Written before the session opens: a sign-in the log could not keep does not happen.
      await store.appendAudits(
        signInEntries('sign-in', user.email, user, { method: 'proconnect' }, now()),
      );
      await startSession(reply, store, user, now());
      if (idToken)
        reply.setCookie(idTokenCookie, idToken, {
          path: '/',
          httpOnly: true,
          secure: true,
          sameSite: 'strict',
        });
      // A page of ours, not a redirect: the dashboard's request is then same-site, and carries
      // the session cookie (SameSite=Strict), which a redirect from ProConnect's site would not.
      return sendPage(reply, 200, {
        lang: 'fr',
        title: 'Connexion réussie',
        stylesheets,
        body: html`<h1>Connexion réussie</h1>
<meta http-equiv="refresh" content="0; url=/dashboard/">
<p><a href="/dashboard/">Ouvrir le tableau de bord</a></p>`,
      });
    },
  );
};

/** Where to send the browser so that ProConnect ends its session too; undefined when not signed in by it. */
export async function proConnectLogoutUrl(
  configuration: () => Promise<client.Configuration>,
  request: FastifyRequest,
  reply: FastifyReply,
  publicOrigin: string,
): Promise<string | undefined> {
  const idToken = request.cookies[idTokenCookie];
  if (!idToken) return undefined;
  reply.clearCookie(idTokenCookie, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' });
  const config = await configuration();
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, {
    id_token_hint: idToken,
    post_logout_redirect_uri: `${publicOrigin}/dashboard/`,
    state: client.randomState(),
  }).href;
}
