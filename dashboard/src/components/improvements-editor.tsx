// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import {
  improvementTextMax,
  improvementTitleMax,
} from '../../../server/src/features/transparency/improvement-limits.ts';
import { api, type Improvement, isAborted, type NewImprovement } from '../api.ts';
import { today, useDashboard } from '../context.ts';
import { transparencyLabels } from '../transparency-labels.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * «Vous avez dit, nous avons fait» (DESIGN §10): the procedure's improvements, newest first, and
 * (owners) a form to publish one, with guidance on writing for the people who answered.
 */
export function ImprovementsEditor({
  procedureKey,
  canManage,
}: {
  procedureKey: string;
  canManage: boolean;
}) {
  const { lang } = useDashboard();
  const t = transparencyLabels[lang];
  const [items, setItems] = useState<Improvement[] | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const path = `/procedures/${procedureKey}/improvements`;

  const load = (signal?: AbortSignal) =>
    api<Improvement[]>(path, { signal }).then(
      setItems,
      (failure: unknown) => isAborted(failure) || setError(failure),
    );
  useEffect(() => {
    const request = new AbortController();
    load(request.signal);
    return () => request.abort();
  }, [procedureKey]);

  const add = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const link = String(form.get('link') ?? '').trim();
    setError(null);
    try {
      await api(path, {
        method: 'POST',
        body: {
          date: String(form.get('date')),
          title: String(form.get('title')),
          text: String(form.get('text')),
          ...(link && { link }),
        } satisfies NewImprovement,
      });
      formElement.reset();
      setStatus(t.added);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  const remove = async (improvement: Improvement) => {
    setError(null);
    try {
      await api(`${path}/${improvement.id}`, { method: 'DELETE' });
      setStatus(t.removed);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <div class="stack">
      <p>{t.improvementsIntro}</p>
      <ErrorAlert error={error} />
      <p role="status">{status}</p>
      {items !== undefined && items.length === 0 && <p>{t.noImprovement}</p>}
      {items !== undefined && items.length > 0 && (
        <ol class="improvements">
          {items.map((item) => (
            <li key={item.id} class="improvement">
              <h3 class="fr-text--lg">{item.title}</h3>
              <p class="fr-text--sm">
                <time dateTime={item.date}>{item.date}</time>
              </p>
              <p class="improvement-text">{item.text}</p>
              {item.link && (
                <p>
                  <a href={item.link} rel="noopener noreferrer">
                    {t.readMore}
                  </a>
                </p>
              )}
              {canManage && (
                <button
                  type="button"
                  class="fr-btn fr-btn--tertiary fr-btn--sm"
                  onClick={() => remove(item)}
                >
                  {t.remove}
                  <span class="fr-sr-only"> : {item.title}</span>
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {canManage && (
        <form class="stack" onSubmit={add}>
          <h3 class="fr-text--lg">{t.newImprovement}</h3>
          <div class="fr-input-group">
            <label class="fr-label" for="improvement-date">
              {t.date}
            </label>
            <input
              class="fr-input"
              type="date"
              id="improvement-date"
              name="date"
              defaultValue={today()}
              required
            />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="improvement-title">
              {t.title}
              <span class="fr-hint-text">{t.titleHint}</span>
            </label>
            <input
              class="fr-input"
              id="improvement-title"
              name="title"
              maxLength={improvementTitleMax}
              required
            />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="improvement-text">
              {t.text}
              <span class="fr-hint-text">{t.textHint}</span>
            </label>
            <textarea
              class="fr-input"
              id="improvement-text"
              name="text"
              rows={5}
              maxLength={improvementTextMax}
              required
            />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="improvement-link">
              {t.link}
              <span class="fr-hint-text">{t.linkHint}</span>
            </label>
            <input class="fr-input" type="url" id="improvement-link" name="link" />
          </div>
          <button class="fr-btn" type="submit">
            {t.add}
          </button>
        </form>
      )}
    </div>
  );
}
