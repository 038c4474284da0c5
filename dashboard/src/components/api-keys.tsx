// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type ApiKey, api, type NewApiKey, type NewApiKeyRequest } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { apiKeyLabels } from '../api-key-labels.ts';
import { formatDate, useDashboard } from '../context.ts';
import { DataTable } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';

/**
 * API keys: their list (name, creation, last use, so that one sees which are alive), making one
 * (its secret shown this once, announced and focused for copying), revoking one after a
 * confirmation. The same section for the platform's keys (`/api-keys`) and an organisation's
 * (`/organisations/{id}/api-keys`).
 */
export function ApiKeys({
  path,
  caption,
  onChange,
  organisationOf,
}: {
  /** The keys' collection in the API. */
  path: string;
  /** The table's caption: whose keys they are. */
  caption: string;
  /** Told after a key was made or revoked (the page's log shows it). */
  onChange?: () => void;
  /** The list mixes organisations' keys (the platform's page): the name of each key's one. */
  organisationOf?: (organisationId: number | null) => string;
}) {
  const { lang } = useDashboard();
  const k = apiKeyLabels[lang];
  const read = useApi<ApiKey[]>(path);
  const keys = read.data;
  const [made, setMade] = useState<NewApiKey | undefined>();
  const [confirming, setConfirming] = useState<number | undefined>();
  const change = useAction();
  const secretField = useRef<HTMLInputElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // The secret is selected for copying as soon as it shows; the confirmation takes the focus.
  useEffect(() => {
    secretField.current?.focus();
    secretField.current?.select();
  }, [made]);
  // Asking to confirm moves the focus to «Oui, révoquer»; cancelling, back to «Révoquer».
  const asked = useRef<number | undefined>();
  useEffect(() => {
    if (confirming !== undefined) confirmButton.current?.focus();
    else if (asked.current !== undefined)
      document.getElementById(`revoke-button-${asked.current}`)?.focus();
    asked.current = confirming;
  }, [confirming]);

  const act = (work: () => Promise<string>) =>
    change.run(async () => {
      const done = await work();
      await read.reload();
      onChange?.();
      return done;
    });
  const create = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get('name')).trim();
    return act(async () => {
      const key = await api<NewApiKey>(path, {
        method: 'POST',
        body: { name } satisfies NewApiKeyRequest,
      });
      form.reset();
      setConfirming(undefined);
      setMade(key);
      return '';
    });
  };
  const revoke = (key: ApiKey) =>
    act(async () => {
      await api(`${path}/${key.id}`, { method: 'DELETE' });
      asked.current = undefined;
      setConfirming(undefined);
      if (made?.id === key.id) setMade(undefined);
      // The button pressed is gone: the section's heading takes the focus back.
      heading.current?.focus();
      return k.revokedNow(key.name);
    });
  const day = (iso: string) => formatDate(iso, lang);

  return (
    <section class="stack" aria-labelledby="api-keys">
      <h2 id="api-keys" tabIndex={-1} ref={heading}>
        {k.title}
      </h2>
      <p>{k.intro}</p>
      <ErrorAlert error={change.error ?? read.error} />
      {/* Present from the first render, so that what it says next is announced: a new key's
          warning with its secret, or what was done. */}
      <div role="status">
        {made && (
          <div class="fr-alert fr-alert--success fr-alert--sm stack">
            <p>{k.created_(made.name)}</p>
            <div class="fr-input-group">
              <label class="fr-label" for="api-key-secret">
                {k.secretLabel(made.name)}
                <span class="fr-hint-text" id="api-key-copy-hint">
                  {k.copyHint}
                </span>
              </label>
              <input
                class="fr-input"
                id="api-key-secret"
                ref={secretField}
                readOnly
                value={made.key}
                spellcheck={false}
                autocomplete="off"
                aria-describedby="api-key-copy-hint"
              />
            </div>
          </div>
        )}
        {change.status && <p class="fr-text--sm">{change.status}</p>}
      </div>
      {keys === undefined ? null : keys.length === 0 ? (
        <p>{k.none}</p>
      ) : (
        <DataTable
          caption={caption}
          columns={[
            k.name,
            ...(organisationOf ? [k.organisation] : []),
            k.created,
            k.lastUsed,
            k.state,
          ]}
          scrolls
        >
          {keys.map((key) => (
            <tr>
              <th scope="row">{key.name}</th>
              {organisationOf && <td>{organisationOf(key.organisationId)}</td>}
              <td>
                <time dateTime={key.createdAt}>{day(key.createdAt)}</time>
              </td>
              <td>
                {key.lastUsedOn ? (
                  <time dateTime={key.lastUsedOn}>{day(key.lastUsedOn)}</time>
                ) : (
                  k.never
                )}
              </td>
              <td>
                {key.revokedAt ? (
                  <span class="fr-badge fr-badge--sm">{k.revoked}</span>
                ) : (
                  <button
                    type="button"
                    id={`revoke-button-${key.id}`}
                    class="fr-btn fr-btn--sm fr-btn--tertiary"
                    aria-label={k.revokeLabel(key.name)}
                    onClick={() => setConfirming(key.id)}
                  >
                    {k.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {confirming !== undefined && (
        <div class="fr-alert fr-alert--warning fr-alert--sm stack">
          <p id="revoke-question">
            {k.confirm(keys?.find((key) => key.id === confirming)?.name ?? '')}
          </p>
          <ul class="filters plain-list">
            <li>
              <button
                type="button"
                class="fr-btn fr-btn--sm"
                ref={confirmButton}
                aria-describedby="revoke-question"
                onClick={() => {
                  const key = keys?.find((x) => x.id === confirming);
                  if (key) revoke(key);
                }}
              >
                {k.confirmYes}
              </button>
            </li>
            <li>
              <button
                type="button"
                class="fr-btn fr-btn--sm fr-btn--secondary"
                onClick={() => setConfirming(undefined)}
              >
                {k.cancel}
              </button>
            </li>
          </ul>
        </div>
      )}
      <form class="filters" onSubmit={create}>
        <div class="fr-input-group">
          <label class="fr-label" for="api-key-name">
            {k.keyName}
            <span class="fr-hint-text">{k.keyNameHint}</span>
          </label>
          <input class="fr-input" id="api-key-name" name="name" required maxLength={100} />
        </div>
        <button class="fr-btn" type="submit">
          {k.create}
        </button>
      </form>
    </section>
  );
}
