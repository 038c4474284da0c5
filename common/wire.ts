import type { AdministrationChannel, HelpChannel, SatisfactionLevel } from './questionnaire.ts';
import type { Lang } from './questionnaire-words.ts';

/** Steps 3b and 3c: an answer per administration channel, each one optional. */
export type PerChannel<T> = Partial<Record<AdministrationChannel, T>>;

/**
 * The body the widget and the hosted page send (docs/design.md §4), as plain types: the widget
 * reads them without the server's zod schema, which answer-schema.ts checks against this type at
 * compile time. Absent field = question not answered (yet).
 */
export type FeedbackBody = {
  /** Submission id made by the widget (UUID v7 preferred). */
  id: string;
  satisfaction: SatisfactionLevel;
  clarity?: number | undefined;
  help?: HelpChannel[] | undefined;
  helpOther?: string | undefined;
  /** Per ticked channel; a boolean is the earlier shape, kept for API v1 (channel `unknown`). */
  reached?: PerChannel<boolean> | boolean | undefined;
  /** Per reached channel; a number is the earlier shape, kept for API v1 (channel `unknown`). */
  helpQuality?: PerChannel<number> | number | undefined;
  comment?: string | undefined;
  lang?: Lang | undefined;
  source?: string | undefined;
  elapsedMs?: number | undefined;
  /** Honeypot: must stay empty. */
  website?: string | undefined;
};

/** What is kept of a submission: the wire body less its anti-bot fields. */
export type Answer = Omit<FeedbackBody, 'id' | 'website' | 'elapsedMs'>;
