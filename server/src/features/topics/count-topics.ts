import type { PeriodComment } from '../../store/store.ts';
import type { Theme } from '../../store/themes.ts';
import { type Indicator, satisfactionIndicator } from '../stats/indicators.ts';
import { bucketStart, nextBucket } from '../stats/procedure-stats.ts';
import { type FoldedComment, foldComment, holdsKeyword, keywordTerms } from './fold-text.ts';
import type { Term, TopicsResponse } from './topics-schema.ts';

/**
 * Comments and their satisfaction answers: what a term's or a theme's figures are made of. A
 * class, so every tally has one shape: this is counted for every term of every comment.
 */
class Tally {
  comments = 0;
  bad = 0;
  medium = 0;
  good = 0;
}

const newTally = () => new Tally();

function count(tally: Tally, satisfaction: PeriodComment['satisfaction']): void {
  tally.comments++;
  if (satisfaction === 'good') tally.good++;
  else if (satisfaction === 'medium') tally.medium++;
  else tally.bad++;
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

/** A term's counts, and how it was written: one form, or how often each when people differ. */
class TermTally extends Tally {
  surfaces: Map<string, number> | undefined = undefined;
  constructor(public surface: string) {
    super();
  }
}

/** Counts the terms of one period's comments, one comment at a time. */
export class TermCounter {
  read = 0;
  /** More comments were there than were read. */
  truncated = false;
  oldestDay: string | undefined;
  readonly tallies = new Map<string, TermTally>();

  /** Counts a comment and returns it folded, for the themes. */
  add(row: PeriodComment): FoldedComment {
    const folded = foldComment(row.comment);
    this.read++;
    if (this.oldestDay === undefined || row.day < this.oldestDay) this.oldestDay = row.day;
    for (const [key, surface] of folded) {
      let tally = this.tallies.get(key);
      if (tally === undefined) {
        tally = new TermTally(surface);
        this.tallies.set(key, tally);
      } else if (tally.surfaces !== undefined || surface !== tally.surface) {
        tally.surfaces ??= new Map([[tally.surface, tally.comments]]);
        tally.surfaces.set(surface, (tally.surfaces.get(surface) ?? 0) + 1);
      }
      count(tally, row.satisfaction);
    }
    return folded;
  }

  /** The way a term is written most often (ties: the first met). */
  label(key: string): string {
    const tally = this.tallies.get(key);
    if (!tally?.surfaces) return tally?.surface ?? key;
    let best = key;
    let most = 0;
    for (const [surface, n] of tally.surfaces) {
      if (n > most) [best, most] = [surface, n];
    }
    return best;
  }
}

/** Counts the themes of one period's comments; a comment counts for every theme it matches. */
export class ThemeCounter {
  readonly #themes;
  readonly none = newTally();
  readonly #noneByBucket = new Map<string, Tally>();

  constructor(
    themes: readonly Theme[],
    private readonly interval: TopicsResponse['period']['interval'],
  ) {
    this.#themes = themes.map((theme) => ({
      theme,
      keywords: theme.keywords.map(keywordTerms).filter((terms) => terms.length > 0),
      tally: newTally(),
      byBucket: new Map<string, Tally>(),
    }));
  }

  add(row: PeriodComment, folded: FoldedComment): void {
    const bucket = bucketStart(row.day, this.interval);
    let matched = false;
    for (const t of this.#themes) {
      if (!t.keywords.some((terms) => holdsKeyword(folded, terms))) continue;
      matched = true;
      count(t.tally, row.satisfaction);
      countIn(t.byBucket, bucket, row.satisfaction);
    }
    if (!matched) {
      count(this.none, row.satisfaction);
      countIn(this.#noneByBucket, bucket, row.satisfaction);
    }
  }

  figures(read: number, from: string, to: string, minAnswers: number) {
    const figuresOf = (tally: Tally, byBucket: Map<string, Tally>) => ({
      comments: tally.comments,
      share: percent(tally.comments, read),
      satisfaction: satisfactionOf(tally, minAnswers),
      series: buckets(from, to, this.interval).map((start) => {
        const t = byBucket.get(start) ?? newTally();
        return {
          start,
          comments: t.comments,
          satisfaction: satisfactionOf(t, minAnswers).value,
        };
      }),
    });
    return {
      themes: this.#themes.map(({ theme, tally, byBucket }) => ({
        id: theme.id,
        name: theme.name,
        keywords: theme.keywords,
        ...figuresOf(tally, byBucket),
      })),
      noTheme: figuresOf(this.none, this.#noneByBucket),
    };
  }
}

function countIn(
  byBucket: Map<string, Tally>,
  bucket: string,
  satisfaction: PeriodComment['satisfaction'],
) {
  count(entry(byBucket, bucket, newTally), satisfaction);
}

function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

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

/** The terms and rising terms of a period against the previous one. */
export function termLists(current: TermCounter, previous: TermCounter, minAnswers: number) {
  type Candidate = { key: string; tally: Tally; before: number; z: number | null };
  const candidates: Candidate[] = [];
  const sameAsAPhrase = wordsOfEqualPhrases(current.tallies);
  for (const [key, tally] of current.tallies) {
    if (tally.comments < topicLimits.minComments || sameAsAPhrase.has(key)) continue;
    const before = previous.tallies.get(key)?.comments ?? 0;
    const z = twoProportionZ(tally.comments, current.read, before, previous.read);
    candidates.push({ key, tally, before, z });
  }
  const byCount = (a: Candidate, b: Candidate) =>
    b.tally.comments - a.tally.comments || (a.key < b.key ? -1 : 1);
  // Figures (a satisfaction indicator each) only for the terms listed: thousands are counted.
  const term = ({ key, tally, before, z }: Candidate): Term => {
    const share = percent(tally.comments, current.read);
    const previousShare = percent(before, previous.read);
    return {
      key,
      label: current.label(key),
      kind: key.includes(' ') ? 'phrase' : 'word',
      comments: tally.comments,
      share,
      satisfaction: satisfactionOf(tally, minAnswers),
      previous: { comments: before, share: previousShare },
      change: Math.round((share - previousShare) * 10) / 10,
      z: z === null ? null : Math.round(z * 10) / 10,
    };
  };
  const terms = [...candidates].sort(byCount).slice(0, topicLimits.terms).map(term);
  const rising = candidates
    .filter(
      (c) =>
        c.z !== null &&
        c.z >= topicLimits.minRisingZ &&
        c.tally.comments >= topicLimits.minRisingComments,
    )
    .sort((a, b) => (b.z as number) - (a.z as number) || byCount(a, b))
    .slice(0, topicLimits.rising)
    .map(term);
  return { terms, rising };
}
