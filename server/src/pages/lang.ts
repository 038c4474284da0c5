import type { Lang } from '../../../common/questionnaire-words.ts';

/** The page's language from `?lang=`: French unless another known language is asked for. */
export function pageLang(query: { lang?: string }): Lang {
  return query.lang === 'en' || query.lang === 'es' ? query.lang : 'fr';
}

/** A link to one of our pages that keeps the reader's language (French needs no parameter). */
export function withLang(path: string, lang: Lang): string {
  return lang === 'fr' ? path : `${path}?lang=${lang}`;
}
