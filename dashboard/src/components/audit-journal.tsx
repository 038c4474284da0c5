// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditAction } from '../../../common/audit-codes.ts';
import type { AuditEntry } from '../api.ts';
import { useApi } from '../api-hooks.ts';
import {
  auditAction,
  auditActor,
  auditDetails,
  auditLabels,
  auditTarget,
} from '../audit-labels.ts';
import { formatDateTime, useDashboard } from '../context.ts';
import { DataTable } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';

/** How many entries the journal reads at a time. */
const pageSize = 50;

/**
 * The entries shown, whether older ones may be left (the last page read was full), and whether
 * older pages were asked for: once none is left, the journal says it starts there.
 */
type Shown = { entries: AuditEntry[]; more: boolean; pagedBack: boolean };

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
  const [status, setStatus] = useState('');
  // Where the focus goes once an older page is read: its first entry, or the end of the log when
  // there was none (the button it was on is then gone).
  const focusNext = useRef<string | undefined>();
  const end = useRef<HTMLParagraphElement>(null);

  /** A page: `before` an entry, or the newest. */
  const pageOf = (before?: number) => {
    const query = new URLSearchParams({ limit: String(pageSize) });
    if (before !== undefined) query.set('before', String(before));
    if (action) query.set('action', action);
    return `${path}?${query}`;
  };
  // A new choice of action is said once its entries show (the table changes under the select),
  // from its own read: the hook drops a read answered after a newer one began.
  const announce = useRef(false);
  const journal = useApi(pageOf(), {
    version,
    map: (page: AuditEntry[]): Shown => {
      if (announce.current) setStatus(words.shown(page.length, page.length === pageSize));
      announce.current = false;
      return { entries: page, more: page.length === pageSize, pagedBack: false };
    },
  });
  const entries = journal.data?.entries;
  const { more = false, pagedBack = false } = journal.data ?? {};
  const busy = journal.loading;
  useEffect(() => {
    if (focusNext.current === 'end') end.current?.focus();
    else if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [entries, pagedBack]);

  const readOlder = () =>
    journal.more(pageOf(entries?.[entries.length - 1]?.id), (shown, page: AuditEntry[]) => {
      focusNext.current = page[0] ? `audit-entry-${page[0].id}` : 'end';
      return {
        entries: [...(shown?.entries ?? []), ...page],
        more: page.length === pageSize,
        pagedBack: true,
      };
    });
  const choose = (chosen: AuditAction | '') => {
    setAction(chosen);
    setStatus('');
    announce.current = true;
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
          onChange={(event) => choose(event.currentTarget.value as AuditAction | '')}
        >
          <option value="">{words.allActions}</option>
          {actions.map(([code, said]) => (
            <option value={code}>{said}</option>
          ))}
        </select>
      </div>
      <p role="status" class="fr-text--sm">
        {status}
      </p>
      <ErrorAlert error={journal.error} />
      {entries === undefined ? null : entries.length === 0 ? (
        <p>{action ? words.noneOfThem : words.empty}</p>
      ) : (
        <DataTable
          // What the table holds, for those who list a page's tables: the action chosen too.
          caption={`${caption ?? words.caption}${action ? ` — ${words.actions[action]}` : ''}`}
          columns={[words.when, words.who, words.what, words.target, words.details]}
          scrolls
        >
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row" id={`audit-entry-${entry.id}`} tabIndex={-1}>
                <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
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
          <button
            type="button"
            class="fr-btn fr-btn--secondary"
            // Not `disabled`: the focus would leave it while the page is read.
            onClick={() => busy || readOlder()}
            aria-disabled={busy}
          >
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
