// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { embedCode } from '../../../common/embed-code.ts';
import { api, type Procedure, type ProcedureChanges, type WidgetScript } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { useDashboard } from '../context.ts';
import { whenVisible } from '../when-visible.ts';
import { ErrorAlert } from './error-alert.tsx';

/**
 * How to put the questionnaire on a procedure: the script tag with the current versioned URL
 * and its SRI hash, the hosted page's link, a live preview, and (owners) the allowed origins.
 */
export function Integration({
  procedure,
  canManage,
  onSaved,
}: {
  procedure: Procedure;
  canManage: boolean;
  /** Reads the procedure again; the change is announced once it shows. */
  onSaved: () => Promise<unknown>;
}) {
  const { t } = useDashboard();
  const read = useApi<WidgetScript>('/widget');
  const widget = read.data;
  const saving = useAction();
  const preview = useRef<HTMLDivElement>(null);

  // The preview is the real widget, loaded as a site would load it, once scrolled to.
  useEffect(() => {
    const box = preview.current;
    if (!widget || !box) return;
    return whenVisible(box, () => {
      const script = document.createElement('script');
      script.src = widget.script;
      script.dataset.procedure = procedure.key;
      script.dataset.source = 'apercu';
      box.replaceChildren(script);
    });
  }, [widget, procedure.key]);

  const snippet = widget
    ? embedCode(
        { src: `${location.origin}${widget.script}`, integrity: widget.integrity },
        procedure.key,
      )
    : '';

  const save = (event: Event) => {
    event.preventDefault();
    const origins = String(new FormData(event.currentTarget as HTMLFormElement).get('origins'))
      .split(/\s+/)
      .filter(Boolean);
    return saving.run(async () => {
      await api(`/procedures/${procedure.key}`, {
        method: 'PATCH',
        body: { allowedOrigins: origins } satisfies ProcedureChanges,
      });
      await onSaved();
      return t.saved;
    });
  };

  return (
    <div class="stack">
      <ErrorAlert error={saving.error ?? read.error} />
      <div class="fr-input-group">
        <label class="fr-label" for="snippet">
          {t.snippet}
        </label>
        <textarea class="fr-input code" id="snippet" readOnly rows={4} value={snippet} />
      </div>
      <p>
        {t.link} <a href={`/p/${procedure.key}`}>{`${location.origin}/p/${procedure.key}`}</a>
      </p>
      <h3 class="fr-text--lg">{t.preview}</h3>
      <p class="fr-text--sm">{t.previewNote}</p>
      <div ref={preview} />
      {canManage && (
        <form class="stack" onSubmit={save}>
          <div class="fr-input-group">
            <label class="fr-label" for="origins">
              {t.origins}
              <span class="fr-hint-text">{t.originsHint}</span>
            </label>
            <textarea
              class="fr-input code"
              id="origins"
              name="origins"
              rows={4}
              defaultValue={procedure.allowedOrigins.join('\n')}
            />
          </div>
          <p role="status">{saving.status}</p>
          <button class="fr-btn" type="submit">
            {t.save}
          </button>
        </form>
      )}
    </div>
  );
}
