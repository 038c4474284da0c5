import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { OutboxMail } from '../../store/mail.ts';

/** What the mail code logs through: the app's logger (pino), or the CLI's lines on stderr. */
export type MailLog = Record<'info' | 'warn' | 'error', (details: object, message: string) => void>;

/** Where mails leave the service: an SMTP server, or the log. */
export type MailTransport = {
  /** Resolves once the mail is accepted; rejects with a `MailError`-like error otherwise. */
  send(mail: OutboxMail): Promise<void>;
  close(): void;
};

/**
 * Well under the sender's lease (mail-sender.ts): a send cut off by these timeouts has failed
 * before another node may take the same mail.
 */
const smtpTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/** The address part of a From such as `"Je donne mon avis" <avis@example.gouv.fr>`. */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

/** The Message-ID of a mail: the same on every attempt, so a copy sent twice is recognisable. */
export function messageIdOf(mail: Pick<OutboxMail, 'messageId'>, from: string): string {
  return `<${mail.messageId}@${addressOf(from).split('@')[1]}>`;
}

function message(mail: OutboxMail, from: string) {
  return {
    from,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
    messageId: messageIdOf(mail, from),
    date: mail.createdAt,
  };
}

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...smtpTimeouts });
  return {
    async send(mail) {
      await transporter.sendMail(message(mail, from));
    },
    close: () => transporter.close(),
  };
}

/** A mailed link's secret: it opens an account to whoever reads it. */
const linkSecret = /#token=[^\s"'<>]+/g;

/**
 * Without SMTP_URL every mail is written to the log (as Django's and Rails' console back ends
 * do), so that `npm start` works with no mail server and a newcomer still sees the links. In
 * production logs travel and stay (issue 24: no raw token kept), so the links' secrets are hidden.
 */
export function logTransport(
  log: MailLog,
  from: string,
  { hideSecrets }: { hideSecrets: boolean },
): MailTransport {
  return {
    async send(mail) {
      const { to, subject, text, messageId } = message(mail, from);
      const shown = hideSecrets ? text.replace(linkSecret, '#token=[hidden: set SMTP_URL]') : text;
      log.info(
        { mail: { to, subject, messageId, text: shown } },
        `mail not sent (SMTP_URL unset): ${subject}`,
      );
    },
    close() {},
  };
}

/** The configured way out: SMTP_URL's server, or the log. */
export function configuredTransport(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'inProduction'>,
  log: MailLog,
): MailTransport {
  return config.smtpUrl
    ? smtpTransport(config.smtpUrl, config.mailFrom)
    : logTransport(log, config.mailFrom, { hideSecrets: config.inProduction });
}

/**
 * An SMTP 5xx answer is a permanent refusal (RFC 5321 §4.2.1): the same mail would be refused
 * again. Anything else (4xx, no connection, a timeout) may pass later.
 */
export function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
