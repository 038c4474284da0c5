import { z } from 'zod';
import { sentenceMaxLength } from '../../../../common/questionnaire.ts';
import { freeText } from '../../http/free-text.ts';
import type { QuestionnaireVersion } from '../../store/questionnaire-versions.ts';
import { askableQuestions } from '../../store/store.ts';

const line = () => freeText({ max: sentenceMaxLength });

/** A sentence in French, and in English and Spanish when the owner wrote them. */
export const sentence = z
  .object({ fr: line(), en: line().optional(), es: line().optional() })
  .strict()
  .meta({ description: `Plain text, ${sentenceMaxLength} characters at most in each language.` });

/** Which optional steps a version asks, each once (a procedure's `questions` too). */
export const askedSteps = z
  .array(z.enum(askableQuestions))
  .max(askableQuestions.length)
  .refine((list) => new Set(list).size === list.length, 'names a step twice');

export const questionnaireContent = z
  .object({
    questions: askedSteps.meta({
      description: 'The optional steps asked after satisfaction, which is always asked.',
    }),
    intro: sentence.nullable().optional().meta({
      description: 'Shown above the first question; none (null): the questionnaire’s own.',
    }),
    thanks: sentence.nullable().optional().meta({
      description: 'Shown on the last screen; none (null): «Merci pour votre avis !».',
    }),
  })
  .strict();

export const questionnaireVersionView = z.object({
  number: z.int().meta({ description: 'From 1, per procedure.' }),
  questions: z.array(z.enum(askableQuestions)),
  intro: sentence.nullable(),
  thanks: sentence.nullable(),
  publishedAt: z.iso.datetime(),
  publishedBy: z.string().meta({
    description: 'The account’s e-mail, `cli`, or `migration` for the version of before.',
  }),
});

export function versionView(
  version: QuestionnaireVersion,
): z.infer<typeof questionnaireVersionView> {
  return {
    number: version.number,
    questions: version.questions,
    intro: version.intro ?? null,
    thanks: version.thanks ?? null,
    publishedAt: version.publishedAt.toISOString(),
    publishedBy: version.publishedBy,
  };
}

/**
 * What the widget reads: the published version's steps and its sentences in one language (French
 * when the owner wrote none in that one). Says nothing an embedding page does not show anyway.
 */
export const widgetQuestionnaire = z.object({
  version: z.int(),
  questions: z.array(z.enum(askableQuestions)),
  intro: z.string().nullable(),
  // Not `thanks`: the widget's build shortens that name, a key of its own words (build.mjs).
  thankYou: z.string().nullable(),
});
