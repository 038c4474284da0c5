/** docs/design.md §4: a submission id may be re-sent (one more step answered) for 24 hours. */
export const updateWindowMs = 24 * 60 * 60 * 1000;

/** What the store holds of a submission id already taken: enough to apply the rule. */
export type EarlierSubmission = { procedureId: number; receivedAt: number };

/**
 * What an incoming answer does to the stored submission of its id (docs/design.md §4): none
 * stored → `created`; stored for the same procedure less than 24 h before `now` → `updated` (one
 * more step answered); another procedure's, or older → `conflict`, and nothing is written. `now` is
 * when the incoming answer was received (ms). Both stores ask this once they know what is stored.
 */
export function updateDecision(
  earlier: EarlierSubmission | undefined,
  incoming: { procedureId: number },
  now: number,
): 'created' | 'updated' | 'conflict' {
  if (earlier === undefined) return 'created';
  if (earlier.procedureId !== incoming.procedureId) return 'conflict';
  return now - earlier.receivedAt > updateWindowMs ? 'conflict' : 'updated';
}
