import { indicatorLabels } from '../../../../common/indicator-labels.ts';
import { labels } from '../../../../common/questionnaire-words.ts';
import type { ReadMe, TableColumn } from '../../http/xlsx.ts';
import { type RollupChannel, rollupChannels } from '../../store/rollups.ts';
import type { Submission } from '../../store/store.ts';

const t = labels.fr;
const { names } = indicatorLabels.fr;

/**
 * Short channel names for the headers; `unknown` is an answer in the earlier shape
 * (docs/design.md §2).
 */
const channelNames: Record<RollupChannel, string> = {
  counter: 'guichet',
  phone: 'téléphone',
  email: 'e-mail',
  chat: 'chat',
  unknown: 'canal non précisé',
};

/** One channel's answer: the earlier shape's single answer is the channel unknown's. */
function channelAnswer<T extends boolean | number>(
  answer: T | Partial<Record<Exclude<RollupChannel, 'unknown'>, T>> | undefined,
  channel: RollupChannel,
): T | undefined {
  if (answer === undefined || typeof answer !== 'object')
    return channel === 'unknown' ? answer : undefined;
  return channel === 'unknown' ? undefined : answer[channel];
}

/**
 * The exported answers' columns, for the CSV and the Excel file alike: French headers, one column
 * per question (issue: export for French Excel), each named after the indicator it feeds, in
 * JDMA's words, so the file reads like the dashboard.
 */
export function answerColumns(
  themesOf: (comment: string) => { name: string }[],
): TableColumn<Submission>[] {
  return [
    { header: 'Identifiant', type: 'text', width: 38, value: (s) => s.id },
    { header: 'Reçu le', type: 'instant', width: 20, value: (s) => s.receivedAt },
    { header: 'Jour', type: 'day', width: 12, value: (s) => s.day },
    { header: 'Emplacement', type: 'text', width: 16, value: (s) => s.source },
    { header: 'Langue', type: 'text', width: 8, value: (s) => s.answer.lang },
    {
      header: names.satisfaction,
      type: 'text',
      width: 12,
      value: (s) => t.satisfactionAnswers[s.answer.satisfaction],
    },
    { header: `${names.clarity} (1-5)`, type: 'number', width: 14, value: (s) => s.answer.clarity },
    {
      header: 'Aide recherchée',
      type: 'text',
      width: 30,
      value: (s) => s.answer.help?.map((c) => t.helpChannels[c]).join(', '),
    },
    { header: 'Aide : autre', type: 'text', width: 20, value: (s) => s.answer.helpOther },
    // One column per channel for each (issue 15): which channel fails is the point of asking so.
    ...rollupChannels.map(
      (c): TableColumn<Submission> => ({
        header: `${names.reached} : ${channelNames[c]}`,
        type: 'text',
        width: 14,
        value: (s) => channelAnswer(s.answer.reached, c),
      }),
    ),
    ...rollupChannels.map(
      (c): TableColumn<Submission> => ({
        header: `${names.helpQuality} (1-5) : ${channelNames[c]}`,
        type: 'number',
        width: 14,
        value: (s) => channelAnswer(s.answer.helpQuality, c),
      }),
    ),
    { header: 'Commentaire', type: 'text', width: 60, value: (s) => s.answer.comment },
    {
      header: 'Données personnelles retirées',
      type: 'number',
      width: 14,
      value: (s) => s.redactions,
    },
    { header: 'Suspect', type: 'text', width: 9, value: (s) => s.suspect },
    {
      // After the columns of the answer itself: the themes are the procedure's reading of it.
      header: 'Thèmes',
      type: 'text',
      width: 24,
      value: (s) =>
        s.answer.comment === undefined
          ? undefined
          : themesOf(s.answer.comment)
              .map((theme) => theme.name)
              .join(', '),
    },
    {
      // The questionnaire version it was given under: an empty cell of a step it was not asked
      // is not a step it skipped (docs/design.md §2, «Versions»).
      header: 'Version du questionnaire',
      type: 'number',
      width: 12,
      value: (s) => s.version,
    },
  ];
}

/** The «À lire» sheet of an answers export: what the file holds and how to read it. */
export function answersReadMe(what: {
  procedureName: string;
  from: string;
  to: string;
  theme?: string | undefined;
  exportedAt: Date;
  timeZone: string;
  /** Below it, «Nombre d'avis insuffisant» (`MIN_ANSWERS`). */
  minAnswers: number;
}): ReadMe {
  const frenchDay = (day: string) => day.split('-').reverse().join('/');
  return {
    title: `Avis sur « ${what.procedureName} »`,
    lines: [
      ['Période', `Du ${frenchDay(what.from)} au ${frenchDay(what.to)}, jours comptés inclus.`],
      ...(what.theme === undefined
        ? []
        : [
            [
              'Thème',
              `Seulement les avis dont le commentaire relève du thème « ${what.theme} ».`,
            ] as const,
          ]),
      [
        'Exporté le',
        `${what.exportedAt.toLocaleString('fr-FR', { timeZone: what.timeZone })} (heure de ${what.timeZone}).`,
      ],
      [
        'Une ligne',
        'Un avis : les réponses d’une personne, même envoyées en plusieurs étapes. Une case vide est une question sans réponse.',
      ],
      [
        'Dates',
        `« Reçu le » est l’heure de réception en heure de ${what.timeZone} ; « Jour » est le jour où l’avis compte dans les indicateurs.`,
      ],
      [
        names.satisfaction,
        'Note sur 10 : (10 × « Très bien » + 5 × « Moyen » + 0 × « Pas bien ») ÷ nombre d’avis.',
      ],
      [
        `${names.clarity}, ${names.helpQuality}`,
        'Réponses de 1 à 5 ; l’indicateur sur 10 fait la moyenne de 1 → 0, 2 → 2,5, 3 → 5, 4 → 7,5, 5 → 10.',
      ],
      [
        names.autonomy,
        'Part des personnes ayant répondu à la question de l’aide qui ont coché « Je n’ai pas eu besoin d’aide ».',
      ],
      [
        names.reached,
        'Oui ÷ (oui + non), une réponse par canal. « Canal non précisé » : réponses données avant que la question soit posée canal par canal.',
      ],
      [
        'Marge d’erreur',
        `Le tableau de bord donne chaque indicateur avec sa marge à 95 % : la vraie valeur a 95 chances sur 100 d’être dans l’intervalle. Moins de ${what.minAnswers} avis : « Nombre d’avis insuffisant », le chiffre est trop incertain pour conclure.`,
      ],
      [
        'Données personnelles',
        'Les courriels, téléphones, numéros de sécurité sociale, IBAN et numéros de carte sont retirés des commentaires avant d’être enregistrés ; la colonne « Données personnelles retirées » dit combien.',
      ],
      [
        'Diffusion',
        'Document de travail interne : les commentaires ne sont pas des données ouvertes et ne se publient pas tels quels.',
      ],
    ],
  };
}
