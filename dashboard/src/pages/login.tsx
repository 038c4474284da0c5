// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { type ComponentChildren, h } from 'preact';
import { api, type Credentials, type FirstAccount, type Me } from '../api.ts';
import { EmailField, PasswordField, useSubmit } from '../components/account-form.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ProConnectButton, useSignInMethods } from '../components/proconnect-button.tsx';
import { navigate, useDashboard } from '../context.ts';

function CredentialsForm({
  title,
  lead,
  intro,
  submitLabel,
  newAccount = false,
  onSubmit,
  footer,
}: {
  title: string;
  /** Under the title, before the fields: another way in (ProConnect). */
  lead?: ComponentChildren;
  intro?: string;
  submitLabel: string;
  /** The password is being chosen, not typed again: password managers then offer one. */
  newAccount?: boolean;
  onSubmit: (email: string, password: string) => Promise<void>;
  footer?: ComponentChildren;
}) {
  const { t } = useDashboard();
  const { error, busy, submit } = useSubmit((form) =>
    onSubmit(String(form.get('email')), String(form.get('password'))),
  );
  return (
    <form class="narrow stack" onSubmit={submit}>
      <h1>{title}</h1>
      {lead}
      {intro && <p>{intro}</p>}
      <ErrorAlert error={error} />
      <EmailField />
      <PasswordField label={t.password} choosing={newAccount} />
      <button class="fr-btn" type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {footer}
    </form>
  );
}

export function LoginPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t, go } = useDashboard();
  const methods = useSignInMethods();
  // PASSWORD_LOGIN=false: ProConnect only, no password form to fill in vain.
  if (!methods?.password)
    return (
      <div class="stack">
        <h1>{t.login}</h1>
        <ProConnectButton methods={methods} />
      </div>
    );
  return (
    <CredentialsForm
      title={t.login}
      lead={<ProConnectButton methods={methods} />}
      submitLabel={t.login}
      footer={
        <p>
          <a class="fr-link" href="/dashboard/forgot-password" onClick={navigate(go)}>
            {t.forgotPassword}
          </a>
        </p>
      }
      onSubmit={async (email, password) =>
        onDone(
          await api<Me>('/session', {
            method: 'POST',
            body: { email, password } satisfies Credentials,
          }),
        )
      }
    />
  );
}

/** Reached from the link printed at first start; the token travels in the URL fragment only. */
export function SetupPage({ onDone }: { onDone: (me: Me) => void }) {
  const { t } = useDashboard();
  const token = location.hash.slice(1);
  return (
    <CredentialsForm
      title={t.setup}
      intro={t.setupIntro}
      submitLabel={t.create}
      newAccount
      onSubmit={async (email, password) =>
        onDone(
          await api<Me>('/setup', {
            method: 'POST',
            body: { token, email, password } satisfies FirstAccount,
          }),
        )
      }
    />
  );
}
