// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { MailPreferencesForm } from '../components/mail-preferences.tsx';
import { useDashboard } from '../context.ts';

/** «Mon compte»: who is signed in, and which mails they get. */
export function AccountPage() {
  const { t, me } = useDashboard();
  return (
    <div class="stack narrow">
      <h1>{t.myAccount}</h1>
      <p>
        {t.email} : <strong>{me?.email}</strong>
      </p>
      <MailPreferencesForm />
    </div>
  );
}
