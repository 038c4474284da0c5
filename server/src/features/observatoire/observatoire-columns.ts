import { indicatorLabels } from '../../../../common/indicator-labels.ts';
import type { ReadMe, TableColumn } from '../../http/xlsx.ts';
import { type ObservatoireRow, observatoireIndicators } from './observatoire-schema.ts';

const { names } = indicatorLabels.fr;

const insufficientWords = 'Nombre d’avis insuffisant';

/**
 * The Observatoire's table as a file holds it, for the CSV and the Excel file alike: French
 * headers, six columns an indicator. A figure resting on too few answers is left empty beside its
 * sample and the words «Nombre d’avis insuffisant», as the open data do.
 */
export const observatoireColumns: readonly TableColumn<ObservatoireRow>[] = [
  { header: 'Identifiant', type: 'text', width: 24, value: (row) => row.procedure },
  { header: 'Démarche', type: 'text', width: 40, value: (row) => row.name },
  { header: 'Organisation', type: 'text', width: 28, value: (row) => row.organisation.name },
  { header: 'Publique', type: 'text', width: 9, value: (row) => row.public },
  { header: 'Nombre d’avis', type: 'number', width: 10, value: (row) => row.answers },
  {
    header: 'Nombre d’avis (période précédente)',
    type: 'number',
    width: 12,
    value: (row) => row.previousAnswers,
  },
  ...observatoireIndicators.flatMap((name): TableColumn<ObservatoireRow>[] => {
    const shown = (row: ObservatoireRow) => !row[name].insufficient;
    const percent = name === 'autonomy' || name === 'reached';
    return [
      {
        header: `${names[name]} (${percent ? '%' : '/10'})`,
        type: 'number',
        width: 14,
        numberFormat: '0.0',
        value: (row) => (shown(row) ? (row[name].value ?? undefined) : undefined),
      },
      {
        header: `${names[name]}\u202f: niveau`,
        type: 'text',
        width: 14,
        value: (row) => (shown(row) ? (row[name].levelLabel ?? undefined) : insufficientWords),
      },
      {
        header: `${names[name]}\u202f: réponses`,
        type: 'number',
        width: 11,
        value: (row) => row[name].sample,
      },
      {
        header: `${names[name]}\u202f: marge (±)`,
        type: 'number',
        width: 11,
        numberFormat: '0.0',
        value: (row) => (shown(row) ? (row[name].margin ?? undefined) : undefined),
      },
      {
        header: `${names[name]}\u202f: évolution`,
        type: 'number',
        width: 11,
        // Signed, so that a rise reads as one: «+0,8», «-1,2».
        numberFormat: '+0.0;-0.0;0.0',
        value: (row) => row[name].change ?? undefined,
      },
      {
        header: `${names[name]}\u202f: évolution significative`,
        type: 'text',
        width: 13,
        value: (row) => row[name].significant,
      },
    ];
  }),
];

const frenchDay = (day: string) => day.split('-').reverse().join('/');

type Period = { from: string; to: string };

/**
 * The «À lire» sheet of an Observatoire export: what the table covers, under which licence, and
 * how to read its figures (docs/design.md §6, §13).
 */
export function observatoireReadMe(what: {
  period: Period;
  previous: Period;
  /** The organisation's name; `undefined`: every organisation the reader may read. */
  organisation: string | undefined;
  /** An edition's quarter and when it was made; `undefined` for the live table. */
  edition?: { quarter: string; madeAt: Date; regeneratedAt: Date | undefined } | undefined;
  /** Its organisation publishes the edition on /observatoire. */
  published: boolean;
  /** The live table's filters, in words; none for an edition. */
  filters?: string | undefined;
  minAnswers: number;
  exportedAt: Date;
  timeZone: string;
}): ReadMe {
  const at = (instant: Date) =>
    `${instant.toLocaleString('fr-FR', { timeZone: what.timeZone })} (heure de ${what.timeZone})`;
  const span = ({ from, to }: Period) => `du ${frenchDay(from)} au ${frenchDay(to)}`;
  const edition = what.edition;
  return {
    title: edition
      ? `Observatoire, édition ${edition.quarter.replace(/^(\d{4})-(T\d)$/, '$2 $1')}`
      : 'Observatoire, tableau en direct',
    lines: [
      [
        'Période',
        `${span(what.period)}, jours comptés inclus, comparée ${edition ? 'au trimestre précédent' : 'à la période précédente de même durée'}, ${span(what.previous)}.`,
      ],
      [
        'Périmètre',
        what.organisation === undefined
          ? 'Toutes les démarches que vous pouvez consulter, de toutes les organisations.'
          : `Les démarches de ${what.organisation} que vous pouvez consulter.`,
      ],
      ...(what.filters ? [['Filtres', what.filters] as const] : []),
      ...(edition
        ? [
            [
              'Édition',
              `Figée le ${at(edition.madeAt)}${edition.regeneratedAt ? `, recalculée le ${at(edition.regeneratedAt)}` : ''}\u202f: les avis reçus, supprimés ou les démarches renommées depuis n’y changent rien.`,
            ] as const,
          ]
        : [
            [
              'Tableau en direct',
              'Calculé au moment de l’export, sur les avis reçus jusque-là.',
            ] as const,
          ]),
      ['Exporté le', `${at(what.exportedAt)}.`],
      [
        'Licence',
        what.published
          ? 'Les lignes des démarches publiques (colonne «\u202fPublique\u202f»\u202f: oui) sont publiées sous la Licence Ouverte / Etalab 2.0\u202f: vous pouvez les réutiliser librement en citant leur source. Les autres lignes sont à usage interne.'
          : 'Usage interne\u202f: ce tableau n’est pas publié, il ne se diffuse pas hors de l’administration.',
      ],
      ['Une ligne', 'Une démarche ayant reçu au moins un avis sur la période.'],
      [
        names.satisfaction,
        'Note sur 10\u202f: (10 × «\u202fTrès bien\u202f» + 5 × «\u202fMoyen\u202f» + 0 × «\u202fPas bien\u202f») ÷ nombre d’avis. Niveaux\u202f: moins de 5 «\u202fPas bien\u202f», moins de 8 «\u202fMoyen\u202f», sinon «\u202fBien\u202f».',
      ],
      [
        names.clarity,
        'Note sur 10\u202f: moyenne des réponses de 1 à 5, comptées 1 → 0, 2 → 2,5, 3 → 5, 4 → 7,5, 5 → 10.',
      ],
      [
        names.autonomy,
        'Part (%) des personnes ayant répondu à la question de l’aide qui ont coché «\u202fJe n’ai pas eu besoin d’aide\u202f».',
      ],
      [
        names.reached,
        'Part (%) des réponses «\u202foui\u202f» parmi oui et non, une réponse par canal d’aide essayé. Niveaux\u202f: moins de 70\u202f% «\u202fFaible\u202f», moins de 85\u202f% «\u202fMoyen\u202f», sinon «\u202fOptimal\u202f».',
      ],
      [
        names.helpQuality,
        'Note sur 10 de l’aide reçue, de 1 à 5 comptés comme la simplicité du langage.',
      ],
      [
        'Marge (±)',
        'La marge d’erreur à 95\u202f%\u202f: la vraie valeur a 95 chances sur 100 d’être dans la valeur ± la marge.',
      ],
      [
        'Évolution',
        'Valeur de la période moins celle de la période précédente, en points sur 10 ou en points de pourcentage.',
      ],
      [
        'Évolution significative',
        '«\u202foui\u202f» quand l’écart dépasse les marges des deux périodes combinées, √(m₁² + m₂²)\u202f: il est alors plus grand que ce que le hasard explique. Sinon «\u202fnon\u202f».',
      ],
      [
        insufficientWords,
        `Moins de ${what.minAnswers} réponses\u202f: le chiffre est trop incertain pour conclure, la case de la valeur et celle de la marge restent vides, et aucune évolution n’est donnée.`,
      ],
    ],
  };
}
