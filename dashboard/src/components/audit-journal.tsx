// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type AuditEntry, api } from '../api.ts';
import {
  auditAction,
  auditActor,
  auditDetails,
  auditLabels,
  auditTarget,
} from '../audit-labels.ts';
import { useDashboard } from '../context.ts';
import { DataTable } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';

/** How many entries the journal reads at a time. */
export const auditPageSize = 50;

/**
 * The audit entries in words (the platform's on the administration page, an organisation's on
 * its page): when, who, what, on what, and a refusal's reason; the newest page comes from the
 * page, older ones are read here, one page at a time, back to the log's first entry.
 */
export function AuditJournal({
  caption,
  path,
  entries,
}: {
  caption?: string;
  /** The log in the API, which pages back with `before`. */
  path: string;
  /** The newest page; undefined while it loads. */
  entries: AuditEntry[] | undefined;
}) {
  const { lang } = useDashboard();
  const words = auditLabels[lang];
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  /** Older pages were asked for: once none is left, say the log starts there. */
  const [pagedBack, setPagedBack] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Where the focus goes once a page is read: its first entry, or the end of the log when there
  // was none (the button it was on is then gone).
  const focusNext = useRef<string | undefined>();
  const end = useRef<HTMLParagraphElement>(null);

  // The page read the newest entries again (after an action): older pages start over.
  useEffect(() => {
    setOlder([]);
    setPagedBack(false);
    setMore((entries?.length ?? 0) === auditPageSize);
  }, [entries]);
  useEffect(() => {
    if (focusNext.current === 'end') end.current?.focus();
    else if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [older, pagedBack, more]);

  if (entries === undefined) return null;
  if (entries.length === 0) return <p>{words.empty}</p>;
  const shown = [...entries, ...older];
  const readOlder = async () => {
    setError(null);
    try {
      const page = await api<AuditEntry[]>(
        `${path}?limit=${auditPageSize}&before=${shown[shown.length - 1]?.id}`,
      );
      focusNext.current = page[0] ? `audit-entry-${page[0].id}` : 'end';
      setOlder([...older, ...page]);
      setPagedBack(true);
      setMore(page.length === auditPageSize);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div class="stack">
      <DataTable
        caption={caption ?? words.caption}
        columns={[words.when, words.who, words.what, words.target, words.details]}
        scrolls
      >
        {shown.map((entry) => (
          <tr key={entry.id}>
            <th scope="row" id={`audit-entry-${entry.id}`} tabIndex={-1}>
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
      <ErrorAlert error={error} />
      {more ? (
        <p>
          <button type="button" class="fr-btn fr-btn--secondary" onClick={readOlder}>
            {words.older}
          </button>
        </p>
      ) : (
        pagedBack && (
          <p ref={end} tabIndex={-1}>
            {words.start}
          </p>
        )
      )}
    </div>
  );
}
