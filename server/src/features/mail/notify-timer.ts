import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import { scheduledEditions } from '../observatoire/editions.ts';
import type { MailSender } from './mail-sender.ts';
import { runNotifications } from './notify.ts';
import type { UnsubscribeSigner } from './unsubscribe.ts';

/**
 * Often enough for a silence, or a drop that starts in the morning (the 7 days end now), to be
 * mailed within the hour; each run reads the rollups only.
 */
const runEveryMs = 15 * 60 * 1000;

/**
 * The server runs `notify run` itself (README: or cron runs the CLI, with several nodes both are
 * safe: the outbox keeps each mail once).
 */
export function registerNotifyTimer(
  app: FastifyInstance,
  options: {
    config: Config;
    store: Store;
    now: () => Date;
    metrics: Metrics;
    mailSender: MailSender;
    signer: UnsubscribeSigner;
  },
): void {
  const { config, store, now, metrics, mailSender, signer } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const run = () => {
    if (running) return;
    running = runNotifications({
      store,
      now: now(),
      timeZone: config.reportTimeZone,
      origin: config.publicOrigin,
      metrics,
      signer,
      minAnswers: config.minAnswers,
    })
      .then(async (report) => {
        if (report.mails > 0) {
          app.log.info(report, 'notifications written');
          mailSender.wake();
        }
        const editions = await scheduledEditions(store, config, now());
        if (editions.length > 0) app.log.info({ editions }, 'Observatoire editions made');
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'notifications failed'))
      .finally(() => {
        running = undefined;
      });
  };
  app.addHook('onReady', async () => {
    timer = setInterval(run, runEveryMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
