import { createHmac, randomBytes } from 'node:crypto';

/**
 * Rate limiting must tell clients apart without knowing who they are (docs/design.md §5): a client
 * is an HMAC of its address under a secret drawn at random each day and held in memory only.
 * Nobody, us included, can get the address back, nor link a client across days or restarts.
 */
export function createClientKeyer(now: () => Date): (address: string) => string {
  let day = '';
  let secret = randomBytes(32);
  return (address) => {
    const today = now().toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      secret = randomBytes(32);
    }
    return createHmac('sha256', secret).update(address).digest('base64url').slice(0, 22);
  };
}
