import { reportDay } from './report-day.ts';
import type { FeedbackBody } from './schemas/feedback.ts';
import type { SaveOutcome, Store } from './store/store.ts';

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
  store: Store,
  procedureKey: string,
  body: FeedbackBody,
  receivedAt: Date,
  reportTimeZone: string,
): Promise<RecordOutcome> {
  const { id, website, elapsedMs, ...answer } = body;
  if ((website ?? '') !== '' || (elapsedMs !== undefined && elapsedMs < minHumanElapsedMs)) {
    return 'bot';
  }
  return store.saveSubmission({
    id,
    procedureKey,
    answer,
    receivedAt,
    day: reportDay(receivedAt, reportTimeZone),
  });
}
