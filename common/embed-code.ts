/**
 * The `<script>` tag that puts the questionnaire on a page (README «Embedding»): the versioned
 * file with its SRI hash, so a changed file is refused by the browser rather than run. The one
 * place it is written: the CLI, the dashboard's integration page, the hosted and demo pages.
 * No import, so the dashboard's bundle can take it as it is.
 */
export function embedCode(
  script: { src: string; integrity: string },
  procedureKey: string,
  /** More `data-*` options (README «Embedding»), e.g. `{ source: 'lien' }`. */
  data: Record<string, string> = {},
): string {
  const options = Object.entries({ procedure: procedureKey, ...data })
    .map(([name, value]) => ` data-${name}="${attribute(value)}"`)
    .join('');
  return `<script src="${attribute(script.src)}" integrity="${attribute(script.integrity)}" crossorigin="anonymous" defer${options}></script>`;
}

/** An attribute value that cannot close its quotes or start markup. */
function attribute(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
