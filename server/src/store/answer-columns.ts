import type { HelpChannel } from '../../../common/questionnaire.ts';
import type { Answer } from '../../../common/wire.ts';

/** The answer's columns of a `submissions` row, as both stores read them back. */
export type AnswerColumns = {
  source: string;
  lang: string | null;
  satisfaction: string;
  clarity: number | null;
  help: string | null;
  help_other: string | null;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  reached: number | boolean | null;
  help_quality: number | null;
  comment: string | null;
  /** JSON text in SQLite, parsed jsonb in PostgreSQL. */
  reached_channels: string | Record<string, boolean> | null;
  help_quality_channels: string | Record<string, number> | null;
};

/**
 * Steps 3b and 3c as stored: the earlier shape (boolean / number, channel unknown) in `reached`
 * and `help_quality`, the per-channel objects as JSON in the `…_channels` columns; one of the two
 * at most, so a later step replaces a submission's per-channel answers as a whole.
 */
export function helpColumnsOf(answer: Answer) {
  const { reached, helpQuality } = answer;
  return {
    reached: typeof reached === 'boolean' ? reached : null,
    helpQuality: typeof helpQuality === 'number' ? helpQuality : null,
    reachedChannels: typeof reached === 'object' ? JSON.stringify(reached) : null,
    helpQualityChannels: typeof helpQuality === 'object' ? JSON.stringify(helpQuality) : null,
  };
}

const parsed = <T>(value: string | T | null): T | null =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

/** The answer stored in a row: an absent question is a NULL column, an absent source ''. */
export function answerFromColumns(row: AnswerColumns): Answer {
  const answer: Answer = { satisfaction: row.satisfaction as Answer['satisfaction'] };
  if (row.clarity !== null) answer.clarity = row.clarity;
  if (row.help !== null) answer.help = row.help.split(',') as HelpChannel[];
  if (row.help_other !== null) answer.helpOther = row.help_other;
  if (row.reached !== null) answer.reached = row.reached === true || row.reached === 1;
  if (row.help_quality !== null) answer.helpQuality = row.help_quality;
  const reachedChannels = parsed(row.reached_channels);
  if (reachedChannels !== null) answer.reached = reachedChannels;
  const helpQualityChannels = parsed(row.help_quality_channels);
  if (helpQualityChannels !== null) answer.helpQuality = helpQualityChannels;
  if (row.comment !== null) answer.comment = row.comment;
  if (row.lang !== null) answer.lang = row.lang as Answer['lang'];
  if (row.source !== '') answer.source = row.source;
  return answer;
}
