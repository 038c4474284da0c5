/** Markup that is already safe, as opposed to text, which `html` escapes. */
export class Html {
  constructor(readonly markup: string) {}
  toString() {
    return this.markup;
  }
}

type Interpolation = Html | string | number | false | undefined | null | Interpolation[];

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] as string);
}

/**
 * Template tag for server-rendered pages: every interpolated string is escaped (a comment or a
 * procedure name can never become markup), nested `html` results and arrays are inserted as they
 * are, and `false`/`undefined`/`null` vanish so that `${cond && html`…`}` reads naturally.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  const render = (value: Interpolation): string => {
    if (value instanceof Html) return value.markup;
    if (Array.isArray(value)) return value.map(render).join('');
    if (value === false || value === undefined || value === null) return '';
    return escapeHtml(String(value));
  };
  return new Html(strings.reduce((out, s, i) => out + render(values[i - 1] ?? '') + s));
}
