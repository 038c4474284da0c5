import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import { MailSender } from './mail-sender.ts';
import { configuredTransport } from './mail-transport.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends the outbox; routes that write a mail wake it. */
    mailSender: MailSender;
  }
}

/** Retries, and mails written by another node or the CLI, are picked up within this. */
const passEveryMs = 30_000;

/** The outbox's sender, started with the app and stopped (its pass finished) when it closes. */
export function registerMailSender(
  app: FastifyInstance,
  options: { config: Config; store: Store; now: () => Date; metrics: Metrics },
): MailSender {
  const { config, store, now, metrics } = options;
  const transport = configuredTransport(config, app.log);
  if (!config.smtpUrl && config.inProduction)
    app.log.warn('SMTP_URL unset in production: mails are only logged, their links hidden');
  const sender = new MailSender({ store, transport, now, log: app.log, metrics });
  app.decorate('mailSender', sender);
  app.addHook('onReady', async () => sender.start(passEveryMs));
  app.addHook('onClose', async () => {
    await sender.stop();
    transport.close();
  });
  return sender;
}
