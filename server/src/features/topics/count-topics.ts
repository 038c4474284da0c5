import type { Answer } from '../../../../common/wire.ts';
import type { CommentCounts, ThemeDay } from '../../store/terms.ts';
import type { Theme } from '../../store/themes.ts';
import { type Indicator, satisfactionIndicator } from '../stats/indicators.ts';
import { bucketStart, nextBucket } from '../stats/procedure-stats.ts';
import type { Term, TopicsResponse } from './topics-schema.ts';

/** Comments and their satisfaction answers: what a term's or a theme's figures are made of. */
type Tally = CommentCounts;

const newTally = (): Tally => ({ comments: 0, bad: 0, medium: 0, good: 0 });

/**
 * Adds (sign 1) or takes out (-1) a comment whose answer said `satisfaction`. An answer without
 * one would count as «bad»: the schema never stores one (satisfaction is required).
 */
export function count(tally: Tally, satisfaction: Answer['satisfaction'], sign: 1 | -1 = 1): void {
  tally.comments += sign;
  if (satisfaction === 'good') tally.good += sign;
  else if (satisfaction === 'medium') tally.medium += sign;
  else tally.bad += sign;
}

function addTally(into: Tally, from: Tally): void {
  into.comments += from.comments;
  into.bad += from.bad;
  into.medium += from.medium;
  into.good += from.good;
}

/** The satisfaction of some answers, by the one formula of stats/indicators.ts. */
function satisfactionOf(tally: Tally, minAnswers: number): Indicator {
  return satisfactionIndicator(
    {
      satisfaction_bad: tally.bad,
      satisfaction_medium: tally.medium,
      satisfaction_good: tally.good,
    },
    minAnswers,
  );
}

/** How the lists are cut (docs/design.md §12). */
export const topicLimits = {
  /** Terms listed, the most frequent first. */
  terms: 30,
  rising: 15,
  /** A term in fewer comments is not listed: once is not a pattern. */
  minComments: 2,
  /**
   * Rising needs this many comments now and a z of at least 3: with dozens of terms tested at
   * once, 1.96 would call one or two of them rising by chance in every period.
   */
  minRisingComments: 10,
  minRisingZ: 3,
};

function buckets(from: string, to: string, interval: TopicsResponse['period']['interval']) {
  const starts: string[] = [];
  for (let s = bucketStart(from, interval); s <= to; s = nextBucket(s, interval)) starts.push(s);
  return starts;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

/**
 * The two-proportion z statistic of a share that went from before/nBefore to now/nNow (pooled
 * standard error): how many standard errors the change is away from no change at all. null when
 * either period has no comment to compare with.
 */
export function twoProportionZ(now: number, nNow: number, before: number, nBefore: number) {
  if (nNow === 0 || nBefore === 0) return null;
  const pooled = (now + before) / (nNow + nBefore);
  const error = Math.sqrt(pooled * (1 - pooled) * (1 / nNow + 1 / nBefore));
  return error === 0 ? 0 : (now / nNow - before / nBefore) / error;
}

/**
 * The words that say nothing their phrase does not: every comment holding a phrase holds its
 * words, so a word in as many comments as a phrase of it is in exactly the same comments. It is
 * listed once, as the phrase («impossible de joindre», not «impossible» beside it).
 */
function wordsOfEqualPhrases(tallies: ReadonlyMap<string, Tally>): Set<string> {
  const words = new Set<string>();
  for (const [key, tally] of tallies) {
    if (!key.includes(' ')) continue;
    for (const word of key.split(' ')) {
      if (tallies.get(word)?.comments === tally.comments) words.add(word);
    }
  }
  return words;
}

/**
 * A period's terms as counted (store/terms.ts): every counted comment (`total`), and the terms
 * of at least `topicLimits.minComments` comments, or, for the previous period, those asked.
 */
export type PeriodTerms = { total: number; tallies: ReadonlyMap<string, Tally> };

type Candidate = { key: string; tally: Tally; before: number; z: number | null };

/** The terms that may be listed: in enough comments, and not a word equal to a phrase of it. */
function candidatesOf(current: PeriodTerms): Candidate[] {
  const sameAsAPhrase = wordsOfEqualPhrases(current.tallies);
  const candidates: Candidate[] = [];
  for (const [key, tally] of current.tallies) {
    if (key === '' || tally.comments < topicLimits.minComments || sameAsAPhrase.has(key)) continue;
    candidates.push({ key, tally, before: 0, z: null });
  }
  return candidates;
}

const byCount = (a: Candidate, b: Candidate) =>
  b.tally.comments - a.tally.comments || (a.key < b.key ? -1 : 1);

/**
 * The terms whose previous count the lists need: the most frequent ones, and every one in
 * enough comments to rise. The previous period is asked for these only, not for all its terms.
 */
export function comparedTerms(current: PeriodTerms): string[] {
  const candidates = candidatesOf(current).sort(byCount);
  return candidates
    .filter((c, i) => i < topicLimits.terms || c.tally.comments >= topicLimits.minRisingComments)
    .map((c) => c.key);
}

/**
 * Whether a term in fewer than `rareBelow` comments of the period may be listed, when `current`
 * holds only the terms in more (store/terms.ts, rare terms): yes when fewer than
 * `topicLimits.terms` terms are above it. Such a term never rises (minRisingComments), and a
 * word listed above it is never equal to one of its phrases.
 */
export function mayListRareTerms(current: PeriodTerms, rareBelow: number): boolean {
  if (rareBelow > topicLimits.minRisingComments) return true;
  const candidates = candidatesOf(current).sort(byCount);
  const last = candidates[topicLimits.terms - 1];
  return last === undefined || last.tally.comments < rareBelow;
}

/** The terms and rising terms of a period against the previous one, ranked, not yet described. */
export function rankTerms(current: PeriodTerms, previous: PeriodTerms) {
  const candidates = candidatesOf(current);
  for (const c of candidates) {
    c.before = previous.tallies.get(c.key)?.comments ?? 0;
    c.z = twoProportionZ(c.tally.comments, current.total, c.before, previous.total);
  }
  const terms = [...candidates].sort(byCount).slice(0, topicLimits.terms);
  const rising = candidates
    .filter(
      (c) =>
        c.z !== null &&
        c.z >= topicLimits.minRisingZ &&
        c.tally.comments >= topicLimits.minRisingComments,
    )
    .sort((a, b) => (b.z as number) - (a.z as number) || byCount(a, b))
    .slice(0, topicLimits.rising);
  return { terms, rising };
}

export type RankedTerms = ReturnType<typeof rankTerms>;

/** The keys a ranking lists, for their labels. */
export function listedKeys({ terms, rising }: RankedTerms): string[] {
  return [...new Set([...terms, ...rising].map((c) => c.key))];
}

/**
 * The ranked terms as the API gives them; `label`: how each is written most often (store's
 * term_labels), its key when unknown.
 */
export function describeTerms(
  { terms, rising }: RankedTerms,
  totals: { now: number; before: number },
  label: ReadonlyMap<string, string>,
  minAnswers: number,
) {
  // Figures (a satisfaction indicator each) only for the terms listed.
  const term = ({ key, tally, before, z }: Candidate): Term => {
    const share = percent(tally.comments, totals.now);
    const previousShare = percent(before, totals.before);
    return {
      key,
      label: label.get(key) ?? key,
      kind: key.includes(' ') ? 'phrase' : 'word',
      comments: tally.comments,
      share,
      satisfaction: satisfactionOf(tally, minAnswers),
      previous: { comments: before, share: previousShare },
      change: Math.round((share - previousShare) * 10) / 10,
      z: z === null ? null : Math.round(z * 10) / 10,
    };
  };
  return { terms: terms.map(term), rising: rising.map(term) };
}

/**
 * Each theme's figures and «Sans thème» (theme 0) from their counts per day: comments, share of
 * the period's `total`, satisfaction, and a series by `interval`. A comment counts for every
 * theme it matches.
 */
export function themeFigures(
  themes: readonly Theme[],
  days: readonly ThemeDay[],
  period: { from: string; to: string; interval: TopicsResponse['period']['interval'] },
  total: number,
  minAnswers: number,
) {
  const starts = buckets(period.from, period.to, period.interval);
  const byTheme = new Map<number, { tally: Tally; byBucket: Map<string, Tally> }>();
  for (const day of days) {
    let theme = byTheme.get(day.themeId);
    if (theme === undefined) {
      theme = { tally: newTally(), byBucket: new Map() };
      byTheme.set(day.themeId, theme);
    }
    addTally(theme.tally, day);
    const start = bucketStart(day.day, period.interval);
    let bucket = theme.byBucket.get(start);
    if (bucket === undefined) {
      bucket = newTally();
      theme.byBucket.set(start, bucket);
    }
    addTally(bucket, day);
  }
  const figuresOf = (id: number) => {
    const { tally, byBucket } = byTheme.get(id) ?? { tally: newTally(), byBucket: new Map() };
    return {
      comments: tally.comments,
      share: percent(tally.comments, total),
      satisfaction: satisfactionOf(tally, minAnswers),
      series: starts.map((start) => {
        const t = byBucket.get(start) ?? newTally();
        return { start, comments: t.comments, satisfaction: satisfactionOf(t, minAnswers).value };
      }),
    };
  };
  return {
    themes: themes.map((theme) => ({
      id: theme.id,
      name: theme.name,
      keywords: theme.keywords,
      ...figuresOf(theme.id),
    })),
    noTheme: figuresOf(0),
  };
}
