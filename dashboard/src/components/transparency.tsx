// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import type { Procedure } from '../api.ts';
import { useDashboard } from '../context.ts';
import { transparencyLabels } from '../transparency-labels.ts';
import { ImprovementsEditor } from './improvements-editor.tsx';
import { Publication } from './publication.tsx';

/**
 * The procedure page's «Publication» (docs/design.md §10): publishing, then improvements.
 */
export function Transparency(props: {
  procedure: Procedure;
  canManage: boolean;
  /** Reads the procedure again; the change is announced once it shows. */
  onSaved: () => Promise<unknown>;
}) {
  const { lang } = useDashboard();
  const t = transparencyLabels[lang];
  return (
    <>
      <section class="stack" aria-labelledby="publication">
        <h3 id="publication">{t.publication}</h3>
        <Publication {...props} />
      </section>
      <section class="stack" aria-labelledby="improvements">
        <h3 id="improvements">{t.improvements}</h3>
        <ImprovementsEditor procedureKey={props.procedure.key} canManage={props.canManage} />
      </section>
    </>
  );
}
