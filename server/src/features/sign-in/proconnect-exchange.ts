import * as client from 'openid-client';
import { type RefusalReason, refusalReason } from './proconnect-refusal.ts';

/** What the browser's pending cookie held: the checks of the sign-in it started. */
export type PendingChecks = { state: string; nonce: string; verifier: string };

/**
 * What ProConnect said: the e-mail it vouches for (lower case) and its ID token, or why it said
 * nothing usable (`claimed`: an e-mail given without vouching for it; `error`: what openid-client
 * threw, for the log).
 */
export type Exchanged =
  | { email: string; idToken: string | undefined }
  | { refused: RefusalReason; claimed?: string | undefined; error?: unknown };

/**
 * The authorization code flow's end (docs/design.md §11): the code for tokens, with state, nonce
 * and PKCE checked, then the signed userinfo. openid-client verifies both; nothing here decides
 * who may sign in (proconnect-sign-in.ts does).
 */
export async function exchangeCode(
  configuration: () => Promise<client.Configuration>,
  callbackUrl: URL,
  { state, nonce, verifier }: PendingChecks,
): Promise<Exchanged> {
  try {
    const config = await configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return { refused: 'no-id-token' };
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    if (userinfo.email_verified === false) {
      const claimed = typeof userinfo.email === 'string' ? userinfo.email : undefined;
      return { refused: 'e-mail-not-verified', claimed };
    }
    if (typeof userinfo.email !== 'string') return { refused: 'no-e-mail' };
    return { email: userinfo.email.toLowerCase(), idToken: tokens.id_token };
  } catch (error) {
    return { refused: refusalReason(error, state), error };
  }
}
