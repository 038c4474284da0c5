// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditAction } from '../../../server/src/store/store.ts';
import { type AuditEntry, api, isAborted } from '../api.ts';
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
const pageSize = 50;

/**
 * The audit log in words (the platform's on the administration page, an organisation's on its
 * page): when, who, what, on what, and a refusal's reason; all actions or one, the newest first,
 * older ones read a page at a time back to the log's first entry.
 */
export function AuditJournal({
  caption,
  path,
  version,
}: {
  caption?: string;
  /** The log in the API, which pages back with `before` and keeps one `action`. */
  path: string;
  /** Changed by the page after each of its actions: the newest entries are read again. */
  version: number;
}) {
  const { lang } = useDashboard();
  const words = auditLabels[lang];
  const [action, setAction] = useState<AuditAction | ''>('');
  const [entries, setEntries] = useState<AuditEntry[] | undefined>();
  const [more, setMore] = useState(false);
  /** Older pages were asked for: once none is left, say the log starts there. */
  const [pagedBack, setPagedBack] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Where the focus goes once an older page is read: its first entry, or the end of the log when
  // there was none (the button it was on is then gone).
  const focusNext = useRef<string | undefined>();
  const end = useRef<HTMLParagraphElement>(null);

  const read = (before: number | undefined, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (before !== undefined) query.set('before', String(before));
    if (action) query.set('action', action);
    return api<AuditEntry[]>(`${path}?${query}`, { signal });
  };
  useEffect(() => {
    const request = new AbortController();
    read(undefined, request.signal).then(
      (page) => {
        setEntries(page);
        setMore(page.length === pageSize);
        setPagedBack(false);
      },
      (failure: unknown) => isAborted(failure) || setError(failure),
    );
    return () => request.abort();
  }, [path, action, version]);
  useEffect(() => {
    if (focusNext.current === 'end') end.current?.focus();
    else if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [entries, pagedBack]);

  const readOlder = async () => {
    setError(null);
    try {
      const page = await read(entries?.[entries.length - 1]?.id);
      focusNext.current = page[0] ? `audit-entry-${page[0].id}` : 'end';
      setEntries([...(entries ?? []), ...page]);
      setPagedBack(true);
      setMore(page.length === pageSize);
    } catch (failure) {
      setError(failure);
    }
  };
  // The actions in words, in the order of the words.
  const actions = (Object.entries(words.actions) as [AuditAction, string][]).sort(([, a], [, b]) =>
    a.localeCompare(b, lang),
  );

  return (
    <div class="stack">
      <div class="fr-select-group narrow">
        <label class="fr-label" for="audit-action">
          {words.show}
        </label>
        <select
          class="fr-select"
          id="audit-action"
          value={action}
          onChange={(event) => setAction(event.currentTarget.value as AuditAction | '')}
        >
          <option value="">{words.allActions}</option>
          {actions.map(([code, said]) => (
            <option value={code}>{said}</option>
          ))}
        </select>
      </div>
      <ErrorAlert error={error} />
      {entries === undefined ? null : entries.length === 0 ? (
        <p>{action ? words.noneOfThem : words.empty}</p>
      ) : (
        <DataTable
          caption={caption ?? words.caption}
          columns={[words.when, words.who, words.what, words.target, words.details]}
          scrolls
        >
          {entries.map((entry) => (
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
      )}
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
