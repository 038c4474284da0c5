/**
 * The SQL that erases a settled mail's body, the same on both databases (mail-store.ts,
 * markMailSent): the recipient has the mail, and it may hold a link that works alone or quoted
 * comments. The envelope stays, so a mail is still never sent twice.
 */
export const eraseBody = `text_body = '', html_body = '', headers = '{}'`;

/**
 * The retention job's statement (mail-store.ts, purgeMailBodiesBefore), given each database's
 * placeholders for `before` and `now`: a mail still waiting, and not being sent right now, is
 * given up with its body.
 */
export function purgeBodiesBefore(before: string, now: string): string {
  const unsettled = 'sent_at IS NULL AND refused_at IS NULL';
  return `UPDATE outbox SET ${eraseBody},
       refused_at = CASE WHEN ${unsettled} THEN ${now} ELSE refused_at END,
       last_error = CASE WHEN ${unsettled} THEN 'expired: still unsent when its body was purged'
                    ELSE last_error END
     WHERE created_at < ${before} AND (text_body <> '' OR html_body <> '' OR headers <> '{}')
       AND (sent_at IS NOT NULL OR refused_at IS NOT NULL
            OR claimed_until IS NULL OR claimed_until <= ${now})`;
}
