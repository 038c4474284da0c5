import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import { isPermanentRefusal, type MailLog, type MailTransport } from './mail-transport.ts';

/**
 * Waits between attempts, in minutes: soon for a server restarting, then sparser, for about two
 * days in all, after which the mail is given up (a link in it would have expired anyway).
 */
const retryMinutes = [1, 5, 15, 60, 180, 360, 720, 1440];

/** When to try again after `attempts` failed tries; `undefined`: give up. */
export function retryAt(attempts: number, now: Date): Date | undefined {
  const minutes = retryMinutes[attempts - 1];
  return minutes === undefined ? undefined : new Date(now.getTime() + minutes * 60_000);
}

export type MailSenderOptions = {
  store: Store;
  transport: MailTransport;
  now: () => Date;
  log: MailLog;
  metrics?: Pick<Metrics, 'mailSent' | 'mailFailures'>;
  /**
   * How long a claimed mail is this sender's alone: longer than any send can take (the SMTP
   * timeouts, mail-transport.ts). A sender that dies mid-send leaves it to another after this.
   */
  leaseMs?: number;
};

export type SendReport = { sent: number; retried: number; refused: number };

/**
 * Sends the outbox (docs/design.md §9). Each mail is claimed for a lease, sent, then marked sent:
 * on PostgreSQL two nodes never hold the same mail at once. What "sent once" means across a crash:
 * a mail is sent again only if the process dies after the SMTP server's 250 and before the mark
 * (a few milliseconds); its Message-ID is the same, so the copy is recognisable as one message.
 */
export class MailSender {
  readonly #options: Required<Omit<MailSenderOptions, 'metrics'>> &
    Pick<MailSenderOptions, 'metrics'>;
  #pass: Promise<SendReport> | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Mails being written after their response was sent (mail-after-response, below). */
  readonly #writing = new Set<Promise<unknown>>();

  constructor(options: MailSenderOptions) {
    this.#options = { leaseMs: 5 * 60_000, ...options };
  }

  /**
   * Runs `write` (which writes mails to the outbox) without anyone waiting for it, then sends.
   * For requests whose answer must not say, even by its timing, whether a mail was written
   * (a forgotten password for an unknown address): they answer first, then this runs.
   */
  writeThenSend(write: () => Promise<unknown>): void {
    const writing = write()
      .then(() => this.wake())
      .catch((error: unknown) => this.#options.log.error({ err: error }, 'mail not written'))
      .finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
  }

  /**
   * Sends every mail due now, once the mails being written are; a pass already running is waited
   * for first, never run alongside.
   */
  sendDue(): Promise<SendReport> {
    const previous = this.#pass;
    const pass = (async () => {
      await Promise.all(this.#writing);
      await previous?.catch(() => {});
      return this.#sendAll();
    })();
    const forget = () => {
      if (this.#pass === pass) this.#pass = undefined;
    };
    pass.then(forget, forget);
    this.#pass = pass;
    return pass;
  }

  /** Starts a pass (after the one running, if any), without waiting for it: a mail was written. */
  wake(): void {
    this.sendDue().catch((error: unknown) =>
      this.#options.log.error({ err: error }, 'mail sender failed'),
    );
  }

  /** Passes every `intervalMs`: mails to retry, and those written by other nodes or the CLI. */
  start(intervalMs: number): void {
    this.#timer = setInterval(() => {
      if (!this.#pass) this.wake();
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for the pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#writing);
    await this.#pass?.catch(() => {});
  }

  async #sendAll(): Promise<SendReport> {
    const { store, transport, now, log, metrics, leaseMs } = this.#options;
    const report: SendReport = { sent: 0, retried: 0, refused: 0 };
    for (;;) {
      const mails = await store.claimMails(now(), leaseMs, 20);
      if (mails.length === 0) {
        // Once a pass, not once a mail: on SQLite this is a truncating checkpoint (an fsync).
        await store.forgetErasedMails();
        return report;
      }
      for (const mail of mails) {
        const about = { mailId: mail.id, kind: mail.kind, attempts: mail.attempts };
        try {
          await transport.send(mail);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const next = isPermanentRefusal(error) ? undefined : retryAt(mail.attempts, now());
          await store.markMailFailed(mail.id, { error: message, retryAt: next }, now());
          if (next) {
            report.retried++;
            metrics?.mailFailures.inc({ kind: mail.kind, outcome: 'retry' });
            log.warn({ ...about, error: message, retryAt: next }, 'mail not sent, will try again');
          } else {
            report.refused++;
            metrics?.mailFailures.inc({ kind: mail.kind, outcome: 'refused' });
            log.error({ ...about, error: message }, 'mail refused for good, not tried again');
          }
          continue;
        }
        await store.markMailSent(mail.id, now());
        report.sent++;
        metrics?.mailSent.inc({ kind: mail.kind });
      }
    }
  }
}
