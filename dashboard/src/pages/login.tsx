// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { api, type Credentials, type Me } from '../api.ts';
import { CredentialsForm } from '../components/account-form.tsx';
import { ProConnectButton, useSignInMethods } from '../components/proconnect-button.tsx';
import { navigate, useDashboard } from '../context.ts';

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
