// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';

/** An API failure said in words, never swallowed (issue: errors are shown as messages). */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div class="fr-alert fr-alert--error fr-alert--sm" role="alert">
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}
