// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Me, type Organisation, type ProcedureSummary, type RoleChange } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { apiKeyLabels } from '../api-key-labels.ts';
import { ApiKeys } from '../components/api-keys.tsx';
import { AuditJournal } from '../components/audit-journal.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { InvitationForm } from '../components/invitation-form.tsx';
import { useDashboard } from '../context.ts';

/** Accounts and their roles, API keys (the secret shown once), and the audit log. */
export function AdministrationPage() {
  const { t, lang } = useDashboard();
  const usersRead = useApi<Me[]>('/users');
  const proceduresRead = useApi<ProcedureSummary[]>('/procedures');
  const organisationsRead = useApi<Organisation[]>('/organisations');
  const users = usersRead.data ?? [];
  const procedures = proceduresRead.data ?? [];
  const organisations = organisationsRead.data;
  /** Counts the changes made here: the journal reads its newest entries again after each. */
  const [changes, setChanges] = useState(0);
  const change = useAction();

  const reload = () => {
    setChanges((n) => n + 1);
    return Promise.all([usersRead.reload(), proceduresRead.reload(), organisationsRead.reload()]);
  };

  const setRole = (userId: number) => (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const role = String(form.get('role'));
    return change.run(async () => {
      await api(`/users/${userId}/roles/${form.get('procedure')}`, {
        method: 'PUT',
        body: { role: role === '' ? null : (role as 'owner' | 'viewer') } satisfies RoleChange,
      });
      await reload();
    });
  };
  const nameOf = (key: string) => procedures.find((p) => p.key === key)?.name ?? key;
  return (
    <div class="stack">
      <h1>{t.administration}</h1>
      <ErrorAlert
        error={change.error ?? usersRead.error ?? proceduresRead.error ?? organisationsRead.error}
      />
      <section class="stack" aria-labelledby="users">
        <h2 id="users">{t.users}</h2>
        <DataTable caption={t.users} columns={[t.email, t.roles, t.changeRole]}>
          {users.map((u) => (
            <tr>
              <th scope="row">{u.email}</th>
              <td>
                {u.isAdmin
                  ? t.admin
                  : Object.entries(u.roles)
                      .map(
                        ([key, role]) =>
                          `${nameOf(key)} : ${role === 'owner' ? t.owner : t.viewer}`,
                      )
                      .join(', ')}
              </td>
              <td>
                {!u.isAdmin && (
                  <form class="filters" onSubmit={setRole(u.id)}>
                    <select
                      class="fr-select"
                      name="procedure"
                      aria-label={`${t.procedure} (${u.email})`}
                    >
                      {procedures.map((p) => (
                        <option value={p.key}>{p.name}</option>
                      ))}
                    </select>
                    <select class="fr-select" name="role" aria-label={`${t.role} (${u.email})`}>
                      <option value="viewer">{t.viewer}</option>
                      <option value="owner">{t.owner}</option>
                      <option value="">{t.noRole}</option>
                    </select>
                    <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                      {t.save}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <InvitationForm procedures={procedures} allowAdmin onDone={reload} />
      </section>
      <ApiKeys
        path="/api-keys"
        caption={apiKeyLabels[lang].everyKey}
        onChange={reload}
        // Blank until the organisations are read, rather than a number.
        organisationOf={(id) =>
          id === null
            ? apiKeyLabels[lang].platformWide
            : (organisations?.find((o) => o.id === id)?.name ?? '')
        }
      />
      <section class="stack" aria-labelledby="audit">
        <h2 id="audit">{t.audit}</h2>
        <AuditJournal path="/audit-log" version={changes} />
      </section>
    </div>
  );
}
