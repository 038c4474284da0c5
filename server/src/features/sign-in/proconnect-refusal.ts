import * as client from 'openid-client';
import type { RefusalReason } from '../../../../common/audit-codes.ts';

export type { RefusalReason };

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
