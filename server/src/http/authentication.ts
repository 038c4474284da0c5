import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withinOrganisation } from '../auth/permissions.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import type { User } from '../store/accounts.ts';
import type { Store } from '../store/store.ts';
import { recordApiKeyUse } from './api-key-use.ts';
import { HttpProblem } from './problem.ts';

export const sessionCookie = '__Host-session';
/** A session ends after 4 hours unused, and after 7 days in any case. */
export const sessionIdleMs = 4 * 60 * 60 * 1000;
export const sessionLifetimeMs = 7 * 24 * 60 * 60 * 1000;
/** Last-seen is written at most once a minute, not on every request. */
const touchEveryMs = 60 * 1000;

export type Principal = { user: User; via: 'session' | 'api-key'; sessionHash?: string };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, from the session cookie or `Authorization: Bearer`; null when nobody. */
    principal: Principal | null;
  }
}

export type IdentifierOptions = {
  store: Store;
  now: () => Date;
  publicUrl: string | undefined;
  /** Whose calendar days an API key's last use is counted in (TZ_REPORT). */
  reportTimeZone: string;
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Citizens' answers come from any site, signed in to nothing: no session applies there. */
function isPublicAnswerRoute(request: FastifyRequest): boolean {
  return (
    (request.method === 'POST' || request.method === 'OPTIONS') &&
    /^\/api\/v1\/procedures\/[^/?]+\/feedback\/?(?:\?|$)/.test(request.url)
  );
}

/**
 * Makes `request.cookies` and `request.principal` exist everywhere (the dashboard's pages read the
 * cookie too). The private API checks its callers itself (http/access.ts); the other `/api/v1/`
 * routes (the widget's version, the OpenAPI document) still refuse credentials that are stale or
 * from another site, as they document, but for the answer route.
 */
export async function registerAuthentication(
  app: FastifyInstance,
  options: IdentifierOptions,
): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  const identify = identifier(options);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.inPrivateApi) return;
    if (!request.url.startsWith('/api/v1/') || isPublicAnswerRoute(request)) return;
    request.principal = await identify(request);
  });
}

/**
 * Finds out who calls the private API (docs/design.md §4, §5): a dashboard session (cookie
 * `__Host-session`, HttpOnly, Secure, SameSite=Strict, random id stored hashed server side) or an
 * API key for scripts; null when neither. A state-changing request carried by the cookie must come
 * from our own origin: with SameSite this closes cross-site request forgery twice over.
 */
export function identifier({
  store,
  now,
  publicUrl,
  reportTimeZone,
}: IdentifierOptions): (request: FastifyRequest) => Promise<Principal | null> {
  return async (request) => {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const found = await store.findApiKey(secretHash(bearer));
      if (!found) throw new HttpProblem(401, 'This API key is unknown or revoked.');
      const { key, user } = found;
      await recordApiKeyUse(store, key, user.email, now(), reportTimeZone, request.log);
      const acting =
        key.organisationId === undefined ? user : withinOrganisation(user, key.organisationId);
      return { user: acting, via: 'api-key' };
    }
    const token = request.cookies[sessionCookie];
    if (!token) return null;
    const sessionHash = secretHash(token);
    const found = await store.findSession(sessionHash);
    if (!found) return null;
    const { session, user } = found;
    const at = now().getTime();
    if (
      at - session.lastSeenAt.getTime() > sessionIdleMs ||
      at - session.createdAt.getTime() > sessionLifetimeMs
    ) {
      await store.deleteSession(sessionHash);
      return null;
    }
    if (!safeMethods.has(request.method)) {
      const ownOrigin = publicUrl ?? `${request.protocol}://${request.host}`;
      if (request.headers.origin !== ownOrigin) {
        throw new HttpProblem(
          403,
          'A change made with the session cookie must come from the dashboard itself.',
        );
      }
    }
    if (at - session.lastSeenAt.getTime() > touchEveryMs)
      await store.touchSession(sessionHash, now());
    return { user, via: 'session', sessionHash };
  };
}

/** Opens a session for `user` and sets its cookie. */
export async function startSession(
  reply: FastifyReply,
  store: Store,
  user: User,
  now: Date,
): Promise<void> {
  const token = newSecret();
  await store.createSession(secretHash(token), user.id, now);
  reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    // Browsers treat http://localhost as secure, so the quick start works without TLS.
    secure: true,
    sameSite: 'strict',
    maxAge: sessionLifetimeMs / 1000,
  });
}

export function endSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' });
}
