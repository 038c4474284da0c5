/**
 * common/: what the widget, the dashboard and the server share, at the bottom of every floor
 * (docs/design.md §1). Named for what it is to its readers, code held in common, and not
 * `shared/`, which beside the repository is the older design folder. Everything may import it;
 * it imports nothing of ours and no package (test/architecture.test.ts): no zod, so the widget
 * bundles it and esbuild keeps only what the widget itself reads; the server's zod schemas are
 * built from it.
 *
 * This file is the questionnaire's shape (docs/design.md §2): its answer codes, scales and
 * limits. The words that go with these codes are in questionnaire-words.ts, the body the widget
 * sends in wire.ts.
 */

// The limits come first: esbuild writes a number constant in place of its name only when it is
// declared before anything it cannot inline (measured: 13 B gzip of the widget otherwise).
export const commentMaxLength = 5000;
export const helpOtherMaxLength = 200;
/**
 * The owner's sentences of a questionnaire version, above the first question and on the last
 * screen (docs/design.md §2, «Versions»): one line on a phone, or two.
 */
export const sentenceMaxLength = 200;

/** Step 1, as sent on the wire. */
export const satisfactionLevels = ['bad', 'medium', 'good'] as const;
export type SatisfactionLevel = (typeof satisfactionLevels)[number];

/** Steps 2 and 3c: a rating from 1 to 5. */
export const scale = [1, 2, 3, 4, 5] as const;

/** Step 3a: the ways a person may have sought help, as sent on the wire. */
export const helpChannels = [
  'counter',
  'phone',
  'email',
  'chat',
  'relative',
  'association',
  'websites',
  'other',
  'none',
] as const;
export type HelpChannel = (typeof helpChannels)[number];

/**
 * Channels that reach the administration itself: only they make step 3b («avez-vous réussi à
 * joindre…») apply, and they are the keys of steps 3b and 3c's answers and of their counters.
 */
export const administrationChannels = [
  'counter',
  'phone',
  'email',
  'chat',
] as const satisfies readonly HelpChannel[];
export type AdministrationChannel = (typeof administrationChannels)[number];

/** The questions a procedure may ask or hide (`data-questions`); satisfaction is always asked. */
export const askableQuestions = ['clarity', 'help', 'comment'] as const;
export type AskableQuestion = (typeof askableQuestions)[number];

// Last: a function between the lists above, even one the widget drops, keeps esbuild from joining
// them into one declaration (measured: 4 B raw).
/** Whether a channel ticked in step 3a is one of the administration's. */
export const isAdministrationChannel = (channel: HelpChannel): channel is AdministrationChannel =>
  (administrationChannels as readonly HelpChannel[]).includes(channel);
