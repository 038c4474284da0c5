import type { OpenDataRow } from './public-results.ts';

/**
 * Licence Ouverte / Etalab 2.0: the State's open licence, named in every file (docs/design.md §10).
 */
export const licence = {
  name: 'etalab-2.0',
  title: 'Licence Ouverte / Open Licence version 2.0',
  path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
};

type Field = {
  name: keyof OpenDataRow;
  type: 'string' | 'integer' | 'number' | 'yearmonth';
  title: string;
  description: string;
  constraints?: { required?: boolean; minimum?: number; maximum?: number };
};

const score = (name: Field['name'], title: string, what: string): Field[] => [
  {
    name,
    type: 'number',
    title,
    description: `${what}, sur 10. Vide quand il repose sur trop peu de réponses (voir ${name}_sample).`,
    constraints: { minimum: 0, maximum: 10 },
  },
  sample(name, title),
];
const percent = (name: Field['name'], title: string, what: string): Field[] => [
  {
    name,
    type: 'number',
    title,
    description: `${what}, en %. Vide quand il repose sur trop peu de réponses (voir ${name}_sample).`,
    constraints: { minimum: 0, maximum: 100 },
  },
  sample(name, title),
];
function sample(name: Field['name'], title: string): Field {
  return {
    name: `${name}_sample` as Field['name'],
    type: 'integer',
    title: `${title} : nombre de réponses`,
    description: `Nombre de réponses sur lequel repose « ${title} ».`,
    constraints: { required: true, minimum: 0 },
  };
}

/** The columns, in order: the Table Schema's fields, the CSV's header, the JSON's keys. */
export const openDataFields: Field[] = [
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
    description: 'Le nom de la démarche en ligne.',
    constraints: { required: true },
  },
  {
    name: 'organisation',
    type: 'string',
    title: 'Organisation',
    description:
      'Le nom de l’administration ou de l’organisme qui propose la démarche et publie ses résultats\u202f; vide tant que l’organisation par défaut du service n’a pas été nommée.',
  },
  {
    name: 'month',
    type: 'yearmonth',
    title: 'Mois',
    description: 'Le mois des réponses (AAAA-MM), jours comptés dans le fuseau Europe/Paris.',
    constraints: { required: true },
  },
  {
    name: 'answers',
    type: 'integer',
    title: 'Nombre d’avis',
    description: 'Nombre d’avis reçus dans le mois.',
    constraints: { required: true, minimum: 0 },
  },
  ...score('satisfaction', 'Satisfaction usager', '(10 × Très bien + 5 × Moyen) / avis'),
  ...score('clarity', 'Simplicité du langage', 'Moyenne des notes de 1 à 5 ramenées à 0–10'),
  ...percent('autonomy', 'Niveau d’autonomie', 'Part des personnes qui n’ont pas eu besoin d’aide'),
  ...percent('reached', 'Aide joignable', 'Part des contacts où l’administration a été jointe'),
  ...score('help_quality', 'Aide efficace', 'Qualité de l’aide obtenue, notes ramenées à 0–10'),
];

/** Table Schema (frictionless data) of donnees.csv and donnees.json. */
export function tableSchema(publicUrl: string) {
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    name: 'resultats-demarches-en-ligne',
    title: 'Satisfaction des usagers des démarches en ligne, par démarche et par mois',
    description:
      'Les indicateurs de l’Observatoire de la qualité des démarches en ligne (Je donne mon avis), pour chaque démarche qui publie ses résultats. Un indicateur reposant sur trop peu de réponses est laissé vide.',
    homepage: `${publicUrl}/resultats`,
    licenses: [licence],
    fields: openDataFields,
    primaryKey: ['procedure_key', 'month'],
    missingValues: [''],
  };
}

/**
 * RFC 4180, for data.gouv.fr: UTF-8 without BOM, `,` separators, CRLF line ends, a header, and
 * quotes around any cell holding a quote, a separator or a line end (quotes doubled). A name
 * starting with `= + - @` gets a leading `'`, so that a spreadsheet never runs it as a formula.
 */
export function openDataCsv(rows: OpenDataRow[]): string {
  return fieldsCsv(openDataFields, rows);
}

/** Rows as RFC 4180 (above), one column per field of a Table Schema, in its order. */
export function fieldsCsv<Row>(fields: readonly { name: keyof Row }[], rows: Row[]): string {
  const header = fields.map((f) => String(f.name)).join(',');
  const lines = rows.map((row) => fields.map((f) => openDataCell(row[f.name])).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

/** A cell of an open data CSV file (RFC 4180, formulas neutralised). */
function openDataCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function openDataJson(rows: OpenDataRow[], publicUrl: string) {
  return {
    title: 'Satisfaction des usagers des démarches en ligne, par démarche et par mois',
    licence,
    schema: `${publicUrl}/resultats/schema.json`,
    data: rows,
  };
}
