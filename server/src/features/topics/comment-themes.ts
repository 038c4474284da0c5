import { HttpProblem } from '../../http/problem.ts';
import type { Store } from '../../store/store.ts';
import type { Theme } from '../../store/themes.ts';
import {
  type FoldedComment,
  foldComment,
  holdsKeyword,
  holdsTerm,
  keywordTerms,
} from './fold-text.ts';
import { starterThemes } from './starter-themes.ts';

/** `none`: the comments that match no theme («Sans thème»). */
export type ThemeFilter = number | 'none';

/** Which of a procedure's themes a comment belongs to: every one whose keywords it holds. */
export function themesMatcher(themes: readonly Theme[]): (comment: string) => Theme[] {
  const matches = foldedThemesMatcher(themes);
  return (comment) => matches(foldComment(comment));
}

/** The same for a comment already folded (the counting job folds it once for terms and themes). */
export function foldedThemesMatcher(themes: readonly Theme[]): (folded: FoldedComment) => Theme[] {
  const compiled = themes.map((theme) => ({
    theme,
    keywords: theme.keywords.map(keywordTerms).filter((terms) => terms.length > 0),
  }));
  return (folded) =>
    compiled
      .filter(({ keywords }) => keywords.some((terms) => holdsKeyword(folded, terms)))
      .map(({ theme }) => theme);
}

/**
 * The test the answer list and the CSV export pass comments through (docs/design.md §12), and the
 * themes that label them. A theme id the procedure does not have is a 404.
 */
export async function commentTopics(
  store: Store,
  procedureKey: string,
  filter: { term?: string | undefined; theme?: ThemeFilter | undefined },
) {
  const themes = await store.listThemes(procedureKey, starterThemes);
  const themesOf = themesMatcher(themes);
  const { term, theme } = filter;
  if (typeof theme === 'number' && !themes.some((t) => t.id === theme)) {
    throw new HttpProblem(404, 'This procedure has no theme with this id.');
  }
  const tests: ((comment: string) => boolean)[] = [];
  if (term !== undefined) tests.push((comment) => holdsTerm(foldComment(comment), term));
  if (theme === 'none') tests.push((comment) => themesOf(comment).length === 0);
  else if (theme !== undefined)
    tests.push((comment) => themesOf(comment).some((t) => t.id === theme));
  return {
    themes,
    themesOf,
    matches: tests.length === 0 ? undefined : (comment: string) => tests.every((t) => t(comment)),
  };
}
