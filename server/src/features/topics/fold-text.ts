import StemmerFr from '@nlpjs/lang-fr/src/stemmer-fr.js';
import StopwordsFr from '@nlpjs/lang-fr/src/stopwords-fr.js';

/**
 * DESIGN §12: a comment as the words it is about. Each word is lower-cased, stemmed by the
 * Snowball French stemmer, then stripped of its accents: stemming first, because Snowball's
 * French rules read the accents (-ées, -é), and folding after, so «démarches», «Démarche» and
 * «demarche» (people on phones often type no accents) meet on one key, `demarch`.
 */

/** A word as it was written (lower-cased) and the key it folds to. */
export type Word = { key: string; surface: string; start: number; end: number };

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

/** A lower-cased word's key and its written form without elision; null: not a term. */
type Folded = { key: string; surface: string } | null;

const folds = new Map<string, Folded>();

/** What a lower-cased word folds to. Memoised: a comment set has far fewer words than uses. */
function fold(lower: string): Folded {
  let folded = folds.get(lower);
  if (folded !== undefined) return folded;
  const word = lower.replace(elision, '');
  folded =
    word.length < 2 ||
    word.length > longestWord ||
    !/\p{L}/u.test(word) ||
    stopWords.has(foldAccents(word))
      ? null
      : { key: foldAccents(stemmer.stemWord(word)), surface: word };
  // Bounded, so that a flood of distinct words cannot grow it without end.
  if (folds.size > 200_000) folds.clear();
  folds.set(lower, folded);
  return folded;
}

/** The words of a text that carry meaning, with where they are. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  wordPattern.lastIndex = 0;
  for (let match = wordPattern.exec(text); match; match = wordPattern.exec(text)) {
    const folded = fold(match[0].toLowerCase());
    if (folded === null) continue;
    const start = match.index;
    words.push({ key: folded.key, surface: folded.surface, start, end: start + match[0].length });
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

/** «délai de traitement»: the two words and what stands between them, spaces made single. */
function phraseAsWritten(text: string, first: Word, second: Word): string {
  if (second.start === first.end + 1) return `${first.surface} ${second.surface}`;
  const between = text.slice(first.end, second.start).toLowerCase().replace(/\s+/g, ' ');
  return `${first.surface}${between}${second.surface}`;
}

export function foldComment(comment: string): FoldedComment {
  // Same length, so positions in it are positions in the comment.
  const text = comment.replace(placeholders, (p) => '.'.padEnd(p.length));
  const folded: FoldedComment = new Map();
  let previous: Word | undefined;
  for (const word of wordsOf(text)) {
    if (!folded.has(word.key)) folded.set(word.key, word.surface);
    if (previous && !endsClause(text, previous.end, word.start)) {
      const key = `${previous.key} ${word.key}`;
      if (!folded.has(key)) folded.set(key, phraseAsWritten(text, previous, word));
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
  return wordsOf(keyword.replace(placeholders, ' . ')).map((w) => w.key);
}

/** True when the comment holds the keyword (its keys from keywordKeys). */
export function holdsKeyword(comment: FoldedComment, keys: readonly string[]): boolean {
  if (keys.length === 1) return comment.has(keys[0] as string);
  for (let i = 1; i < keys.length; i++) {
    if (!comment.has(`${keys[i - 1]} ${keys[i]}`)) return false;
  }
  return keys.length > 0;
}

/** A term's key (`demarch`, `piec justif`): what the API and the answer filter call it. */
export function holdsTerm(comment: FoldedComment, term: string): boolean {
  return comment.has(term);
}
