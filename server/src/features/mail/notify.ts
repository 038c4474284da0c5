import { reportDay } from '../../../../common/calendar-days.ts';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import { alertMail } from './alert-mails.ts';
import { currentAlerts } from './alerts.ts';
import { type DigestParts, digestOf, dueDigests } from './digest.ts';
import { digestMail } from './digest-mail.ts';
import { listUnsubscribeHeaders, type UnsubscribeSigner } from './unsubscribe.ts';

export type NotifyOptions = {
  store: Store;
  now: Date;
  timeZone: string;
  /** Where the mails' links point. */
  origin: string;
  metrics?: Pick<Metrics, 'alertsRaised'> | undefined;
  /** Signs the one-click unsubscribe link of each mail. */
  signer: UnsubscribeSigner;
  /** Under this, a figure is «Nombre d'avis insuffisant» and not compared (MIN_ANSWERS). */
  minAnswers: number;
};

export type NotifyReport = {
  /** Alerts raised by this run (not those already mailed by an earlier one). */
  alerts: { procedure: string; kind: string }[];
  /** Digests written by this run. */
  digests: number;
  mails: number;
};

/**
 * What is due at `now` (docs/design.md §9), written to the outbox: the alerts, to each owner who
 * has them on; on Monday from 08:00, the digests, to each person whose rhythm it is. Idempotent:
 * each mail has a key (alert kind, procedure, day or episode, person) that the outbox keeps once,
 * so a second run, another node's run or the CLI's writes nothing twice.
 */
export async function runNotifications(options: NotifyOptions): Promise<NotifyReport> {
  const { store, now, timeZone, origin, metrics, signer, minAnswers } = options;
  const report: NotifyReport = { alerts: [], digests: 0, mails: 0 };
  const users = await store.listUsers();
  const today = reportDay(now, timeZone);
  const procedures = await store.listProcedures();
  for (const procedure of procedures) {
    if (procedure.archivedAt) continue;
    const alerts = await currentAlerts(store, procedure.key, now, timeZone);
    if (alerts.length === 0) continue;
    const owners = users.filter((user) => user.roles[procedure.key] === 'owner');
    const link = `${origin}/dashboard/procedures/${procedure.key}`;
    for (const alert of alerts) {
      // Drop: at most one a day while it lasts. Silence: one for each silence, however long.
      const occasion = alert.kind === 'drop' ? today : alert.lastAnswerAt;
      let written = 0;
      for (const owner of owners) {
        if (!(await store.mailPreferences(owner.id)).alerts) continue;
        const mail = alertMail(alert, procedure, owner.email, link, timeZone);
        const headers = listUnsubscribeHeaders(signer.link(origin, owner, 'alerts'));
        const dedupeKey = `alert:${alert.kind}:${procedure.key}:${occasion}:${owner.id}`;
        if (await store.enqueueMail({ ...mail, headers, dedupeKey }, now)) written++;
      }
      if (written > 0) {
        report.alerts.push({ procedure: procedure.key, kind: alert.kind });
        report.mails += written;
        metrics?.alertsRaised.inc({ kind: alert.kind });
      }
    }
  }
  for (const period of dueDigests(now, timeZone)) {
    const parts: DigestParts = new Map();
    for (const user of users) {
      if ((await store.mailPreferences(user.id)).digest !== period.rhythm) continue;
      const digest = await digestOf(store, user, period, minAnswers, procedures, parts);
      if (digest.length === 0) continue;
      const mail = digestMail(user.email, period, digest, origin);
      const headers = listUnsubscribeHeaders(signer.link(origin, user, 'digest'));
      const dedupeKey = `digest:${period.rhythm}:${period.from}:${user.id}`;
      if (await store.enqueueMail({ ...mail, headers, dedupeKey }, now)) {
        report.digests++;
        report.mails++;
      }
    }
  }
  return report;
}
