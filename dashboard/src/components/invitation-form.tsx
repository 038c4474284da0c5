// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Invitation, type NewInvitation } from '../api.ts';
import { useAction } from '../api-hooks.ts';
import { useDashboard } from '../context.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * Invites someone by mail (POST /api/v1/invitations): the person chooses their own password from
 * the link. `procedures`: those the inviter may invite to (an admin: all; an owner: theirs).
 * `procedure`: instead, the one procedure of the page the form is on, so nothing to choose.
 */
export function InvitationForm({
  procedures,
  procedure,
  allowAdmin,
  onDone,
}: {
  procedures?: { key: string; name: string }[];
  procedure?: { key: string };
  allowAdmin: boolean;
  onDone?: () => void;
}) {
  const { t } = useDashboard();
  const [role, setRole] = useState<NewInvitation['role']>('viewer');
  const inviting = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const body = {
      email: String(form.get('email')),
      role,
      procedures: role === 'admin' ? [] : form.getAll('procedure').map(String),
    } satisfies NewInvitation;
    return inviting.run(async () => {
      const invitation = await api<Invitation>('/invitations', { method: 'POST', body });
      formElement.reset();
      onDone?.();
      return `${t.invited} ${invitation.email}.`;
    });
  };
  return (
    <form class="stack" onSubmit={submit} aria-labelledby="invite-title">
      <h3 id="invite-title">{procedure ? t.inviteSomeone : t.invite}</h3>
      <p class="fr-hint-text">{t.inviteIntro}</p>
      <ErrorAlert error={inviting.error} />
      <div class="fr-input-group">
        <label class="fr-label" for="invite-email">
          {t.email}
        </label>
        <input class="fr-input" id="invite-email" name="email" type="email" required />
      </div>
      <div class="fr-select-group">
        <label class="fr-label" for="invite-role">
          {t.role}
        </label>
        <select
          class="fr-select"
          id="invite-role"
          name="role"
          onChange={(event) =>
            setRole((event.currentTarget as HTMLSelectElement).value as typeof role)
          }
        >
          <option value="viewer">{t.viewer}</option>
          <option value="owner">{t.owner}</option>
          {allowAdmin && <option value="admin">{t.roleAdmin}</option>}
        </select>
      </div>
      {procedure && <input type="hidden" name="procedure" value={procedure.key} />}
      {procedures && role !== 'admin' && (
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">{t.procedures}</legend>
          {procedures.map((procedure, i) => (
            <div class="fr-fieldset__element">
              <div class="fr-checkbox-group">
                <input
                  type="checkbox"
                  id={`invite-procedure-${i}`}
                  name="procedure"
                  value={procedure.key}
                  defaultChecked={procedures.length === 1}
                />
                <label class="fr-label" for={`invite-procedure-${i}`}>
                  {procedure.name}
                </label>
              </div>
            </div>
          ))}
        </fieldset>
      )}
      <button class="fr-btn" type="submit">
        {t.invite}
      </button>
      <p role="status">{inviting.status}</p>
    </form>
  );
}
