// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime, see scripts/build.mjs).
import { h, render } from 'preact';
import type { AskableQuestion } from '../../common/questionnaire.ts';
import { fr, type Labels } from '../../common/questionnaire-words.ts';
import type { MountForm } from './main.ts';
import { Questionnaire } from './questionnaire.tsx';
import { resend } from './send.ts';
import { addStyles } from './styles.ts';

/**
 * The questionnaire's file, fetched by the button (main.ts) on the first sign of intent: Preact,
 * the questions, the French words and the sending of answers.
 */

/** Put in by the build (scripts/build.mjs): form.css, minified. */
declare const FORM_CSS: string;

window.JeDonneMonAvis ??= { version: 1 };
// Sends what an earlier page of this tab could not (send.ts), now and when the network returns.
resend();
addEventListener('online', resend);

/**
 * The procedure's published questionnaire version (docs/design.md §2, «Versions»), read each
 * time the questionnaire is drawn (main.ts asks it with this file), so a new version is asked
 * without a new embed code. Its steps win over `data-questions`, which can only hide more; its
 * sentences come in the page's language. Unreachable: the embed's own steps, and the
 * questionnaire's own words.
 */
export type Published = {
  questions: AskableQuestion[];
  intro: string | null;
  thankYou: string | null;
};

const mountForm: MountForm = (config, root, into, labels, published) => {
  let t: Labels = fr;
  if (labels) t = withKeys(fr, labels);
  else config.lang = 'fr'; // better French than nothing
  if (published) config.questions = published.questions.filter((q) => config.questions.includes(q));
  addStyles(root, FORM_CSS);
  into.lang = config.lang;
  into.replaceChildren(); // the button's «loading» words
  render(<Questionnaire config={config} t={t} published={published} />, into);
  into.removeAttribute('aria-busy');
};
window.JeDonneMonAvis.mountForm = mountForm;

/** A side file holds values only, in the order of the French labels' keys (scripts/build.mjs). */
// biome-ignore lint/suspicious/noExplicitAny: the labels' tree, walked whatever its shape.
function withKeys(reference: any, values: any): any {
  return reference.slice
    ? values
    : Object.fromEntries(
        Object.keys(reference).map((key, i) => [key, withKeys(reference[key], values[i])]),
      );
}
