// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { h } from 'preact';
import { useState } from 'preact/hooks';
import { useDashboard } from '../context.ts';
import { procedureLabels } from '../procedure-labels.ts';
import { type ProcedureTab, procedureTabs, tabPath } from '../procedure-tabs.ts';

/**
 * The parts of a procedure's page as the DSFR's side menu: links to real addresses, the current
 * one marked `aria-current="page"`, so each part can be opened in a new tab, bookmarked, gone
 * back to and reloaded (docs/design.md §1 says why not the DSFR's tabs). Under 768 px it folds
 * behind a button, as the DSFR's does. Its look is redrawn in styles.css: the DSFR's sidemenu.css
 * (985 B gzip once purged) would have outgrown the stylesheet every page loads.
 */
export function ProcedureMenu({
  procedureKey,
  tab,
  search,
  names,
}: {
  procedureKey: string;
  tab: ProcedureTab | undefined;
  /** The period and placement (`?from=…`), carried to every part. */
  search: string;
  names: Record<ProcedureTab, string>;
}) {
  const { lang, go } = useDashboard();
  const l = procedureLabels[lang];
  const [open, setOpen] = useState(false);
  const follow = (event: MouseEvent) => {
    // A new tab or window, as any link: the browser's.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const link = event.currentTarget as HTMLAnchorElement;
    setOpen(false);
    go(link.pathname + link.search);
  };
  return (
    <nav class={`parts${open ? ' open' : ''}`} aria-labelledby="parts-title">
      <p class="parts-title" id="parts-title">
        {l.parts}
      </p>
      <button
        type="button"
        class="fr-btn fr-btn--secondary"
        aria-controls="parts"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {l.parts}
      </button>
      <ul id="parts">
        {procedureTabs.map((each) => (
          <li>
            <a
              href={tabPath(procedureKey, each, search)}
              aria-current={each === tab ? 'page' : undefined}
              onClick={follow}
            >
              {names[each]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
