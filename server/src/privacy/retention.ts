import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Store } from '../store/store.ts';

const day = 24 * 60 * 60 * 1000;

/** The instant before which free text is deleted: RETENTION_MONTHS calendar months ago. */
function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/**
 * How long the outbox keeps a mail's body when its sending never settled it (a sent or refused
 * mail loses its body at once, store/mail.ts): the sender gives up after about two days of
 * retries (mail-sender.ts), and the longest link a mail carries, an invitation's, dies in 7.
 */
export const unsentMailBodyDays = 7;

/**
 * Deletes the free text past its time: comments and helpOther after RETENTION_MONTHS, and mail
 * bodies (which may quote comments, a digest, or carry a link, a reset) after
 * `unsentMailBodyDays`, never later than the comments. Returns how many submissions lost text.
 */
export async function purgeExpiredTexts(store: Store, now: Date, months: number): Promise<number> {
  const cutoff = retentionCutoff(now, months);
  const mailCutoff = new Date(Math.max(cutoff.getTime(), now.getTime() - unsentMailBodyDays * day));
  await store.purgeMailBodiesBefore(mailCutoff, now);
  return store.purgeTextsBefore(cutoff);
}

/**
 * docs/design.md §5: comments are deleted after RETENTION_MONTHS, ratings and aggregates stay; so
 * are the bodies of mails that could quote them, sooner (purgeExpiredTexts). The server purges once
 * when it is ready and then every day, until it closes; `npm run cli -- purge` does the same by
 * hand.
 */
export function registerRetention(
  app: FastifyInstance,
  { store, months, now }: { store: Store; months: number; now: () => Date },
): void {
  let stop = () => {};
  app.addHook('onReady', async () => {
    stop = startRetentionTimer(store, months, now, app.log);
  });
  app.addHook('onClose', async () => stop());
}

/** Returns the function that stops the timer. */
function startRetentionTimer(
  store: Store,
  months: number,
  now: () => Date,
  log: FastifyBaseLogger,
): () => void {
  const purge = () =>
    purgeExpiredTexts(store, now(), months).then(
      (purged) => purged > 0 && log.info({ purged, months }, 'expired comments deleted'),
      (err: unknown) => log.error({ err }, 'retention purge failed; will retry tomorrow'),
    );
  void purge();
  const timer = setInterval(purge, day);
  timer.unref();
  return () => clearInterval(timer);
}
