import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';

/**
 * ProConnect's OpenID Connect configuration, discovered once from `OIDC_ISSUER` (retried on the
 * next sign-in if the provider was down). ProConnect signs its ID tokens and userinfo answers
 * (RS256); openid-client checks their claims, and their signatures against the provider's
 * published keys only once asked to (`enableNonRepudiationChecks`): without it, a token that
 * reached us over the provider's TLS would be believed whoever signed it.
 */
export function proConnectClient(oidc: OidcConfig): () => Promise<client.Configuration> {
  let discovered: Promise<client.Configuration> | undefined;
  const { hostname, protocol } = new URL(oidc.issuer);
  // Plain HTTP only to a provider on this machine (a test's, a developer's).
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  return () => {
    discovered ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        {
          client_secret: oidc.clientSecret,
          userinfo_signed_response_alg: 'RS256',
          id_token_signed_response_alg: 'RS256',
        },
        client.ClientSecretBasic(oidc.clientSecret),
        protocol === 'http:' && loopback ? { execute: [client.allowInsecureRequests] } : {},
      )
      .then((config) => {
        client.enableNonRepudiationChecks(config);
        return config;
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
}
