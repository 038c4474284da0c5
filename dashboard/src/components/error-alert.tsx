// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { ApiError } from '../api.ts';
import { useDashboard } from '../context.ts';

/**
 * An API failure said in words, never swallowed: a sentence in the dashboard's language for the
 * kind of failure, then the server's own explanation (written in English, and marked so, for
 * screen readers to pronounce it right).
 */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t, lang } = useDashboard();
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : undefined;
  const sentence =
    status === undefined
      ? t.errors.other
      : (t.errors[status] ?? t.errors[status >= 500 ? 503 : 400]);
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div class="fr-alert fr-alert--error fr-alert--sm" role="alert">
      <p>{sentence}</p>
      {detail && detail !== sentence && (
        <p class="fr-text--xs">
          {t.errorDetail} <span lang={lang === 'en' ? undefined : 'en'}>{detail}</span>
        </p>
      )}
    </div>
  );
}
