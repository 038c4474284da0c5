/**
 * docs/design.md §6: the indicators' names and level words, as the government service's back office
 * writes them (JDMA, `ObservatoireStats.tsx`), so that a product owner reads a figure here the
 * way they read it there. One list for the API's `label`/`levelLabel`, the CLI, the CSV and the
 * dashboard. «Bien», not «Très bien»: that is the answer a citizen ticks, and a tile reading it
 * would be ambiguous.
 */
export const indicatorLabels = {
  fr: {
    names: {
      satisfaction: 'Satisfaction usager',
      clarity: 'Simplicité du langage',
      autonomy: 'Niveau d’autonomie',
      reached: 'Aide joignable',
      helpQuality: 'Aide efficace',
    },
    /** Scores out of 10: below 5, below 8, from 8. */
    scoreLevels: { bad: 'Pas bien', medium: 'Moyen', good: 'Bien' },
    /** «Aide joignable»: below 70 %, below 85 %, from 85 %. */
    reachedLevels: { bad: 'Faible', medium: 'Moyen', good: 'Optimal' },
  },
  en: {
    names: {
      satisfaction: 'User satisfaction',
      clarity: 'Plain language',
      autonomy: 'Autonomy level',
      reached: 'Reachable help',
      helpQuality: 'Effective help',
    },
    scoreLevels: { bad: 'Poor', medium: 'Average', good: 'Good' },
    reachedLevels: { bad: 'Low', medium: 'Average', good: 'Optimal' },
  },
  /** For the public results pages (docs/design.md §10). */
  es: {
    names: {
      satisfaction: 'Satisfacción de los usuarios',
      clarity: 'Lenguaje sencillo',
      autonomy: 'Nivel de autonomía',
      reached: 'Ayuda localizable',
      helpQuality: 'Ayuda eficaz',
    },
    scoreLevels: { bad: 'Mal', medium: 'Regular', good: 'Bien' },
    reachedLevels: { bad: 'Baja', medium: 'Regular', good: 'Óptima' },
  },
};

export type IndicatorName = keyof (typeof indicatorLabels)['fr']['names'];
export type LevelWords = (typeof indicatorLabels)['fr' | 'en' | 'es'][
  | 'scoreLevels'
  | 'reachedLevels'];
