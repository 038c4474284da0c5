// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  api,
  type Invitation,
  type InvitationAcceptance,
  type InvitationToken,
  type Me,
  type ResetConfirmation,
  type ResetRequest,
} from '../api.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ProConnectButton, useSignInMethods } from '../components/proconnect-button.tsx';
import { navigate, useDashboard } from '../context.ts';

/** The token of a mailed link: in the fragment, which no server and no Referer ever sees. */
function tokenOfLink(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
}

/** A form that says its failure, and stays usable while its request runs only once. */
function useSubmit(work: (form: FormData) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await work(new FormData(event.currentTarget as HTMLFormElement));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

function NewPasswordField() {
  const { t } = useDashboard();
  return (
    <div class="fr-input-group">
      <label class="fr-label" for="password">
        {t.newPassword}
        <span class="fr-hint-text" id="password-hint">
          {t.passwordHint}
        </span>
      </label>
      <input
        class="fr-input"
        id="password"
        name="password"
        type="password"
        autocomplete="new-password"
        aria-describedby="password-hint"
        required
        minLength={12}
      />
    </div>
  );
}

function BackToLogin() {
  const { t, go } = useDashboard();
  return (
    <p>
      <a class="fr-link" href="/dashboard/" onClick={navigate(go)}>
        {t.backToLogin}
      </a>
    </p>
  );
}

/** «Mot de passe oublié ?»: the same message whether the address has an account or not. */
export function ForgotPasswordPage() {
  const { t } = useDashboard();
  const [sent, setSent] = useState(false);
  const { error, busy, submit } = useSubmit(async (form) => {
    await api('/password-reset', {
      method: 'POST',
      body: { email: String(form.get('email')) } satisfies ResetRequest,
    });
    setSent(true);
  });
  return (
    <form class="narrow stack" onSubmit={submit}>
      <h1>{t.forgotPassword}</h1>
      <p>{t.forgotIntro}</p>
      <ErrorAlert error={error} />
      <div role="status">
        {sent && (
          <div class="fr-alert fr-alert--success fr-alert--sm">
            <p>{t.linkSent}</p>
          </div>
        )}
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for="email">
          {t.email}
        </label>
        <input
          class="fr-input"
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
        />
      </div>
      <button class="fr-btn" type="submit" disabled={busy}>
        {t.sendLink}
      </button>
      <BackToLogin />
    </form>
  );
}

/** Reached from the mailed link: a new password, then signed in (the other sessions ended). */
export function NewPasswordPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useDashboard();
  const { error, busy, submit } = useSubmit(async (form) => {
    const body = { token: tokenOfLink(), password: String(form.get('password')) };
    onDone(
      await api<Me>('/password-reset/confirm', {
        method: 'POST',
        body: body satisfies ResetConfirmation,
      }),
    );
  });
  return (
    <form class="narrow stack" onSubmit={submit}>
      <h1>{t.newPassword}</h1>
      <p>{t.newPasswordIntro}</p>
      <ErrorAlert error={error} />
      <NewPasswordField />
      <button class="fr-btn" type="submit" disabled={busy}>
        {t.savePassword}
      </button>
      <BackToLogin />
    </form>
  );
}

/** Reached from an invitation: says which account, then its password makes it. */
export function InvitationPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useDashboard();
  const [invitation, setInvitation] = useState<Invitation | undefined>();
  const [lookup, setLookup] = useState<unknown>(null);
  useEffect(() => {
    api<Invitation>('/invitations/preview', {
      method: 'POST',
      body: { token: tokenOfLink() } satisfies InvitationToken,
    }).then(setInvitation, setLookup);
  }, []);
  const methods = useSignInMethods();
  const { error, busy, submit } = useSubmit(async (form) => {
    const body = { token: tokenOfLink(), password: String(form.get('password')) };
    onDone(
      await api<Me>('/invitations/accept', {
        method: 'POST',
        body: body satisfies InvitationAcceptance,
      }),
    );
  });
  // Nothing until the sign-in methods are known: the page's heading depends on them.
  if (!methods) return <div class="narrow stack" />;
  // PASSWORD_LOGIN=false: signing in with ProConnect with the invited address opens the account.
  if (!methods.password)
    return (
      <div class="narrow stack">
        <h1>{t.openAccount}</h1>
        <ErrorAlert error={lookup} />
        {invitation && (
          <p>
            {t.invitationFor} <strong>{invitation.email}</strong>
          </p>
        )}
        <p>{t.invitationByProConnect}</p>
        <ProConnectButton methods={methods} />
      </div>
    );
  return (
    <form class="narrow stack" onSubmit={submit}>
      <h1>{t.invitation}</h1>
      <ErrorAlert error={lookup ?? error} />
      {invitation && (
        <p>
          {t.invitationFor} <strong>{invitation.email}</strong>
        </p>
      )}
      {/* The e-mail, for password managers to save the pair. */}
      {invitation && (
        <input
          type="email"
          name="email"
          autocomplete="username"
          value={invitation.email}
          hidden
          readOnly
        />
      )}
      <NewPasswordField />
      <button class="fr-btn" type="submit" disabled={busy || !invitation}>
        {t.openAccount}
      </button>
    </form>
  );
}
