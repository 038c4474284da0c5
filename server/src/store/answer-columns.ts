import type { Answer, HelpChannel } from '../features/answers/answer-schema.ts';

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
};

/** The answer stored in a row: an absent question is a NULL column, an absent source ''. */
export function answerFromColumns(row: AnswerColumns): Answer {
  const answer: Answer = { satisfaction: row.satisfaction as Answer['satisfaction'] };
  if (row.clarity !== null) answer.clarity = row.clarity;
  if (row.help !== null) answer.help = row.help.split(',') as HelpChannel[];
  if (row.help_other !== null) answer.helpOther = row.help_other;
  if (row.reached !== null) answer.reached = row.reached === true || row.reached === 1;
  if (row.help_quality !== null) answer.helpQuality = row.help_quality;
  if (row.comment !== null) answer.comment = row.comment;
  if (row.lang !== null) answer.lang = row.lang as Answer['lang'];
  if (row.source !== '') answer.source = row.source;
  return answer;
}
