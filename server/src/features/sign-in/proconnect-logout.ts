import type { FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';

/** The ID token of a ProConnect session, which ProConnect asks for to end its own session. */
export const idTokenCookie = '__Host-proconnect';

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
