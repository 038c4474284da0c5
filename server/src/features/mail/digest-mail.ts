import { type Html, html } from '../../pages/html.ts';
import type { OutgoingMail } from '../../store/mail.ts';
import { satisfactionInWords } from './alert-mails.ts';
import type { DigestPeriod, ProcedureDigest } from './digest.ts';
import { renderMail } from './mail-layout.ts';

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const day = (isoDay: string) => dayFormat.format(new Date(`${isoDay}T00:00:00Z`));
const excerptLength = 200;

/** The change against the period before, only when both sides have enough answers (as the dashboard). */
function changeInWords(p: ProcedureDigest, rhythm: DigestPeriod['rhythm']): string {
  const now = p.indicators.satisfaction;
  const before = p.previous.satisfaction;
  const weekly = rhythm === 'weekly';
  if (now.value === null || before.value === null || now.insufficient || before.insufficient) {
    const period = weekly ? 'les quatre semaines précédentes' : 'le mois précédent';
    return `Pas de comparaison avec ${period}\u202f: nombre d’avis insuffisant.`;
  }
  const against = weekly ? 'aux quatre semaines précédentes' : 'au mois précédent';
  const difference = now.value - before.value;
  const was = `${number.format(before.value)} sur 10`;
  if (Math.abs(difference) < 0.05) return `Stable par rapport ${against} (${was}).`;
  return `${difference > 0 ? 'En hausse' : 'En baisse'} de ${number.format(Math.abs(difference))} point par rapport ${against} (${was}).`;
}

const bars = [
  ['good', 'Très bien', '#18753c'],
  ['medium', 'Moyen', '#716043'],
  ['bad', 'Pas bien', '#ce0500'],
] as const;

/** A bar chart of table cells (every mail client draws tables), each bar with its figures in words. */
function barChart(p: ProcedureDigest): { html: Html; text: string } {
  const total = p.indicators.answers;
  const rows = bars.map(([key, label, colour]) => {
    const count = p.distribution[key];
    const share = total === 0 ? 0 : Math.round((100 * count) / total);
    return { label, colour, count, share };
  });
  return {
    html: html`<table role="table" style="width:100%;border-collapse:collapse;margin:0 0 16px">
<caption style="text-align:left;font-weight:bold;padding:0 0 8px">Réponses à «\u202fDe façon générale, comment ça s’est passé\u202f?\u202f»</caption>
${rows.map(
  (r) => html`<tr>
<th scope="row" style="text-align:left;font-weight:normal;padding:4px 8px 4px 0;white-space:nowrap;width:1%">${r.label}</th>
<td style="padding:4px 0;width:60%"><table role="presentation" style="width:100%;border-collapse:collapse"><tr><td style="width:${Math.max(r.share, 1)}%;background:${r.colour};height:16px;font-size:0;line-height:0">&nbsp;</td><td style="font-size:0;line-height:0">&nbsp;</td></tr></table></td>
<td style="padding:4px 0 4px 8px;white-space:nowrap">${r.count} avis (${r.share} %)</td>
</tr>`,
)}
</table>`,
    text: rows.map((r) => `${r.label}\u202f: ${r.count} avis (${r.share} %)`).join('\n'),
  };
}

function section(p: ProcedureDigest, rhythm: DigestPeriod['rhythm'], origin: string) {
  const chart = barChart(p);
  const link = `${origin}/dashboard/procedures/${p.key}`;
  const satisfaction = `Satisfaction\u202f: ${satisfactionInWords(p.indicators.satisfaction)}${p.indicators.satisfaction.insufficient ? ' (nombre d’avis insuffisant pour en tirer une conclusion)' : ''}.`;
  const comments = `${p.comments} nouveau${p.comments > 1 ? 'x' : ''} commentaire${p.comments > 1 ? 's' : ''}.`;
  const excerpts = p.excerpts.map((text) =>
    text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text,
  );
  return {
    html: html`<h2 style="margin:24px 0 8px;font-size:19px;line-height:1.3">${p.name}</h2>
<p style="margin:0 0 8px">${p.indicators.answers} avis. ${satisfaction}</p>
<p style="margin:0 0 16px">${changeInWords(p, rhythm)}</p>
${chart.html}
<p style="margin:0 0 8px">${comments}</p>
${excerpts.length > 0 && html`<ul style="margin:0 0 16px;padding-left:20px">${excerpts.map((e) => html`<li style="margin:0 0 8px">«\u202f${e}\u202f»</li>`)}</ul>`}
<p style="margin:0 0 16px"><a href="${link}" style="color:#000091">Voir tous les avis de ${p.name}</a></p>`,
    text: [
      `## ${p.name}`,
      `${p.indicators.answers} avis. ${satisfaction}`,
      changeInWords(p, rhythm),
      chart.text,
      comments,
      ...excerpts.map((e) => `- «\u202f${e}\u202f»`),
      `Voir tous les avis\u202f: ${link}`,
    ].join('\n'),
  };
}

/**
 * The digest mail of one person (docs/design.md §9): every procedure of theirs that had answers.
 */
export function digestMail(
  recipient: string,
  period: DigestPeriod,
  procedures: ProcedureDigest[],
  origin: string,
): Omit<OutgoingMail, 'dedupeKey' | 'headers'> {
  const sections = procedures.map((p) => section(p, period.rhythm, origin));
  const when = `du ${day(period.from)} au ${day(period.to)}`;
  return {
    kind: `digest-${period.rhythm}`,
    recipient,
    subject: `Vos avis ${period.rhythm === 'weekly' ? 'de la semaine' : 'du mois'} — Je donne mon avis`,
    ...renderMail({
      title: `Les avis ${when}`,
      paragraphs: [
        `${procedures.length} démarche${procedures.length > 1 ? 's ont' : ' a'} reçu des avis ${when}. Les commentaires sont montrés tels qu’enregistrés, sans les données personnelles retirées à la réception.`,
      ],
      extra: {
        html: html`${sections.map((s) => s.html)}`,
        text: sections.map((s) => s.text).join('\n\n'),
      },
      footer: `Vous recevez ce récapitulatif ${period.rhythm === 'weekly' ? 'chaque semaine' : 'chaque mois'} parce que vous suivez ces démarches. Vous pouvez en changer le rythme ou l’arrêter dans «\u202fMon compte\u202f», ou vous désabonner en un clic.`,
    }),
  };
}
