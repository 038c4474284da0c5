import { reportDay } from '../../../../common/calendar-days.ts';
import type { Metrics } from '../../metrics.ts';
import { scrubComment } from '../../privacy/scrub-comment.ts';
import { isSuspectComment } from '../../privacy/suspect-comment.ts';
import type { SaveOutcome, Store } from '../../store/store.ts';
import type { FeedbackBody } from './answer-schema.ts';

/**
 * No person answers this fast: the widget reports how long its form was shown, and anything
 * quicker is a script. Bots get the same kind of answer as people, so they learn nothing.
 */
const minHumanElapsedMs = 1500;

export type RecordOutcome = SaveOutcome | 'bot';

/**
 * Records a validated answer, from the API or the hosted page: drops bots (honeypot filled, or
 * sent faster than a person can read), then stores it on the day it was received.
 */
export async function recordAnswer(
  { store, metrics, reportTimeZone }: { store: Store; metrics: Metrics; reportTimeZone: string },
  procedureKey: string,
  body: FeedbackBody,
  receivedAt: Date,
): Promise<RecordOutcome> {
  const { id, website, elapsedMs, ...answer } = body;
  if ((website ?? '') !== '' || (elapsedMs !== undefined && elapsedMs < minHumanElapsedMs)) {
    metrics.botsDropped.inc();
    return 'bot';
  }
  // docs/design.md §5: personal data leaves the free text before anything is written anywhere.
  const comment = answer.comment === undefined ? undefined : scrubComment(answer.comment);
  const helpOther = answer.helpOther === undefined ? undefined : scrubComment(answer.helpOther);
  if (comment) answer.comment = comment.text;
  if (helpOther) answer.helpOther = helpOther.text;
  const outcome = await store.saveSubmission({
    id,
    procedureKey,
    answer,
    receivedAt,
    day: reportDay(receivedAt, reportTimeZone),
    redactions: (comment?.redactions ?? 0) + (helpOther?.redactions ?? 0),
    suspect: comment !== undefined && isSuspectComment(comment.text),
  });
  if (outcome === 'created' || outcome === 'updated') metrics.submissionsStored.inc({ outcome });
  return outcome;
}
