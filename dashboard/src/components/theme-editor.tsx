// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { api, type Theme } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { useDashboard } from '../context.ts';
import { topicsLabels } from '../topics-labels.ts';
import { ErrorAlert } from './error-alert.tsx';

const keywordsOf = (text: string) =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

/**
 * The owner's themes, each a small form (name, keywords) saved on its own; one more form adds a
 * theme. Behind a disclosure: most visits read the figures and change nothing.
 */
export function ThemeEditor({
  procedureKey,
  onSaved,
}: {
  procedureKey: string;
  onSaved: () => void;
}) {
  const { lang } = useDashboard();
  const l = topicsLabels[lang];
  const path = `/procedures/${procedureKey}/themes`;
  const read = useApi<{ items: Theme[] }>(path);
  const themes = read.data?.items;
  const saving = useAction();
  const run = (change: () => Promise<unknown>) =>
    saving.run(async () => {
      await change();
      await read.reload();
      onSaved();
      return l.saved;
    });
  const fields = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    return {
      name: String(form.get('name') ?? '').trim(),
      keywords: keywordsOf(String(form.get('keywords') ?? '')),
    };
  };

  return (
    <details class="fr-accordion">
      <summary class="fr-accordion__btn">{l.editor}</summary>
      <div class="stack">
        <p class="fr-text--sm">{l.editorHint}</p>
        <ErrorAlert error={saving.error ?? read.error} />
        <p role="status" class="fr-text--sm">
          {saving.status}
        </p>
        {themes?.map((theme) => (
          <form
            class="filters"
            aria-label={theme.name}
            onSubmit={(e) =>
              run(() => api(`${path}/${theme.id}`, { method: 'PATCH', body: fields(e) }))
            }
          >
            <div class="fr-input-group">
              <label class="fr-label" for={`theme-name-${theme.id}`}>
                {l.name}
              </label>
              <input
                class="fr-input"
                id={`theme-name-${theme.id}`}
                name="name"
                defaultValue={theme.name}
                required
                maxLength={60}
              />
            </div>
            <div class="fr-input-group">
              <label class="fr-label" for={`theme-keywords-${theme.id}`}>
                {l.keywords}
              </label>
              <input
                class="fr-input"
                id={`theme-keywords-${theme.id}`}
                name="keywords"
                defaultValue={theme.keywords.join(', ')}
                required
              />
            </div>
            <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">
              {l.save}
            </button>
            <button
              class="fr-btn fr-btn--tertiary fr-btn--sm"
              type="button"
              onClick={() =>
                confirm(l.confirmDelete(theme.name)) &&
                run(() => api(`${path}/${theme.id}`, { method: 'DELETE' }))
              }
            >
              {l.delete}
            </button>
          </form>
        ))}
        <form
          class="filters"
          aria-label={l.add}
          onSubmit={(e) => {
            const form = e.currentTarget as HTMLFormElement;
            const body = fields(e);
            run(() => api(path, { method: 'POST', body })).then((done) => done && form.reset());
          }}
        >
          <div class="fr-input-group">
            <label class="fr-label" for="theme-name-new">
              {l.name}
            </label>
            <input class="fr-input" id="theme-name-new" name="name" required maxLength={60} />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="theme-keywords-new">
              {l.keywords}
            </label>
            <input class="fr-input" id="theme-keywords-new" name="keywords" required />
          </div>
          <button class="fr-btn fr-btn--sm" type="submit">
            {l.add}
          </button>
        </form>
      </div>
    </details>
  );
}
