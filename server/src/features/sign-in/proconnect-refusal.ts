import * as client from 'openid-client';

/**
 * Why the ProConnect callback refused a sign-in, as the audit log records it: a stable code an
 * administrator can count and search, where the library's English message may change with any
 * release. The full error still goes to the server log.
 */
export type RefusalReason =
  /** No sign-in started in this browser, or more than ten minutes ago, or its callback was played. */
  | 'no-sign-in-in-progress'
  /** ProConnect's answers lack the ID token, or the e-mail. */
  | 'no-id-token'
  | 'no-e-mail'
  | 'e-mail-not-verified'
  /** No account, and the e-mail's domain is no organisation's. */
  | 'no-account'
  /** This person's access request was refused less than 30 days ago. */
  | 'access-request-refused'
  /** The browser came back with another `state` than the one it left with (forged callback). */
  | 'state-mismatch'
  /** The answer names another issuer than the configured ProConnect. */
  | 'wrong-issuer'
  /** The person cancelled on ProConnect's page. */
  | 'cancelled'
  /** The provider answered with another error (the client is misconfigured…). */
  | 'provider-error'
  /** The provider did not accept the code: one it never gave, already used, or expired. */
  | 'code-refused'
  /** The ID token carries another nonce than this browser's sign-in (a token made for another). */
  | 'nonce-mismatch'
  /** The ID token or signed userinfo was made for another service. */
  | 'wrong-audience'
  | 'token-expired'
  | 'token-not-yet-valid'
  /** Not signed by one of the provider's published keys, or with an algorithm we did not agree on. */
  | 'bad-signature'
  /** The userinfo describes someone else than the ID token. */
  | 'subject-mismatch'
  /** The provider's answer does not follow the protocol. */
  | 'invalid-response'
  /** The provider could not be reached (down, timed out). */
  | 'provider-unreachable'
  | 'unexpected';

// oauth4webapi's error codes (openid-client passes them on as `code`); its cause, one level
// down, says which claim or attribute failed.
const claimComparison = 'OAUTH_JWT_CLAIM_COMPARISON_FAILED';
const timestampCheck = 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED';
const keySelection = 'OAUTH_KEY_SELECTION_FAILED';
const attributeComparison = 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED';
const invalidResponse = 'OAUTH_INVALID_RESPONSE';
const malformed = new Set([
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_PARSE_ERROR',
  'OAUTH_JWT_USERINFO_EXPECTED',
  'OAUTH_UNSUPPORTED_OPERATION',
]);

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;

/** The reason for an error thrown by openid-client while finishing a sign-in that expected `state`. */
export function refusalReason(error: unknown, expectedState: string): RefusalReason {
  if (error instanceof client.ResponseBodyError)
    return error.error === 'invalid_grant' ? 'code-refused' : 'provider-error';
  if (error instanceof client.AuthorizationResponseError)
    return error.error === 'access_denied' ? 'cancelled' : 'provider-error';
  if (error instanceof client.WWWAuthenticateChallengeError) return 'provider-error';
  const code = field(error, 'code');
  const details = field(field(error, 'cause'), 'cause');
  switch (code) {
    case claimComparison:
      switch (field(details, 'claim')) {
        case 'nonce':
          return 'nonce-mismatch';
        case 'aud':
        case 'azp':
          return 'wrong-audience';
        case 'iss':
          return 'wrong-issuer';
        default:
          return 'invalid-response';
      }
    case timestampCheck:
      return field(details, 'claim') === 'nbf' ? 'token-not-yet-valid' : 'token-expired';
    case keySelection:
      return 'bad-signature';
    case attributeComparison:
      return field(details, 'attribute') === 'sub' ? 'subject-mismatch' : 'invalid-response';
    case invalidResponse:
      // The token endpoint's answer (it has the access token) without the ID token we require
      // (`idTokenExpected`); other answers without what they must hold are invalid responses.
      if (
        typeof field(field(details, 'body'), 'access_token') === 'string' &&
        typeof field(field(details, 'body'), 'id_token') !== 'string'
      )
        return 'no-id-token';
      // A signature that does not verify, or a JWT header with an algorithm not agreed on.
      if (field(details, 'signature') !== undefined || field(details, 'header') !== undefined)
        return 'bad-signature';
      // The authorization response itself: its state, else its `iss`, was not the expected one.
      if (field(details, 'parameters') instanceof URLSearchParams && field(details, 'expected'))
        return field(details, 'expected') === expectedState ? 'state-mismatch' : 'wrong-issuer';
      return 'invalid-response';
  }
  if (typeof code === 'string' && malformed.has(code)) return 'invalid-response';
  // fetch() fails with a TypeError whose cause is the system error (ECONNREFUSED…); a timeout
  // aborts it.
  if (
    (error instanceof TypeError && typeof field(error.cause, 'code') === 'string') ||
    (error instanceof DOMException && ['TimeoutError', 'AbortError'].includes(error.name))
  )
    return 'provider-unreachable';
  return 'unexpected';
}
