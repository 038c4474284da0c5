import { marginText } from '../../../../common/margin.ts';
import type { OutgoingMail } from '../../store/mail.ts';
import type { Indicator } from '../stats/indicators.ts';
import type { Alert } from './alerts.ts';
import { renderMail } from './mail-layout.ts';

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});
const day = (isoDay: string) => dayFormat.format(new Date(`${isoDay}T00:00:00Z`));

/** «5,2 sur 10 (Moyen), à 0,8 près, sur 45 avis»: the figure, its level word, margin and sample. */
export function satisfactionInWords(s: Indicator): string {
  if (s.value === null) return 'aucun avis';
  const margin =
    s.margin === null
      ? ''
      : `, à ${marginText(s.margin, 'fr-FR', { within: '', below: 'moins de ' })} près`;
  return `${number.format(s.value)} sur 10 (${s.levelLabel})${margin}, sur ${s.sample} avis`;
}

/** The mail of one alert to one owner (docs/design.md §9). */
export function alertMail(
  alert: Alert,
  procedure: { key: string; name: string },
  recipient: string,
  link: string,
  timeZone: string,
): Omit<OutgoingMail, 'dedupeKey'> {
  const footer = `Vous recevez cette alerte parce que vous êtes responsable de «\u202f${procedure.name}\u202f» sur Je donne mon avis. Vous pouvez arrêter les alertes dans «\u202fMon compte\u202f».`;
  if (alert.kind === 'drop') {
    const { recent, before } = alert;
    // The 7 days end now, today so far included: say until what time, the mail may be read later.
    const until = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone }).format(
      new Date(recent.until),
    );
    return {
      kind: 'alert-drop',
      recipient,
      subject: `Baisse de satisfaction\u202f: ${procedure.name}`,
      ...renderMail({
        title: `La satisfaction baisse pour «\u202f${procedure.name}\u202f»`,
        paragraphs: [
          `Du ${day(recent.from)} au ${day(recent.to)} à ${until}\u202f: ${satisfactionInWords(recent.satisfaction)}.`,
          `Les 28 jours précédents (du ${day(before.from)} au ${day(before.to)})\u202f: ${satisfactionInWords(before.satisfaction)}.`,
          'L’écart dépasse ce que le hasard de l’échantillon explique (les marges sont à 95 %). Les commentaires de ces 7 jours disent souvent pourquoi.',
        ],
        action: { label: 'Lire les avis des 7 derniers jours', url: link },
        footer,
      }),
    };
  }
  const since = new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(alert.lastAnswerAt));
  return {
    kind: 'alert-silence',
    recipient,
    subject: `Plus aucun avis depuis 24 heures\u202f: ${procedure.name}`,
    ...renderMail({
      title: `Plus aucun avis pour «\u202f${procedure.name}\u202f»`,
      paragraphs: [
        `Cette démarche recevait des avis chaque jour depuis deux semaines\u202f; le dernier est arrivé le ${since}.`,
        'Le plus souvent, le bouton «\u202fJe donne mon avis\u202f» a disparu de la page lors d’une mise à jour du site, ou la page a changé d’adresse. Vérifiez que le code d’intégration est toujours sur la dernière page de la démarche.',
      ],
      action: { label: 'Voir la démarche et son code d’intégration', url: link },
      footer,
    }),
  };
}
