/**
 * What an audit entry records: a stable code the API serves and people filter on; the server
 * writes it, the dashboard says each one in words (dashboard/src/audit-labels.ts). The entries'
 * details carry the codes below.
 */
export const auditActions = [
  'sign-in',
  'sign-in.refused',
  'setup',
  'password.reset',
  'user.create',
  'user.invite',
  'user.role',
  'user.delete',
  'organisation.create',
  'organisation.update',
  'organisation.delete',
  'organisation.member.set',
  'organisation.member.remove',
  'role.set',
  'access-request.create',
  'access-request.approve',
  'access-request.refuse',
  'api-key.create',
  'api-key.revoke',
  'api-key.use',
  'procedure.create',
  'procedure.update',
  'procedure.delete',
  'questionnaire.publish',
  'answer.delete',
  'theme.create',
  'theme.update',
  'theme.delete',
  'improvement.create',
  'improvement.update',
  'improvement.delete',
  'observatoire.edition.create',
  'observatoire.edition.regenerate',
  'observatoire.publish',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** How someone signs in, as the audit log says it. */
export type SignInMethod = 'password' | 'proconnect';

/** Why a sign-in was refused, as the audit log says it (stable: people filter on it). */
export type PasswordRefusal =
  | 'unknown-e-mail'
  | 'wrong-password'
  /** A ProConnect-only account (made by an approved access request) has no password. */
  | 'no-password'
  /** PASSWORD_LOGIN=false. */
  | 'password-login-off';

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
