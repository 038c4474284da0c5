// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { type ComponentChildren, h } from 'preact';

/**
 * A DSFR table: its caption (what it holds, for screen readers listing tables), one header per
 * column, and the rows given as children (each starting with its `<th scope="row">`). `scrolls`:
 * wider than a phone, it scrolls sideways in its own box, which the keyboard must then reach
 * (WCAG 2.1.1), hence its tab stop.
 */
export function DataTable({
  caption,
  columns,
  class: className,
  scrolls = false,
  children,
}: {
  caption: ComponentChildren;
  columns: ComponentChildren[];
  /** Extra classes of the box (`distribution`…). */
  class?: string;
  scrolls?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={['fr-table', scrolls && 'scroll-x', className].filter(Boolean).join(' ')}>
      <table tabIndex={scrolls ? 0 : undefined}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
