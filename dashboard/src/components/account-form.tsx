// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { type ComponentChildren, h } from 'preact';
import { useAction } from '../api-hooks.ts';
import { useDashboard } from '../context.ts';
import { ErrorAlert } from './error-alert.tsx';

/** A form that says its failure, and whose request runs only once at a time. */
export function useSubmit(work: (form: FormData) => Promise<void>) {
  const { pending, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    return run(() => work(form));
  };
  return { error, busy: pending, submit };
}

/** The account's e-mail, as password managers know it (`username`). */
export function EmailField() {
  const { t } = useDashboard();
  return (
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
  );
}

/**
 * A password. `choosing`: a new one, of at least 12 characters, its rule in the label (DSFR's
 * hint), and password managers offer to make one; at log-in the rule is not said, since the
 * password exists already.
 */
export function PasswordField({ label, choosing }: { label: string; choosing: boolean }) {
  const { t } = useDashboard();
  return (
    <div class="fr-input-group">
      <label class="fr-label" for="password">
        {label}
        {choosing && <span class="fr-hint-text">{t.passwordHint}</span>}
      </label>
      <input
        class="fr-input"
        id="password"
        name="password"
        type="password"
        autocomplete={choosing ? 'new-password' : 'current-password'}
        required
        minLength={choosing ? 12 : undefined}
      />
    </div>
  );
}

/** E-mail and password, and whatever else a page asks with them (`fields`). */
export function CredentialsForm({
  title,
  lead,
  intro,
  submitLabel,
  newAccount = false,
  fields,
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
  /** After the password. */
  fields?: ComponentChildren;
  onSubmit: (email: string, password: string, form: FormData) => Promise<void>;
  footer?: ComponentChildren;
}) {
  const { t } = useDashboard();
  const { error, busy, submit } = useSubmit((form) =>
    onSubmit(String(form.get('email')), String(form.get('password')), form),
  );
  return (
    <form class="narrow stack" onSubmit={submit}>
      <h1>{title}</h1>
      {lead}
      {intro && <p>{intro}</p>}
      <ErrorAlert error={error} />
      <EmailField />
      <PasswordField label={t.password} choosing={newAccount} />
      {fields}
      <button class="fr-btn" type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {footer}
    </form>
  );
}
