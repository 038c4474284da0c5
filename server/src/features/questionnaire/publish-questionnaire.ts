import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type {
  PublishOptions,
  PublishOutcome,
  QuestionnaireContent,
} from '../../store/questionnaire-versions.ts';
import type { Store } from '../../store/store.ts';

/**
 * Publishes a procedure's questionnaire as its next version, with its audit entry, in one
 * transaction (docs/design.md §2, «Versions»): the dashboard's «Publier», the `questions` of a
 * procedure's update and the API all come here. `unchanged` when it is the published version's
 * own content (no version written); `undefined` when there is no such procedure.
 */
export function publishQuestionnaire(
  store: Store,
  procedureKey: string,
  content: QuestionnaireContent,
  actor: Actor,
  organisationId: number,
  options: PublishOptions = {},
): Promise<PublishOutcome | undefined> {
  return store.publishQuestionnaire(
    procedureKey,
    content,
    (version) => ({
      ...auditEntry(actor, 'questionnaire.publish', procedureKey, {
        version: version.number,
        questions: version.questions.join(', '),
      }),
      organisationId,
    }),
    options,
  );
}
