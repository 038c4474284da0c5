/**
 * The questionnaire's shape (docs/design.md §2): its answer codes, scales and limits, written once
 * for the widget, the hosted page, the server's zod schemas, the CSV export and the dashboard. The
 * words that go with these codes are in i18n.ts. No zod here, and nothing but plain values: the
 * widget bundles this file, and esbuild keeps only what the widget itself reads.
 */

// The limits come first: esbuild writes a number constant in place of its name only when it is
// declared before anything it cannot inline (measured: 13 B gzip of the widget otherwise).
export const commentMaxLength = 5000;
export const helpOtherMaxLength = 200;

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

/** Channels that reach the administration itself: only they make step 3b («avez-vous réussi à joindre…») apply. */
export const administrationChannels: readonly HelpChannel[] = ['counter', 'phone', 'email', 'chat'];

/** The questions a procedure may ask or hide (`data-questions`); satisfaction is always asked. */
export const askableQuestions = ['clarity', 'help', 'comment'] as const;
export type AskableQuestion = (typeof askableQuestions)[number];
