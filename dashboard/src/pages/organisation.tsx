// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import {
  type AccessRequest,
  api,
  type MembershipChange,
  type Organisation,
  type OrganisationMember,
} from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { apiKeyLabels } from '../api-key-labels.ts';
import { ApiKeys } from '../components/api-keys.tsx';
import { AuditJournal } from '../components/audit-journal.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { formatDateTime, useDashboard } from '../context.ts';
import { organisationLabels } from '../organisation-labels.ts';

/**
 * An organisation's people, API keys and log, for its administrators (docs/design.md §11): who is
 * in it, with what role there and on its procedures; naming or removing an administrator; removing
 * a person; its API keys, made, seen in use and revoked.
 */
export function OrganisationPage({ organisationId }: { organisationId: number }) {
  const { t, lang, me } = useDashboard();
  const o = organisationLabels[lang];
  const base = `/organisations/${organisationId}`;
  const organisationsRead = useApi<Organisation[]>('/organisations');
  const membersRead = useApi<OrganisationMember[]>(`${base}/members`);
  const requestsRead = useApi<AccessRequest[]>(`${base}/access-requests`);
  const organisation = organisationsRead.data?.find((x) => x.id === organisationId);
  const members = membersRead.data;
  const requests = requestsRead.data ?? [];
  /** Counts the changes made here: the journal reads its newest entries again after each. */
  const [changes, setChanges] = useState(0);
  const change = useAction();

  const reload = () => {
    setChanges((n) => n + 1);
    return Promise.all([organisationsRead.reload(), membersRead.reload(), requestsRead.reload()]);
  };
  /** A button's click: the change, then the page read again, then «C'est fait.» */
  const act = (work: () => Promise<unknown>) => () =>
    change.run(async () => {
      await work();
      await reload();
      return o.done;
    });
  const setRole = (userId: number, role: MembershipChange['role']) =>
    act(() => api(`${base}/members/${userId}`, { method: 'PUT', body: { role } }));
  const remove = (userId: number) =>
    act(() => api(`${base}/members/${userId}`, { method: 'DELETE' }));

  const decide = (id: number, decision: 'approve' | 'refuse') =>
    act(() =>
      api(`${base}/access-requests/${id}/${decision}`, {
        method: 'POST',
        ...(decision === 'approve' && { body: { role: 'member' } }),
      }),
    );

  const name = organisation?.name ?? '';
  return (
    <div class="stack">
      <h1>{name || o.organisation}</h1>
      <ErrorAlert
        error={change.error ?? organisationsRead.error ?? membersRead.error ?? requestsRead.error}
      />
      <p role="status" class="fr-text--sm">
        {change.status}
      </p>
      {requests.length > 0 && (
        <section class="stack" aria-labelledby="requests">
          <h2 id="requests">{o.requests}</h2>
          <p>{o.requestsIntro}</p>
          <DataTable
            caption={o.requestsCaption(name)}
            columns={[t.email, o.requestedAt, o.actions]}
            scrolls
          >
            {requests.map((r) => (
              <tr>
                <th scope="row">{r.email}</th>
                <td>{formatDateTime(r.createdAt, lang)}</td>
                <td>
                  <ul class="filters plain-list" aria-label={o.actionsFor(r.email)}>
                    <li>
                      <button
                        type="button"
                        class="fr-btn fr-btn--sm"
                        aria-label={`${o.approve} : ${r.email}`}
                        onClick={decide(r.id, 'approve')}
                      >
                        {o.approve}
                      </button>
                    </li>
                    <li>
                      <button
                        type="button"
                        class="fr-btn fr-btn--sm fr-btn--secondary"
                        aria-label={`${o.refuse} : ${r.email}`}
                        onClick={decide(r.id, 'refuse')}
                      >
                        {o.refuse}
                      </button>
                    </li>
                  </ul>
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      <section class="stack" aria-labelledby="people">
        <h2 id="people">{o.people}</h2>
        {members === undefined ? (
          <p>{t.loading}</p>
        ) : members.length === 0 ? (
          <p>{o.noPeople}</p>
        ) : (
          <DataTable
            caption={o.peopleCaption(name)}
            columns={[t.email, o.role, o.procedureRoles, o.actions]}
            scrolls
          >
            {members.map((m) => (
              <tr>
                <th scope="row">{m.email}</th>
                <td>{m.role === 'admin' ? o.admin : o.member}</td>
                <td>
                  {Object.entries(m.roles)
                    .map(([key, role]) => `${key} : ${role === 'owner' ? o.owner : o.viewer}`)
                    .join(', ') || o.none}
                </td>
                <td>
                  {m.userId !== me?.id && (
                    <ul class="filters plain-list" aria-label={o.actionsFor(m.email)}>
                      <li>
                        <button
                          type="button"
                          class="fr-btn fr-btn--sm fr-btn--secondary"
                          aria-label={`${m.role === 'admin' ? o.makeMember : o.makeAdmin} : ${m.email}`}
                          onClick={setRole(m.userId, m.role === 'admin' ? 'member' : 'admin')}
                        >
                          {m.role === 'admin' ? o.makeMember : o.makeAdmin}
                        </button>
                      </li>
                      <li>
                        <button
                          type="button"
                          class="fr-btn fr-btn--sm fr-btn--tertiary"
                          aria-label={`${o.remove} : ${m.email}`}
                          onClick={remove(m.userId)}
                        >
                          {o.remove}
                        </button>
                      </li>
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <ApiKeys
        path={`${base}/api-keys`}
        caption={name ? apiKeyLabels[lang].caption(name) : apiKeyLabels[lang].title}
        onChange={reload}
      />
      <section class="stack" aria-labelledby="journal">
        <h2 id="journal">{o.journal}</h2>
        <AuditJournal
          caption={o.journalCaption(name)}
          path={`${base}/audit-log`}
          version={changes}
        />
      </section>
    </div>
  );
}
