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

/** What counting and theme matching need from one comment. */
export type FoldedComment = {
  /** Keys of the words (stop words out), in order. */
  words: Set<string>;
  /** Keys of two neighbouring words of one clause, `key key`. */
  phrases: Set<string>;
  /** Key → the way it was written here: words and phrases, for a readable form. */
  surfaces: Map<string, string>;
};

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

const keys = new Map<string, string | null>();

/** The key of a lower-cased word, or null for a stop word, a number or noise. Memoised. */
function keyOf(lower: string): string | null {
  let key = keys.get(lower);
  if (key !== undefined) return key;
  const word = lower.replace(elision, '');
  const folded = foldAccents(word);
  key =
    word.length < 2 || word.length > longestWord || !/\p{L}/u.test(word) || stopWords.has(folded)
      ? null
      : foldAccents(stemmer.stemWord(word));
  // Bounded, so that a flood of distinct words cannot grow it without end.
  if (keys.size > 200_000) keys.clear();
  keys.set(lower, key);
  return key;
}

/** The words of a text that carry meaning, with where they are. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const surface = match[0].toLowerCase();
    const key = keyOf(surface);
    if (key === null) continue;
    const start = match.index;
    words.push({ key, surface: surface.replace(elision, ''), start, end: start + surface.length });
  }
  return words;
}

/** Anything but spaces, letters and apostrophes between two words ends a clause (. , ! ? ; ( …). */
const clauseBreak = /[^\s\p{L}\p{N}'’-]/u;

export function foldComment(comment: string): FoldedComment {
  // Same length, so positions in it are positions in the comment.
  const text = comment.replace(placeholders, (p) => '.'.padEnd(p.length));
  const folded: FoldedComment = { words: new Set(), phrases: new Set(), surfaces: new Map() };
  const words = wordsOf(text);
  let previous: Word | undefined;
  for (const word of words) {
    folded.words.add(word.key);
    if (!folded.surfaces.has(word.key)) folded.surfaces.set(word.key, word.surface);
    if (previous && !clauseBreak.test(text.slice(previous.end, word.start))) {
      const key = `${previous.key} ${word.key}`;
      folded.phrases.add(key);
      if (!folded.surfaces.has(key)) {
        const written = text.slice(previous.start, word.end).toLowerCase();
        folded.surfaces.set(key, written.replace(elision, '').replace(/\s+/g, ' '));
      }
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
  if (keys.length === 1) return comment.words.has(keys[0] as string);
  for (let i = 1; i < keys.length; i++) {
    if (!comment.phrases.has(`${keys[i - 1]} ${keys[i]}`)) return false;
  }
  return keys.length > 0;
}

/** A term's key (`demarch`, `piec justif`): what the API and the answer filter call it. */
export function holdsTerm(comment: FoldedComment, term: string): boolean {
  return term.includes(' ') ? comment.phrases.has(term) : comment.words.has(term);
}
