import { describe, expect, it } from 'vitest';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { countTermChanges } from '../../server/src/features/topics/count-terms.ts';
import {
  describeTerms,
  type PeriodTerms,
  rankTerms,
  themeFigures,
  twoProportionZ,
} from '../../server/src/features/topics/count-topics.ts';
import { foldComment, keywordKeys } from '../../server/src/features/topics/fold-text.ts';
import type { CommentCounts, ThemeDay } from '../../server/src/store/terms.ts';
import type { Theme } from '../../server/src/store/themes.ts';

const wordsOf = (text: string) => [...foldComment(text).keys()].filter((k) => !k.includes(' '));
const phrasesOf = (text: string) => [...foldComment(text).keys()].filter((k) => k.includes(' '));

type Satisfaction = Answer['satisfaction'];
type PeriodComment = { day: string; satisfaction: Satisfaction; comment: string };

/** `n` comments of one day, all with the same text and satisfaction. */
const many = (
  n: number,
  comment: string,
  satisfaction: Satisfaction = 'good',
  day = '2026-03-02',
) => Array.from({ length: n }, () => ({ day, satisfaction, comment }));

/** Comments as the counting job queues them (store/terms.ts), for one procedure. */
const queued = (rows: PeriodComment[], themes: boolean) =>
  rows.map((row, id) => ({
    id,
    procedureId: 1,
    source: '',
    ...row,
    sign: 1 as const,
    terms: !themes,
    themes,
  }));

type Counted = PeriodTerms & { labels: Map<string, string> };

/** A period's terms as the counting job counts them, and their labels as the store picks them. */
function counted(rows: PeriodComment[]): Counted {
  const made = countTermChanges(queued(rows, false), new Map());
  const tallies = new Map<string, CommentCounts>();
  for (const { term, counts } of made.terms) {
    const tally = tallies.get(term) ?? { comments: 0, bad: 0, medium: 0, good: 0 };
    for (const k of ['comments', 'bad', 'medium', 'good'] as const) tally[k] += counts[k];
    tallies.set(term, tally);
  }
  const best = new Map<string, { surface: string; uses: number }>();
  for (const { term, surface, uses } of made.labels) {
    const b = best.get(term);
    if (!b || uses > b.uses || (uses === b.uses && surface < b.surface))
      best.set(term, { surface, uses });
  }
  const labels = new Map([...best].map(([term, { surface }]) => [term, surface]));
  return { total: tallies.get('')?.comments ?? 0, tallies, labels };
}

const nothing: Counted = { total: 0, tallies: new Map(), labels: new Map() };

function termLists(now: Counted, before: Counted, minAnswers: number) {
  const totals = { now: now.total, before: before.total };
  return describeTerms(rankTerms(now, before), totals, now.labels, minAnswers);
}

/** The themes' counts per day, as the counting job makes them. */
function themeDays(rows: PeriodComment[], themes: Theme[]): ThemeDay[] {
  const made = countTermChanges(queued(rows, true), new Map([[1, themes]]));
  return [...made.themes].map(({ themeId, day, counts }) => ({ themeId, day, ...counts }));
}

describe('folding comments into terms', () => {
  it('merges «démarches», «Démarche» and «demarche» (accents folded after stemming)', () => {
    const keys = ['démarches', 'Démarche', 'demarche', 'DÉMARCHES'].map((w) => wordsOf(w)[0]);
    expect(new Set(keys)).toEqual(new Set(['demarch']));
  });

  it('shows a term as people write it most often, not as its stem', () => {
    const counter = counted([...many(3, 'Les démarches'), ...many(1, 'la demarche')]);
    const { terms } = termLists(counter, nothing, 100);
    expect(terms.find((t) => t.key === 'demarch')?.label).toBe('démarches');
    expect(terms.find((t) => t.key === 'demarch')?.comments).toBe(4);
  });

  it('never makes a term of the scrubber’s placeholders, stop words or numbers', () => {
    const words = wordsOf(
      'Écrivez-moi à [courriel] ou au [téléphone], numéro [NIR], compte [IBAN], payé avec [carte] : le dossier 2024 est à vous',
    );
    expect(words).not.toContain('courriel');
    expect(words).not.toContain('telephon');
    expect(words).not.toContain('nir');
    expect(words).not.toContain('iban');
    expect(words).not.toContain('2024');
    expect(words).not.toContain('le');
    expect(words).not.toContain('vous');
    expect(words).toContain('dossi');
    expect(words).not.toContain('cart');
  });

  it('keeps words of other scripts and drops emoji', () => {
    const words = wordsOf('Très bien 👍👍 спасибо 谢谢 merci 🇫🇷');
    expect(words).toEqual(expect.arrayContaining(['спасибо', '谢谢', 'merc']));
    expect(words.some((w) => /\p{Extended_Pictographic}/u.test(w))).toBe(false);
  });

  it('makes two-word phrases of neighbours in one clause, skipping stop words, not across a full stop', () => {
    const text = 'Le délai de traitement. Paiement refusé';
    expect(phrasesOf(text)).toEqual(['del trait', 'pai refus']);
    expect(foldComment(text).get('del trait')).toBe('délai de traitement');
  });

  it('folds a theme’s keywords the same way, and a stop-word-only keyword to nothing', () => {
    expect(keywordKeys('Pièces justificatives')).toEqual(keywordKeys('piece justificative'));
    expect(keywordKeys('de la')).toEqual([]);
  });
});

describe('counting terms', () => {
  it('finds a planted term with its exact count and satisfaction', () => {
    const counter = counted([
      ...many(30, 'Le paiement par carte a échoué', 'bad'),
      ...many(10, 'Impossible de payer en ligne', 'medium'),
      ...many(60, 'Tout est clair, merci', 'good'),
    ]);
    const { terms } = termLists(counter, nothing, 10);
    const payment = terms.find((t) => t.key === 'pai');
    expect(payment).toMatchObject({ label: 'paiement', kind: 'word', comments: 40, share: 40 });
    // (0·30 + 5·10) / 40 = 1.25 → 1.3, with the indicators' own margin.
    expect(payment?.satisfaction).toMatchObject({ value: 1.3, sample: 40, insufficient: false });
    expect(payment?.satisfaction.margin).toBeGreaterThan(0);
    expect(terms.find((t) => t.key === 'pai cart')?.comments).toBe(30);
  });

  it('lists a word once, as its phrase, when both are in the same comments', () => {
    const counter = counted([
      ...many(26, "Impossible de joindre quelqu'un par téléphone."),
      ...many(4, 'Le téléphone sonne dans le vide.'),
    ]);
    const labels = termLists(counter, nothing, 10).terms.map((t) => t.label);
    // «impossible», «joindre» and «quelqu'un» are in the 26 comments of their phrases, no more.
    expect(labels).toEqual([
      'téléphone',
      'impossible de joindre',
      "joindre quelqu'un",
      "quelqu'un par téléphone",
      'sonne dans le vide',
      'téléphone sonne',
    ]);
  });

  it('counts a comment once for a term it repeats', () => {
    const counter = counted(many(1, 'attente, attente, encore attente'));
    expect(counter.tallies.get('attent')?.comments).toBe(1);
  });

  it('says a term doubling from 200 to 400 comments rises, and one going from 1 to 3 does not', () => {
    const before = counted([
      ...many(200, 'rendez-vous'),
      ...many(1, 'formulaire'),
      ...many(799, 'rien à signaler'),
    ]);
    const now = counted([
      ...many(400, 'rendez-vous'),
      ...many(3, 'formulaire'),
      ...many(597, 'rien à signaler'),
    ]);
    const { rising, terms } = termLists(now, before, 100);
    expect(rising.map((t) => t.key)).toContain('rendez-vous');
    expect(rising.map((t) => t.key)).not.toContain('formulair');
    const appointment = terms.find((t) => t.key === 'rendez-vous');
    expect(appointment).toMatchObject({ comments: 400, previous: { comments: 200, share: 20 } });
    expect(appointment?.change).toBe(20);
    expect(terms.find((t) => t.key === 'formulair')?.change).toBe(0.2);
  });

  it('computes the two-proportion z statistic', () => {
    // p1 = .4, p2 = .2, pooled .3: (.4 − .2) / √(.3·.7·(2/1000)) = 9.76
    expect(twoProportionZ(400, 1000, 200, 1000)).toBeCloseTo(9.759, 2);
    expect(twoProportionZ(3, 1000, 0, 0)).toBeNull();
  });
});

describe('counting themes', () => {
  const themes = [
    { id: 1, name: 'Paiement', keywords: ['paiement', 'carte bancaire'] },
    { id: 2, name: 'Erreur technique', keywords: ['erreur', 'bug'] },
  ];

  it('puts a comment in every theme it matches, and the others in «sans thème»', () => {
    const rows = [
      ...many(5, 'Erreur lors du paiement', 'bad', '2026-03-01'),
      ...many(3, 'La carte bancaire est refusée', 'medium', '2026-03-02'),
      ...many(2, 'un bug partout', 'bad', '2026-03-02'),
      ...many(10, 'Très simple', 'good', '2026-03-02'),
      // «carte» and «bancaire» apart are not the phrase.
      ...many(1, 'carte grise, compte bancaire', 'good', '2026-03-02'),
    ];
    const { themes: figures, noTheme } = themeFigures(
      themes,
      themeDays(rows, themes),
      { from: '2026-03-01', to: '2026-03-02', interval: 'day' },
      rows.length,
      1,
    );
    expect(figures.map((t) => [t.name, t.comments])).toEqual([
      ['Paiement', 8],
      ['Erreur technique', 7],
    ]);
    expect(noTheme.comments).toBe(11);
    expect(figures[0]?.series).toEqual([
      { start: '2026-03-01', comments: 5, satisfaction: 0 },
      { start: '2026-03-02', comments: 3, satisfaction: 5 },
    ]);
    expect(figures[1]?.satisfaction.value).toBe(0);
  });
});
