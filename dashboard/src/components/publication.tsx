// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { api, type Procedure, type ProcedureChanges } from '../api.ts';
import { useAction } from '../api-hooks.ts';
import { useDashboard } from '../context.ts';
import { transparencyLabels } from '../transparency-labels.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * Publishing a procedure's results (docs/design.md §10): where it stands, the page as it would be
 * published, and (owners) the switch, which takes effect at once.
 */
export function Publication({
  procedure,
  canManage,
  onSaved,
}: {
  procedure: Procedure;
  canManage: boolean;
  /** Reads the procedure again; the change is announced once it shows. */
  onSaved: () => Promise<unknown>;
}) {
  const { lang } = useDashboard();
  const t = transparencyLabels[lang];
  const publishing = useAction();

  const toggle = (event: Event) => {
    const on = (event.currentTarget as HTMLInputElement).checked;
    return publishing.run(async () => {
      await api(`/procedures/${procedure.key}`, {
        method: 'PATCH',
        body: { public: on } satisfies ProcedureChanges,
      });
      await onSaved();
      return on ? t.published : t.unpublished;
    });
  };

  return (
    <div class="stack">
      <p>{procedure.public ? t.isPublic : t.isPrivate}</p>
      <ul class="links">
        <li>
          <a
            href={`/api/v1/procedures/${procedure.key}/results-preview${lang === 'fr' ? '' : `?lang=${lang}`}`}
          >
            {t.preview}
          </a>
        </li>
        {procedure.public && (
          <li>
            <a href={`/resultats/${procedure.key}${lang === 'fr' ? '' : `?lang=${lang}`}`}>
              {t.publicPage}
            </a>
          </li>
        )}
      </ul>
      <ErrorAlert error={publishing.error} />
      {canManage && (
        <div class="fr-checkbox-group">
          <input
            type="checkbox"
            id="publish"
            checked={procedure.public}
            onChange={toggle}
            aria-describedby="publish-hint"
          />
          <label class="fr-label" for="publish">
            {t.publish}
            <span class="fr-hint-text" id="publish-hint">
              {t.publishHint}
            </span>
          </label>
        </div>
      )}
      <p role="status">{publishing.status}</p>
    </div>
  );
}
