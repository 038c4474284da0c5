import type { ResultsLang } from '../transparency/results-labels.ts';

/** « — Its name» after an edition's quarter, nothing for an unnamed organisation. */
const named = (organisation: string) => (organisation ? ` — ${organisation}` : '');

/**
 * The public Observatoire pages' words (docs/design.md §13), in the public results' languages:
 * French is the reference.
 */
export const observatoireLabels: Record<
  ResultsLang,
  {
    siteName: string;
    intro: string;
    editions: string;
    noEditions: string;
    /** `organisation` empty: an unnamed default organisation, no name said. */
    edition: (quarter: string, organisation: string) => string;
    procedures: (n: string) => string;
    madeOn: (day: string) => string;
    regeneratedOn: (day: string) => string;
    periodOf: (from: string, to: string) => string;
    comparedWith: (from: string, to: string) => string;
    caption: () => string;
    procedure: string;
    answers: string;
    sortedBy: string;
    sortBy: (column: string) => string;
    evolutions: string;
    change: (signed: string) => string;
    significant: string;
    noneShown: string;
    notFound: string;
    notFoundHint: string;
    allEditions: string;
    significance: string;
    tableHint: string;
  }
> = {
  fr: {
    siteName: 'Observatoire de la qualité des démarches en ligne',
    intro:
      'Chaque trimestre, les indicateurs des démarches en ligne côte à côte, tels qu’ils étaient à la parution de l’édition.',
    editions: 'Éditions trimestrielles',
    noEditions: 'Aucune organisation ne publie encore ses éditions.',
    edition: (quarter, organisation) => `Édition ${quarter}${named(organisation)}`,
    procedures: (n) => `${n} démarche${n === '1' ? '' : 's'}`,
    madeOn: (day) => `Parue le ${day}`,
    regeneratedOn: (day) => `recalculée le ${day}`,
    periodOf: (from, to) => `Avis reçus du ${from} au ${to}`,
    comparedWith: (from, to) => `Évolutions comparées à la période du ${from} au ${to}.`,
    caption: () => 'Indicateurs des démarches',
    procedure: 'Démarche',
    answers: 'Nombre d’avis',
    sortedBy: 'Ordre\u202f:',
    sortBy: (column) => `Trier par ${column}`,
    evolutions: 'Plus fortes évolutions',
    change: (signed) => `évolution ${signed}`,
    significant: 'significative',
    noneShown: 'Aucune démarche publique dans cette édition.',
    notFound: 'Cette édition n’est pas publiée',
    notFoundHint: 'Elle n’existe pas, ou son organisation ne publie pas ses éditions.',
    allEditions: 'Toutes les éditions',
    significance:
      'Une évolution est dite significative quand elle dépasse les marges d’erreur des deux périodes réunies : elle ne tient alors probablement pas au hasard.',
    tableHint: 'Le tableau défile horizontalement sur un petit écran.',
  },
  en: {
    siteName: 'Online procedures quality observatory',
    intro:
      'Every quarter, the indicators of online procedures side by side, as they stood when the edition was published.',
    editions: 'Quarterly editions',
    noEditions: 'No organisation publishes its editions yet.',
    edition: (quarter, organisation) => `${quarter} edition${named(organisation)}`,
    procedures: (n) => `${n} procedure${n === '1' ? '' : 's'}`,
    madeOn: (day) => `Published on ${day}`,
    regeneratedOn: (day) => `recomputed on ${day}`,
    periodOf: (from, to) => `Feedback received from ${from} to ${to}`,
    comparedWith: (from, to) => `Changes compared with the period from ${from} to ${to}.`,
    caption: () => 'Indicators of the procedures',
    procedure: 'Procedure',
    answers: 'Feedback count',
    sortedBy: 'Order:',
    sortBy: (column) => `Sort by ${column}`,
    evolutions: 'Largest changes',
    change: (signed) => `change ${signed}`,
    significant: 'significant',
    noneShown: 'No public procedure in this edition.',
    notFound: 'This edition is not published',
    notFoundHint: 'It does not exist, or its organisation does not publish its editions.',
    allEditions: 'All editions',
    significance:
      'A change is called significant when it exceeds the two periods’ margins of error combined: it is then unlikely to be chance.',
    tableHint: 'The table scrolls sideways on a small screen.',
  },
  es: {
    siteName: 'Observatorio de la calidad de los trámites en línea',
    intro:
      'Cada trimestre, los indicadores de los trámites en línea uno al lado del otro, tal como estaban al publicarse la edición.',
    editions: 'Ediciones trimestrales',
    noEditions: 'Ninguna organización publica todavía sus ediciones.',
    edition: (quarter, organisation) => `Edición ${quarter}${named(organisation)}`,
    procedures: (n) => `${n} trámite${n === '1' ? '' : 's'}`,
    madeOn: (day) => `Publicada el ${day}`,
    regeneratedOn: (day) => `recalculada el ${day}`,
    periodOf: (from, to) => `Opiniones recibidas del ${from} al ${to}`,
    comparedWith: (from, to) => `Evoluciones comparadas con el periodo del ${from} al ${to}.`,
    caption: () => 'Indicadores de los trámites',
    procedure: 'Trámite',
    answers: 'Número de opiniones',
    sortedBy: 'Orden:',
    sortBy: (column) => `Ordenar por ${column}`,
    evolutions: 'Mayores evoluciones',
    change: (signed) => `evolución ${signed}`,
    significant: 'significativa',
    noneShown: 'Ningún trámite público en esta edición.',
    notFound: 'Esta edición no está publicada',
    notFoundHint: 'No existe, o su organización no publica sus ediciones.',
    allEditions: 'Todas las ediciones',
    significance:
      'Una evolución se llama significativa cuando supera los márgenes de error de los dos periodos combinados: entonces es poco probable que se deba al azar.',
    tableHint: 'La tabla se desplaza horizontalmente en una pantalla pequeña.',
  },
};
