// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { type ComponentChildren, h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type Credentials, type FirstAccount, type Me } from '../api.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { ProConnectButton, useSignInMethods } from '../components/proconnect-button.tsx';
import { navigate, useDashboard } from '../context.ts';

function CredentialsForm({
  title,
  intro,
  submitLabel,
  newAccount = false,
  onSubmit,
  footer,
}: {
  title: string;
  intro?: string;
  submitLabel: string;
  /** The password is being chosen, not typed again: password managers then offer one. */
  newAccount?: boolean;
  onSubmit: (email: string, password: string) => Promise<void>;
  footer?: ComponentChildren;
}) {
  const { t } = useDashboard();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(String(form.get('email')), String(form.get('password')));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="narrow stack" onSubmit={submit}>
      <h1>{title}</h1>
      {intro && <p>{intro}</p>}
      <ErrorAlert error={error} />
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
      <div class="fr-input-group">
        <label class="fr-label" for="password">
          {t.password}
          <span class="fr-hint-text">{t.passwordHint}</span>
        </label>
        <input
          class="fr-input"
          id="password"
          name="password"
          type="password"
          autocomplete={newAccount ? 'new-password' : 'current-password'}
          required
          minLength={12}
        />
      </div>
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
    <div class="stack">
      <ProConnectButton methods={methods} />
      <CredentialsForm
        title={t.login}
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
    </div>
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
