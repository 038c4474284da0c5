// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import type { AuditEntry } from '../api.ts';
import {
  auditAction,
  auditActor,
  auditDetails,
  auditLabels,
  auditTarget,
} from '../audit-labels.ts';
import { useDashboard } from '../context.ts';
import { DataTable } from './data-table.tsx';

/**
 * The latest audit entries in words (the platform's on the administration page, an
 * organisation's on its page): when, who, what, on what, and a refusal's reason.
 */
export function AuditJournal({
  caption,
  entries,
}: {
  caption?: string;
  /** undefined while they load. */
  entries: AuditEntry[] | undefined;
}) {
  const { lang } = useDashboard();
  const words = auditLabels[lang];
  if (entries === undefined) return null;
  if (entries.length === 0) return <p>{words.empty}</p>;
  return (
    <DataTable
      caption={caption ?? words.caption}
      columns={[words.when, words.who, words.what, words.target, words.details]}
      scrolls
    >
      {entries.map((entry) => (
        <tr>
          <th scope="row">
            <time dateTime={entry.at}>
              {new Date(entry.at).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
                dateStyle: 'short',
                timeStyle: 'short',
              })}
            </time>
          </th>
          <td>{auditActor(entry.actor, words)}</td>
          <td>{auditAction(entry.action, words)}</td>
          <td>{auditTarget(entry.target, words)}</td>
          <td>{auditDetails(entry.details, words)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
