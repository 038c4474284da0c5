import StemmerFr from '@nlpjs/lang-fr/src/stemmer-fr.js';
import StopwordsFr from '@nlpjs/lang-fr/src/stopwords-fr.js';

/**
 * docs/design.md §12: a comment as the words it is about. Each word is lower-cased, stemmed by the
 * Snowball French stemmer, then stripped of its accents: stemming first, because Snowball's
 * French rules read the accents (-ées, -é), and folding after, so «démarches», «Démarche» and
 * «demarche» (people on phones often type no accents) meet on one key, `demarch`.
 */

/** A word's key and its written form (lower-cased, without elision). */
type Folded = { key: string; surface: string };

/** A word of a text that carries meaning, and where it is. */
type Word = { folded: Folded; start: number; end: number };

/**
 * What counting and theme matching need from one comment: each term it holds (a word's key, or
 * two neighbouring words of one clause as `key key`; a word's key has no space) and how it was
 * written there, for a readable form. One map, not three sets: this is made for every comment.
 */
export type FoldedComment = Map<string, string>;

const stemmer = new StemmerFr();

export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

const stopWords = new Set(Object.keys(new StopwordsFr().dictionary).map(foldAccents));

/** The scrubber's placeholders (privacy/scrub-comment.ts): what it hid is never a term. */
const placeholders = /\[(?:courriel|téléphone|NIR|IBAN|carte)\]/g;
/** Letters or digits, joined by an apostrophe or a hyphen (aujourd'hui, rendez-vous). */
const wordPattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** l', d', qu'… belong to the next word's grammar, not its meaning. */
const elision = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]/;
/** No French word is longer; longer runs are links, codes or keyboard mashing. */
const longestWord = 30;

const letter = /\p{L}/u;

/**
 * What a word, as written, folds to; null: not a term. Memoised on the word as written: a
 * comment set has far fewer distinct words than uses, and a reading folds thousands of comments
 * (lower-casing before the look-up made a new string for every word).
 */
const folds = new Map<string, Folded | null>();

/**
 * Two neighbouring words as a phrase: its key and how it reads with one space between, made once
 * per pair of words. The same strings each time, not new ones for every comment: their hashes
 * are kept and comparing them is comparing references, in the comment's map and in the counts.
 */
type Pair = { key: string; spaced: string; written?: Map<string, string> };
const pairs = new Map<Folded, Map<Folded, Pair>>();
/** Pairs and phrases as written kept, to bound them. */
let pairCount = 0;

/** Bounded, so that a flood of distinct words cannot grow them without end. */
const memoised = 200_000;

function fold(written: string): Folded | null {
  let folded = folds.get(written);
  if (folded !== undefined) return folded;
  const word = written.toLowerCase().replace(elision, '');
  folded =
    word.length < 2 ||
    word.length > longestWord ||
    !letter.test(word) ||
    stopWords.has(foldAccents(word))
      ? null
      : { key: foldAccents(stemmer.stemWord(word)), surface: word };
  if (folds.size > memoised) {
    folds.clear();
    pairs.clear();
    pairCount = 0;
  }
  folds.set(written, folded);
  return folded;
}

function pairOf(first: Folded, second: Folded): Pair {
  if (pairCount > memoised) {
    pairs.clear();
    pairCount = 0;
  }
  let after = pairs.get(first);
  if (after === undefined) {
    after = new Map();
    pairs.set(first, after);
  }
  let pair = after.get(second);
  if (pair === undefined) {
    pair = { key: `${first.key} ${second.key}`, spaced: `${first.surface} ${second.surface}` };
    after.set(second, pair);
    pairCount++;
  }
  return pair;
}

/** The words of a text that carry meaning, with where they are. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  wordPattern.lastIndex = 0;
  for (let match = wordPattern.exec(text); match; match = wordPattern.exec(text)) {
    const folded = fold(match[0]);
    if (folded === null) continue;
    const start = match.index;
    words.push({ folded, start, end: start + match[0].length });
  }
  return words;
}

/**
 * Punctuation between two words ends a clause: no phrase across it. Stop words, digits,
 * spaces, apostrophes, hyphens and emoji do not. Read code by code: this runs for every word.
 */
function endsClause(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 128 ? asciiBreaks[code] === 1 : otherBreaks.has(code)) return true;
  }
  return false;
}

const asciiBreaks = new Uint8Array(128);
for (const c of '.,;:!?()[]{}"/\\|<>=+*&%$#@~^_`\n\r\t') asciiBreaks[c.charCodeAt(0)] = 1;
/** « » … – — “ ” „ • ¿ ¡ and the ideographic full stop and comma. */
const otherBreaks = new Set([...'«»…–—“”„•¿¡。、'].map((c) => c.charCodeAt(0)));

const spaces = /\s+/g;

/**
 * «délai de traitement»: the two words and what stands between them, spaces made single; kept
 * with the pair by what stands between them as written (a few stop words and spaces).
 */
function phraseAsWritten(text: string, first: Word, second: Word, pair: Pair): string {
  if (second.start === first.end + 1) return pair.spaced;
  const between = text.slice(first.end, second.start);
  pair.written ??= new Map();
  let phrase = pair.written.get(between);
  if (phrase === undefined) {
    const single = between.toLowerCase().replace(spaces, ' ');
    phrase = `${first.folded.surface}${single}${second.folded.surface}`;
    pair.written.set(between, phrase);
    pairCount++;
  }
  return phrase;
}

export function foldComment(comment: string): FoldedComment {
  // Same length, so positions in it are positions in the comment.
  const text = comment.includes('[')
    ? comment.replace(placeholders, (p) => '.'.padEnd(p.length))
    : comment;
  const folded: FoldedComment = new Map();
  let previous: Word | undefined;
  for (const word of wordsOf(text)) {
    const { key, surface } = word.folded;
    if (!folded.has(key)) folded.set(key, surface);
    if (previous && !endsClause(text, previous.end, word.start)) {
      const pair = pairOf(previous.folded, word.folded);
      if (!folded.has(pair.key)) folded.set(pair.key, phraseAsWritten(text, previous, word, pair));
    }
    previous = word;
  }
  return folded;
}

/**
 * A theme's keyword as the keys a comment must hold: one word, or a phrase whose neighbouring
 * words must be neighbours in the comment too. Empty when it holds only stop words.
 */
export function keywordKeys(keyword: string): string[] {
  return wordsOf(keyword.replace(placeholders, ' . ')).map((w) => w.folded.key);
}

/**
 * The terms a comment must all hold to hold a keyword: its word's key, or each pair of its
 * neighbouring words (`piec justif`). Made once per theme, not for every comment. Empty when the
 * keyword holds only stop words.
 */
export function keywordTerms(keyword: string): string[] {
  const keys = keywordKeys(keyword);
  return keys.length === 1 ? keys : keys.slice(1).map((key, i) => `${keys[i]} ${key}`);
}

/** True when the comment holds a keyword (its terms from keywordTerms; none: never). */
export function holdsKeyword(comment: FoldedComment, terms: readonly string[]): boolean {
  for (const term of terms) if (!comment.has(term)) return false;
  return terms.length > 0;
}

/** A term's key (`demarch`, `piec justif`): what the API and the answer filter call it. */
export function holdsTerm(comment: FoldedComment, term: string): boolean {
  return comment.has(term);
}
