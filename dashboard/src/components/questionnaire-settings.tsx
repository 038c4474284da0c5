// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import { askableQuestions } from '../../../common/questionnaire.ts';
import type { Procedure } from '../api.ts';
import { useDashboard } from '../context.ts';
import { procedureLabels } from '../procedure-labels.ts';

/**
 * «Questionnaire», read only for now: the questions, each said asked or not (docs/design.md §2;
 * the procedure's `questions`, which the hosted page follows). Named here, not in the widget's
 * words (common/questionnaire-words.ts): sharing that module put it in the log-in page's code.
 */
export function QuestionnaireSettings({ procedure }: { procedure: Procedure }) {
  const { lang } = useDashboard();
  const l = procedureLabels[lang];
  return (
    <>
      <p>{l.questionsIntro}</p>
      <ol>
        <li>
          {l.questions.satisfaction} — {l.always}
        </li>
        {askableQuestions.map((question) => {
          const asked = procedure.questions.includes(question);
          return (
            <li>
              {l.questions[question]} — {asked ? l.asked : l.notAsked}
              {question === 'help' && asked && <p class="fr-text--sm">{l.helpFollowUps}</p>}
            </li>
          );
        })}
      </ol>
      <p class="fr-text--sm">{l.questionsNote}</p>
    </>
  );
}
