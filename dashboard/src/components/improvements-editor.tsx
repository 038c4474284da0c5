// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { improvementTextMax, improvementTitleMax } from '../../../common/improvement-limits.ts';
import { api, type Improvement, type ImprovementChanges, type NewImprovement } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { formatDate, today, useDashboard } from '../context.ts';
import { transparencyLabels } from '../transparency-labels.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * «Vous avez dit, nous avons fait» (docs/design.md §10): the procedure's improvements, newest
 * first, and (owners) a form to publish one, with guidance on writing for the people who answered.
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
  const [editing, setEditing] = useState<number | undefined>();
  const path = `/procedures/${procedureKey}/improvements`;
  const read = useApi<Improvement[]>(path);
  const items = read.data;
  const change = useAction();

  /** Sends a new or changed improvement; true once saved and the list read again. */
  const save = (
    url: string,
    method: 'POST' | 'PATCH',
    body: NewImprovement | ImprovementChanges,
    done: string,
  ) =>
    change.run(async () => {
      await api(url, { method, body });
      // Announced once the list shows it: a screen reader user who moves on finds it there.
      await read.reload();
      setEditing(undefined);
      return done;
    });

  const remove = (improvement: Improvement) =>
    change.run(async () => {
      await api(`${path}/${improvement.id}`, { method: 'DELETE' });
      await read.reload();
      return t.removed;
    });

  return (
    <div class="stack">
      <p>{t.improvementsIntro}</p>
      <ErrorAlert error={change.error ?? read.error} />
      <p role="status">{change.status}</p>
      {items !== undefined && items.length === 0 && <p>{t.noImprovement}</p>}
      {items !== undefined && items.length > 0 && (
        <ol class="improvements">
          {items.map((item) => (
            <li key={item.id} class="improvement">
              <h4 class="fr-text--lg">{item.title}</h4>
              <p class="fr-text--sm">
                <time dateTime={item.date}>{formatDate(item.date, lang)}</time>
              </p>
              <p class="improvement-text">{item.text}</p>
              {item.link && (
                <p>
                  <a href={item.link} rel="noopener noreferrer">
                    {t.readMore}
                  </a>
                </p>
              )}
              {canManage && editing !== item.id && (
                <p class="actions">
                  <button
                    type="button"
                    class="fr-btn fr-btn--tertiary fr-btn--sm"
                    onClick={() => setEditing(item.id)}
                  >
                    {t.edit}
                    <span class="fr-sr-only">
                      {t.colon}
                      {item.title}
                    </span>
                  </button>
                  <button
                    type="button"
                    class="fr-btn fr-btn--tertiary fr-btn--sm"
                    onClick={() => remove(item)}
                  >
                    {t.remove}
                    <span class="fr-sr-only">
                      {t.colon}
                      {item.title}
                    </span>
                  </button>
                </p>
              )}
              {canManage && editing === item.id && (
                <ImprovementForm
                  heading={t.editImprovement}
                  submit={t.saveChange}
                  idPrefix={`improvement-${item.id}`}
                  initial={item}
                  onSubmit={(body) => {
                    // No link given: the one there was is removed.
                    const changes: ImprovementChanges = { ...body, link: body.link ?? null };
                    return save(`${path}/${item.id}`, 'PATCH', changes, t.changed);
                  }}
                  onCancel={() => setEditing(undefined)}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {canManage && (
        <ImprovementForm
          heading={t.newImprovement}
          submit={t.add}
          idPrefix="improvement"
          onSubmit={(body) => save(path, 'POST', body, t.added)}
        />
      )}
    </div>
  );
}

/** The fields of an improvement, with the guidance on writing for the people who answered. */
function ImprovementForm({
  heading,
  submit,
  idPrefix,
  initial,
  onSubmit,
  onCancel,
}: {
  heading: string;
  submit: string;
  idPrefix: string;
  initial?: Improvement;
  onSubmit: (body: NewImprovement) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { lang } = useDashboard();
  const t = transparencyLabels[lang];
  const send = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const link = String(form.get('link') ?? '').trim();
    const saved = await onSubmit({
      date: String(form.get('date')),
      title: String(form.get('title')),
      text: String(form.get('text')),
      ...(link && { link }),
    });
    if (saved && !initial) formElement.reset();
  };
  return (
    <form class="stack" onSubmit={send}>
      <h4 class="fr-text--lg">{heading}</h4>
      <div class="fr-input-group">
        <label class="fr-label" for={`${idPrefix}-date`}>
          {t.date}
        </label>
        <input
          class="fr-input"
          type="date"
          id={`${idPrefix}-date`}
          name="date"
          defaultValue={initial?.date ?? today()}
          required
        />
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for={`${idPrefix}-title`}>
          {t.title}
          <span class="fr-hint-text">{t.titleHint}</span>
        </label>
        <input
          class="fr-input"
          id={`${idPrefix}-title`}
          name="title"
          defaultValue={initial?.title}
          maxLength={improvementTitleMax}
          required
        />
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for={`${idPrefix}-text`}>
          {t.text}
          <span class="fr-hint-text">{t.textHint}</span>
        </label>
        <textarea
          class="fr-input"
          id={`${idPrefix}-text`}
          name="text"
          rows={5}
          defaultValue={initial?.text}
          maxLength={improvementTextMax}
          required
        />
      </div>
      <div class="fr-input-group">
        <label class="fr-label" for={`${idPrefix}-link`}>
          {t.link}
          <span class="fr-hint-text">{t.linkHint}</span>
        </label>
        <input
          class="fr-input"
          type="url"
          id={`${idPrefix}-link`}
          name="link"
          defaultValue={initial?.link ?? ''}
        />
      </div>
      <p class="actions">
        <button class="fr-btn" type="submit">
          {submit}
        </button>
        {onCancel && (
          <button class="fr-btn fr-btn--secondary" type="button" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </p>
    </form>
  );
}
