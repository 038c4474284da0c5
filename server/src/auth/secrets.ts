import { createHash, randomBytes } from 'node:crypto';

/** A session id or API key: 32 random bytes, URL-safe. Shown once, stored only as its hash. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 suffices for 256-bit random secrets (nothing to brute-force, unlike passwords). */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
