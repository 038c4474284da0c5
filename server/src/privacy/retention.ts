import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Store } from '../store/store.ts';

const day = 24 * 60 * 60 * 1000;

/** The instant before which free text is deleted: RETENTION_MONTHS calendar months ago. */
function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

export async function purgeExpiredTexts(store: Store, now: Date, months: number): Promise<number> {
  return store.purgeTextsBefore(retentionCutoff(now, months));
}

/**
 * DESIGN §5: comments are deleted after RETENTION_MONTHS, ratings and aggregates stay. The server
 * purges once when it is ready and then every day, until it closes; `npm run cli -- purge` does
 * the same by hand.
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
