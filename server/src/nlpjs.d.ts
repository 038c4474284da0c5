// @nlpjs/lang-fr ships no types; only the two classes the topics feature uses are declared.
declare module '@nlpjs/lang-fr/src/stemmer-fr.js' {
  /** The Snowball French stemmer. */
  export default class StemmerFr {
    stemWord(word: string): string;
  }
}
declare module '@nlpjs/lang-fr/src/stopwords-fr.js' {
  /** Snowball's French stop word list. */
  export default class StopwordsFr {
    dictionary: Record<string, boolean>;
  }
}
