// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { api, type MailPreferences, type MailPreferencesChange } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { useDashboard } from '../context.ts';
import { ErrorAlert } from './error-alert.tsx';

/** «Mes e-mails»: the digest's rhythm and the alerts, saved on submit (PATCH /api/v1/me). */
export function MailPreferencesForm() {
  const { t } = useDashboard();
  const read = useApi<MailPreferences>('/me/mail');
  const saving = useAction();
  /** What the last save answered, newer than what was read. */
  const [saved, setSaved] = useState<MailPreferences | undefined>();
  const preferences = saved ?? read.data;
  const save = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body = {
      digest: String(form.get('digest')) as MailPreferences['digest'],
      alerts: form.get('alerts') === 'on',
    } satisfies MailPreferencesChange;
    return saving.run(async () => {
      setSaved(await api<MailPreferences>('/me', { method: 'PATCH', body }));
      return t.saved;
    });
  };
  const digests = [
    ['weekly', t.digestWeekly],
    ['monthly', t.digestMonthly],
    ['none', t.digestNone],
  ] as const;
  return (
    <section class="stack" aria-labelledby="mail-choices">
      <h2 id="mail-choices">{t.mailChoices}</h2>
      <ErrorAlert error={saving.error ?? read.error} />
      {preferences && (
        <form class="stack" onSubmit={save}>
          <div class="fr-select-group">
            <label class="fr-label" for="digest">
              {t.digest}
            </label>
            <select class="fr-select" id="digest" name="digest">
              {digests.map(([value, label]) => (
                <option value={value} selected={preferences.digest === value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">{t.alerts}</legend>
            <div class="fr-fieldset__element">
              <div class="fr-checkbox-group">
                <input
                  type="checkbox"
                  id="alerts"
                  name="alerts"
                  defaultChecked={preferences.alerts}
                />
                <label class="fr-label" for="alerts">
                  {t.alertsOn}
                </label>
              </div>
            </div>
          </fieldset>
          <button class="fr-btn" type="submit">
            {t.save}
          </button>
        </form>
      )}
      <p role="status">{saving.status}</p>
    </section>
  );
}
