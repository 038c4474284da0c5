import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a one-click link stops. */
export type Subscription = 'alerts' | 'digest';

/**
 * Signed one-click unsubscribe links (RFC 8058, docs/design.md §9): the person and what to stop,
 * with an HMAC under MAIL_SECRET, so that nobody can stop someone else's mail by guessing an id,
 * and no login is needed from the mail client.
 */
export function unsubscribeSigner(secret: string) {
  const signatureOf = (userId: number, what: Subscription) =>
    createHmac('sha256', secret).update(`unsubscribe:${userId}:${what}`).digest('base64url');
  return {
    link(origin: string, userId: number, what: Subscription): string {
      return `${origin}/desabonnement?u=${userId}&what=${what}&sig=${signatureOf(userId, what)}`;
    },
    verify(userId: number, what: Subscription, signature: string): boolean {
      const expected = Buffer.from(signatureOf(userId, what));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

export type UnsubscribeSigner = ReturnType<typeof unsubscribeSigner>;

/** The headers that let a mail client offer «Se désabonner» in one click (RFC 8058). */
export function listUnsubscribeHeaders(link: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
