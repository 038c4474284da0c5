import type { HelpChannel, SatisfactionLevel } from '../../../../common/questionnaire.ts';
import { labels as widgetLabels } from '../../../../common/questionnaire-words.ts';

/**
 * The public results pages speak French (the reference), English and Spanish (docs/design.md §10).
 */
export const resultsLangs = ['fr', 'en', 'es'] as const;
export type ResultsLang = (typeof resultsLangs)[number];

/** `?lang=`: French unless another language of the pages is asked for. */
export function resultsLang(query: { lang?: string | undefined }): ResultsLang {
  return resultsLangs.find((lang) => lang === query.lang) ?? 'fr';
}

/** A link to a public page that keeps the reader's language (French needs no parameter). */
export function inLang(path: string, lang: ResultsLang, query: Record<string, string> = {}) {
  const params = new URLSearchParams({ ...query, ...(lang !== 'fr' && { lang }) }).toString();
  return params ? `${path}?${params}` : path;
}

/** The questions and answers as citizens read them, for the distributions. */
type QuestionWords = {
  satisfaction: string;
  satisfactionAnswers: Record<SatisfactionLevel, string>;
  clarity: string;
  clarityEnds: readonly string[];
  help: string;
  helpChannels: Record<HelpChannel, string>;
  reached: string;
  yes: string;
  no: string;
  helpQuality: string;
  helpQualityAnswers: readonly string[];
};

export const resultsLabels = {
  fr: {
    locale: 'fr-FR',
    siteName: 'Résultats des démarches en ligne',
    listIntro:
      'Ce que les usagers disent des démarches en ligne, et ce qui a changé grâce à leurs avis.',
    search: 'Rechercher une démarche ou une organisation',
    sort: 'Trier par',
    sorts: { name: 'Nom', satisfaction: 'Satisfaction', answers: 'Nombre d’avis' },
    show: 'Afficher',
    procedure: 'Démarche',
    listSatisfaction: 'Satisfaction usager',
    answers: 'Nombre d’avis',
    trend: 'Évolution sur un an',
    trends: { up: 'En hausse', down: 'En baisse', stable: 'Stable', unknown: 'Pas de comparaison' },
    noMatch: 'Aucune démarche ne correspond à votre recherche.',
    noneYet: 'Aucune démarche n’a encore publié ses résultats.',
    listCaption: 'Démarches qui publient leurs résultats',
    pagination: 'Pages de la liste',
    previousPage: 'Page précédente',
    nextPage: 'Page suivante',
    pageOf: (page: string, pages: string) => `Page ${page} sur ${pages}`,
    insufficient: 'Nombre d’avis insuffisant',
    outOf10: 'sur 10',
    onAnswers: (n: string) => `sur ${n} avis`,
    onChannelAnswers: (n: string) => `sur ${n} réponses`,
    margin: (m: string) => `marge d’erreur ${m}`,
    minRule: (n: string) =>
      `Un chiffre n’est affiché que s’il repose sur au moins ${n} avis\u202f: en dessous, il dirait peu de chose et pourrait désigner quelqu’un.`,
    periodOf: (from: string, to: string) => `Du ${from} au ${to}`,
    period: 'Choisir la période',
    from: 'Du',
    to: 'Au',
    indicators: 'Indicateurs',
    evolution: 'Évolution de la satisfaction',
    chartTitle: 'Satisfaction usager par mois, sur 10',
    month: 'Mois',
    satisfactionOutOf10: 'Satisfaction usager (sur 10)',
    summary: (from: string, a: string, to: string, b: string) =>
      `La satisfaction est passée de ${a} sur 10 en ${from} à ${b} sur 10 en ${to}.`,
    summaryOne: (month: string, a: string) => `La satisfaction était de ${a} sur 10 en ${month}.`,
    summaryNone: 'Aucun mois n’a assez d’avis pour tracer une évolution.',
    distribution: 'Ce que les usagers ont répondu',
    answer: 'Réponse',
    share: 'Part des réponses',
    youSaid: 'Vous avez dit, nous avons fait',
    youSaidIntro: 'Ce que l’équipe de la démarche a changé grâce à vos avis.',
    noImprovement: 'Aucun changement publié pour le moment.',
    readMore: 'En savoir plus',
    /** Before what follows a label, in the language's spacing. */
    colon: '\u202f: ',
    openData: 'Données ouvertes',
    openDataText:
      'Ces chiffres, mois par mois, sont publiés sous la Licence Ouverte / Etalab 2.0\u202f: vous pouvez les réutiliser librement en citant leur source.',
    csv: 'Télécharger les données (CSV)',
    json: 'Télécharger les données (JSON)',
    schema: 'Description des colonnes (Table Schema)',
    licence: 'Licence Ouverte / Etalab 2.0',
    allProcedures: 'Toutes les démarches',
    notFound: 'Ces résultats ne sont pas publiés.',
    notFoundHint: 'Vérifiez l’adresse, ou consultez la liste des démarches.',
    badPeriod: 'Cette période n’est pas valide\u202f: la période par défaut est affichée.',
    partlyAsked: (steps: string) =>
      `Sur cette période, le questionnaire n’a pas toujours posé les mêmes questions : certaines personnes n’ont pas été interrogées sur ${steps}. Chaque indicateur ne compte que les réponses des personnes à qui sa question a été posée.`,
    stepNames: {
      clarity: 'la clarté des informations',
      help: 'l’aide cherchée',
      comment: 'le commentaire',
    },
    languages: 'Langue',
    questions: widgetLabels.fr as QuestionWords,
  },
  en: {
    locale: 'en-GB',
    siteName: 'Results of online procedures',
    listIntro: 'What users say about online procedures, and what changed thanks to their feedback.',
    search: 'Search for a procedure or an organisation',
    sort: 'Sort by',
    sorts: { name: 'Name', satisfaction: 'Satisfaction', answers: 'Number of answers' },
    show: 'Show',
    procedure: 'Procedure',
    listSatisfaction: 'User satisfaction',
    answers: 'Number of answers',
    trend: 'Change over a year',
    trends: { up: 'Rising', down: 'Falling', stable: 'Stable', unknown: 'No comparison' },
    noMatch: 'No procedure matches your search.',
    noneYet: 'No procedure has published its results yet.',
    listCaption: 'Procedures that publish their results',
    pagination: 'Pages of the list',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    pageOf: (page: string, pages: string) => `Page ${page} of ${pages}`,
    insufficient: 'Not enough answers',
    outOf10: 'out of 10',
    onAnswers: (n: string) => `from ${n} answers`,
    onChannelAnswers: (n: string) => `from ${n} replies`,
    margin: (m: string) => `margin of error ${m}`,
    minRule: (n: string) =>
      `A figure is shown only when it rests on at least ${n} answers: below that, it would say little and could point to someone.`,
    periodOf: (from: string, to: string) => `From ${from} to ${to}`,
    period: 'Choose the period',
    from: 'From',
    to: 'To',
    indicators: 'Indicators',
    evolution: 'Satisfaction over time',
    chartTitle: 'User satisfaction by month, out of 10',
    month: 'Month',
    satisfactionOutOf10: 'User satisfaction (out of 10)',
    summary: (from: string, a: string, to: string, b: string) =>
      `Satisfaction went from ${a} out of 10 in ${from} to ${b} out of 10 in ${to}.`,
    summaryOne: (month: string, a: string) => `Satisfaction was ${a} out of 10 in ${month}.`,
    summaryNone: 'No month has enough answers to show a trend.',
    distribution: 'What users answered',
    answer: 'Answer',
    share: 'Share of answers',
    youSaid: 'You said, we did',
    youSaidIntro: 'What the procedure’s team changed thanks to your feedback.',
    noImprovement: 'No change published yet.',
    readMore: 'Read more',
    colon: ': ',
    openData: 'Open data',
    openDataText:
      'These figures, month by month, are published under the Licence Ouverte / Etalab 2.0 (open licence): you may reuse them freely, citing their source.',
    csv: 'Download the data (CSV)',
    json: 'Download the data (JSON)',
    schema: 'Description of the columns (Table Schema)',
    licence: 'Licence Ouverte / Etalab 2.0',
    allProcedures: 'All procedures',
    notFound: 'These results are not published.',
    notFoundHint: 'Check the address, or see the list of procedures.',
    badPeriod: 'This period is not valid: the default period is shown.',
    partlyAsked: (steps: string) =>
      `Over this period, the questionnaire did not always ask the same questions: some people were not asked about ${steps}. Each indicator counts only the answers of the people who were asked its question.`,
    stepNames: {
      clarity: 'the clarity of the information',
      help: 'the help sought',
      comment: 'the comment',
    },
    languages: 'Language',
    questions: widgetLabels.en as QuestionWords,
  },
  es: {
    locale: 'es-ES',
    siteName: 'Resultados de los trámites en línea',
    listIntro:
      'Lo que dicen los usuarios de los trámites en línea, y lo que ha cambiado gracias a sus opiniones.',
    search: 'Buscar un trámite o un organismo',
    sort: 'Ordenar por',
    sorts: { name: 'Nombre', satisfaction: 'Satisfacción', answers: 'Número de opiniones' },
    show: 'Mostrar',
    procedure: 'Trámite',
    listSatisfaction: 'Satisfacción de los usuarios',
    answers: 'Número de opiniones',
    trend: 'Evolución en un año',
    trends: { up: 'Sube', down: 'Baja', stable: 'Estable', unknown: 'Sin comparación' },
    noMatch: 'Ningún trámite corresponde a su búsqueda.',
    noneYet: 'Ningún trámite ha publicado todavía sus resultados.',
    listCaption: 'Trámites que publican sus resultados',
    pagination: 'Páginas de la lista',
    previousPage: 'Página anterior',
    nextPage: 'Página siguiente',
    pageOf: (page: string, pages: string) => `Página ${page} de ${pages}`,
    insufficient: 'No hay suficientes opiniones',
    outOf10: 'sobre 10',
    onAnswers: (n: string) => `con ${n} opiniones`,
    onChannelAnswers: (n: string) => `con ${n} respuestas`,
    margin: (m: string) => `margen de error ${m}`,
    minRule: (n: string) =>
      `Una cifra solo se muestra si se basa en al menos ${n} opiniones: con menos, diría poco y podría señalar a alguien.`,
    periodOf: (from: string, to: string) => `Del ${from} al ${to}`,
    period: 'Elegir el periodo',
    from: 'Del',
    to: 'Al',
    indicators: 'Indicadores',
    evolution: 'Evolución de la satisfacción',
    chartTitle: 'Satisfacción de los usuarios por mes, sobre 10',
    month: 'Mes',
    satisfactionOutOf10: 'Satisfacción de los usuarios (sobre 10)',
    summary: (from: string, a: string, to: string, b: string) =>
      `La satisfacción pasó de ${a} sobre 10 en ${from} a ${b} sobre 10 en ${to}.`,
    summaryOne: (month: string, a: string) => `La satisfacción fue de ${a} sobre 10 en ${month}.`,
    summaryNone: 'Ningún mes tiene suficientes opiniones para mostrar una evolución.',
    distribution: 'Lo que respondieron los usuarios',
    answer: 'Respuesta',
    share: 'Parte de las respuestas',
    youSaid: 'Usted lo dijo, nosotros lo hicimos',
    youSaidIntro: 'Lo que el equipo del trámite ha cambiado gracias a sus opiniones.',
    noImprovement: 'Todavía no se ha publicado ningún cambio.',
    readMore: 'Más información',
    colon: ': ',
    openData: 'Datos abiertos',
    openDataText:
      'Estas cifras, mes a mes, se publican con la Licence Ouverte / Etalab 2.0 (licencia abierta): puede reutilizarlas libremente citando su fuente.',
    csv: 'Descargar los datos (CSV)',
    json: 'Descargar los datos (JSON)',
    schema: 'Descripción de las columnas (Table Schema)',
    licence: 'Licence Ouverte / Etalab 2.0',
    allProcedures: 'Todos los trámites',
    notFound: 'Estos resultados no están publicados.',
    notFoundHint: 'Compruebe la dirección o consulte la lista de trámites.',
    badPeriod: 'Este periodo no es válido: se muestra el periodo por defecto.',
    partlyAsked: (steps: string) =>
      `En este periodo, el cuestionario no siempre hizo las mismas preguntas: a algunas personas no se les preguntó por ${steps}. Cada indicador cuenta solo las respuestas de las personas a las que se hizo su pregunta.`,
    stepNames: {
      clarity: 'la claridad de la información',
      help: 'la ayuda buscada',
      comment: 'el comentario',
    },
    languages: 'Idioma',
    questions: widgetLabels.es as QuestionWords,
  },
} satisfies Record<ResultsLang, unknown>;

export type ResultsLabels = (typeof resultsLabels)['fr'];

/** Each language's name, written in itself, for the language links. */
export const languageNames: Record<ResultsLang, string> = {
  fr: 'Français',
  en: 'English',
  es: 'Español',
};
