export type DashboardLang = 'fr' | 'en';

/**
 * A label file's two languages. French is the reference: English must have exactly its keys, each
 * of the same type (a missing or extra key is a type error), so no word is left unsaid in either.
 */
export function defineLabels<Words>(fr: Words, en: NoInfer<Words>): Record<DashboardLang, Words> {
  return { fr, en };
}

const pluralRules = {
  fr: new Intl.PluralRules('fr-FR'),
  en: new Intl.PluralRules('en-GB'),
};

/**
 * The word that goes with `count`, by the language's own rule (`Intl.PluralRules`): French says
 * «0 réponse» and «1 réponse», English «0 answers» and «1 answer».
 */
export const plural = {
  fr: (count: number, one: string, other: string) =>
    pluralRules.fr.select(count) === 'one' ? one : other,
  en: (count: number, one: string, other: string) =>
    pluralRules.en.select(count) === 'one' ? one : other,
};
