import { newSecret } from '../auth/secrets.ts';
import type { Config } from '../config.ts';
import { renderMail } from '../features/mail/mail-layout.ts';
import { MailSender, type SendReport } from '../features/mail/mail-sender.ts';
import { configuredTransport, type MailLog } from '../features/mail/mail-transport.ts';
import { type NotifyReport, runNotifications } from '../features/mail/notify.ts';
import { unsubscribeSigner } from '../features/mail/unsubscribe.ts';
import { scheduledEditions } from '../features/observatoire/editions.ts';
import type { Store } from '../store/store.ts';

/** The CLI's sender: the configured SMTP server (or the log, on stderr), on the CLI's clock. */
async function sendOutbox(
  store: Store,
  config: Config,
  now: Date,
  log: MailLog,
): Promise<SendReport> {
  const transport = configuredTransport(config, log);
  try {
    return await new MailSender({ store, transport, now: () => now, log }).sendDue();
  } finally {
    transport.close();
  }
}

/**
 * `notify run [--now …]`: what is due at that time, written once, then the outbox sent; on the
 * first day of a quarter, the quarter just ended's Observatoire editions too.
 */
export async function notifyRun(
  store: Store,
  config: Config,
  now: Date,
  log: MailLog,
): Promise<
  NotifyReport & { sent: SendReport; editions: Awaited<ReturnType<typeof scheduledEditions>> }
> {
  const report = await runNotifications({
    store,
    now,
    timeZone: config.reportTimeZone,
    origin: config.publicOrigin,
    // Without MAIL_SECRET the server's links die with it anyway (README, E-mail).
    signer: unsubscribeSigner(config.mailSecret ?? newSecret()),
    minAnswers: config.minAnswers,
  });
  const editions = await scheduledEditions(store, config, now);
  return { ...report, editions, sent: await sendOutbox(store, config, now, log) };
}

/** `mail test --to E`: one mail through the outbox and the configured server, now. */
export async function mailTest(
  store: Store,
  config: Config,
  to: string,
  log: MailLog,
): Promise<SendReport> {
  const now = new Date();
  await store.enqueueMail(
    {
      kind: 'test',
      recipient: to,
      subject: 'Essai d’envoi — Je donne mon avis',
      ...renderMail({
        title: 'Les e-mails partent bien',
        paragraphs: [
          `Ce message d’essai a été envoyé par ${config.publicOrigin} avec la commande «mail test».`,
        ],
        footer: `Envoyé à ${to} à la demande de l’administrateur du service.`,
      }),
    },
    now,
  );
  return sendOutbox(store, config, now, log);
}

/** Log lines on stderr, as JSON, so that stdout keeps the command's result alone. */
export function stderrLog(write: (text: string) => void): MailLog {
  const line = (level: string) => (details: object, message: string) =>
    write(JSON.stringify({ level, msg: message, ...details }));
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
