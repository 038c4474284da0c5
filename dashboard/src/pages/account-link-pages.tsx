// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import {
  api,
  type FirstAccount,
  type Invitation,
  type InvitationAcceptance,
  type InvitationToken,
  type Me,
  type ResetConfirmation,
  type ResetRequest,
} from '../api.ts';
import { useApi } from '../api-hooks.ts';
import {
  CredentialsForm,
  EmailField,
  PasswordField,
  useSubmit,
} from '../components/account-form.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ProConnectButton, useSignInMethods } from '../components/proconnect-button.tsx';
import { navigate, useDashboard } from '../context.ts';
import { organisationLabels } from '../organisation-labels.ts';

/** The token of a mailed link: in the fragment, which no server and no Referer ever sees. */
function tokenOfLink(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
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
      <EmailField />
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
      <PasswordField label={t.newPassword} choosing />
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
  const preview = useApi<Invitation>('/invitations/preview', {
    body: { token: tokenOfLink() } satisfies InvitationToken,
  });
  const invitation = preview.data;
  const lookup = preview.error;
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
      <PasswordField label={t.newPassword} choosing />
      <button class="fr-btn" type="submit" disabled={busy || !invitation}>
        {t.openAccount}
      </button>
    </form>
  );
}

/**
 * Reached from the link printed at first start; the token travels in the URL fragment only. It
 * names the default organisation too, which the public pages show (unless ORGANISATION_NAME did).
 */
export function SetupPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t, lang } = useDashboard();
  const o = organisationLabels[lang];
  const token = location.hash.slice(1);
  return (
    <CredentialsForm
      title={t.setup}
      intro={t.setupIntro}
      submitLabel={t.create}
      newAccount
      fields={
        <div class="fr-input-group">
          <label class="fr-label" for="organisation-name">
            {o.organisationName}
            <span class="fr-hint-text">{o.organisationNameHint}</span>
          </label>
          <input
            class="fr-input"
            id="organisation-name"
            name="organisationName"
            autocomplete="organization"
            maxLength={200}
          />
        </div>
      }
      onSubmit={async (email, password, form) => {
        const organisationName = String(form.get('organisationName') ?? '').trim();
        onDone(
          await api<Me>('/setup', {
            method: 'POST',
            body: {
              token,
              email,
              password,
              ...(organisationName && { organisationName }),
            } satisfies FirstAccount,
          }),
        );
      }}
    />
  );
}
