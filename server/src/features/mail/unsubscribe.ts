import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a one-click link stops. */
export type Subscription = 'alerts' | 'digest';

/** Whose mail a link stops: the account's id, and its e-mail address. */
export type Subscriber = { id: number; email: string };

/**
 * Signed one-click unsubscribe links (RFC 8058, docs/design.md §9): the person and what to stop,
 * with an HMAC under MAIL_SECRET, so that nobody can stop someone else's mail by guessing an id,
 * and no login is needed from the mail client. The address is signed with the id, not written in
 * the link: SQLite gives a deleted account's id to the next one made, and a link that outlives its
 * account must not stop the mail of whoever gets the id.
 */
export function unsubscribeSigner(secret: string) {
  const signatureOf = ({ id, email }: Subscriber, what: Subscription) =>
    createHmac('sha256', secret).update(`unsubscribe:${id}:${email}:${what}`).digest('base64url');
  return {
    link(origin: string, subscriber: Subscriber, what: Subscription): string {
      return `${origin}/desabonnement?u=${subscriber.id}&what=${what}&sig=${signatureOf(subscriber, what)}`;
    },
    verify(subscriber: Subscriber, what: Subscription, signature: string): boolean {
      const expected = Buffer.from(signatureOf(subscriber, what));
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
