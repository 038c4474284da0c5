import { indicatorLabels } from '../../../../common/indicator-labels.ts';
import { fieldsCsv, licence } from '../transparency/open-data.ts';
import type { PublicEdition } from './observatoire-pages.ts';
import type { ObservatoireIndicator } from './observatoire-schema.ts';
import { observatoireIndicators } from './observatoire-schema.ts';

const { names } = indicatorLabels.fr;

/** The open data's columns, snake_case as the public results' (open-data.ts). */
const columnOf: Record<ObservatoireIndicator, string> = {
  satisfaction: 'satisfaction',
  clarity: 'clarity',
  autonomy: 'autonomy',
  reached: 'reached',
  helpQuality: 'help_quality',
};

type Field = {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  title: string;
  description: string;
  constraints?: { required?: boolean; minimum?: number; maximum?: number; pattern?: string };
  trueValues?: string[];
  falseValues?: string[];
};

/** The columns, in order: the Table Schema's fields, the CSV's header, the JSON's keys. */
export const editionFields: Field[] = [
  {
    name: 'quarter',
    type: 'string',
    title: 'Trimestre',
    description: 'Le trimestre civil de l’édition, AAAA-TN (2026-T3 : juillet à septembre 2026).',
    constraints: { required: true, pattern: '^20[0-9]{2}-T[1-4]$' },
  },
  {
    name: 'organisation',
    type: 'string',
    title: 'Organisation',
    description:
      'L’organisation qui publie l’édition et propose la démarche\u202f; vide tant que l’organisation par défaut du service n’a pas été nommée.',
  },
  {
    name: 'published_on',
    type: 'date',
    title: 'Parution',
    description:
      'Le jour où l’édition a été faite (ou recalculée) : ses chiffres sont ceux de ce jour-là.',
    constraints: { required: true },
  },
  {
    name: 'procedure_key',
    type: 'string',
    title: 'Identifiant de la démarche',
    description: 'La clé publique de la démarche, celle de sa page /resultats/{clé}.',
    constraints: { required: true },
  },
  {
    name: 'procedure_name',
    type: 'string',
    title: 'Démarche',
    description: 'Le nom de la démarche à la parution de l’édition.',
    constraints: { required: true },
  },
  {
    name: 'answers',
    type: 'integer',
    title: 'Nombre d’avis',
    description: 'Nombre d’avis reçus dans le trimestre.',
    constraints: { required: true, minimum: 0 },
  },
  {
    name: 'previous_answers',
    type: 'integer',
    title: 'Nombre d’avis (période précédente)',
    description: 'Nombre d’avis reçus dans la période de même durée qui précède le trimestre.',
    constraints: { required: true, minimum: 0 },
  },
  ...observatoireIndicators.flatMap((name): Field[] => {
    const column = columnOf[name];
    const percent = name === 'autonomy' || name === 'reached';
    return [
      {
        name: column,
        type: 'number',
        title: names[name],
        description: `${names[name]}, ${percent ? 'en %' : 'sur 10'}. Vide quand il repose sur trop peu de réponses (voir ${column}_sample).`,
        constraints: { minimum: 0, maximum: percent ? 100 : 10 },
      },
      {
        name: `${column}_sample`,
        type: 'integer',
        title: `${names[name]} : nombre de réponses`,
        description: `Nombre de réponses sur lequel repose « ${names[name]} ».`,
        constraints: { required: true, minimum: 0 },
      },
      {
        name: `${column}_change`,
        type: 'number',
        title: `${names[name]} : évolution`,
        description: `Différence avec la période précédente (${percent ? 'points de %' : 'points sur 10'}). Vide quand l’une des deux périodes a trop peu de réponses.`,
      },
      {
        name: `${column}_significant`,
        type: 'boolean',
        title: `${names[name]} : évolution significative`,
        description:
          'L’évolution dépasse les marges d’erreur à 95 % des deux périodes réunies, √(m₁² + m₂²).',
        constraints: { required: true },
        trueValues: ['true'],
        falseValues: ['false'],
      },
    ];
  }),
];

export type EditionDataRow = Record<string, string | number | boolean | null>;

/**
 * One line per public procedure and quarter, from the published editions. A procedure moved to
 * another organisation between two editions of a quarter keeps its line of the first listed.
 */
export function editionDataRows(editions: PublicEdition[]): EditionDataRow[] {
  const seen = new Set<string>();
  return editions.flatMap((edition) =>
    edition.rows.flatMap((row) => {
      const key = `${edition.quarter} ${row.procedure}`;
      if (seen.has(key)) return [];
      seen.add(key);
      const line: EditionDataRow = {
        quarter: edition.quarter,
        organisation: edition.organisation,
        published_on: (edition.regeneratedAt ?? edition.madeAt).toISOString().slice(0, 10),
        procedure_key: row.procedure,
        procedure_name: row.name,
        answers: row.answers,
        previous_answers: row.previousAnswers,
      };
      for (const name of observatoireIndicators) {
        const figure = row[name];
        const column = columnOf[name];
        line[column] = figure.insufficient ? null : figure.value;
        line[`${column}_sample`] = figure.sample;
        line[`${column}_change`] = figure.change;
        line[`${column}_significant`] = figure.significant;
      }
      return [line];
    }),
  );
}

/** Table Schema (frictionless data) of /observatoire/donnees.csv and donnees.json. */
export function editionsTableSchema(publicUrl: string) {
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    name: 'observatoire-demarches-en-ligne',
    title: 'Observatoire de la qualité des démarches en ligne, éditions trimestrielles',
    description:
      'Les indicateurs de chaque démarche publique, par trimestre, tels que l’organisation les a publiés dans son édition. Un indicateur reposant sur trop peu de réponses est laissé vide.',
    homepage: `${publicUrl}/observatoire`,
    licenses: [licence],
    fields: editionFields,
    primaryKey: ['quarter', 'procedure_key'],
    missingValues: [''],
  };
}

/** RFC 4180, as the public results' file (open-data.ts). */
export function editionsCsv(rows: EditionDataRow[]): string {
  return fieldsCsv(editionFields, rows);
}

export function editionsJson(rows: EditionDataRow[], publicUrl: string) {
  return {
    title: 'Observatoire de la qualité des démarches en ligne, éditions trimestrielles',
    licence,
    schema: `${publicUrl}/observatoire/schema.json`,
    data: rows,
  };
}
