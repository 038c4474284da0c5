import type { Lang } from '../../../common/questionnaire-words.ts';
import { type Html, html } from './html.ts';
import { type Brand, siteHeader } from './site-header.ts';

/** A server-rendered page, before the layout wraps it. */
export type Page = {
  lang: Lang;
  title: string;
  /** What a search engine shows under the title. */
  description?: string | undefined;
  /** Stylesheet addresses, our own only: the page CSP allows nothing else. */
  stylesheets: readonly string[];
  /**
   * The service's header (site-header.ts), above `<main>`: every page a person sees but /demo,
   * which stands for an administration's own page. `home`: where the service's name links to
   * (none on the questionnaire, whose home is the administration's procedure); `tools`: links
   * on its right, such as the other languages.
   */
  header?: { brand: Brand; home?: string | undefined; tools?: Html | undefined } | undefined;
  /** What the page's `<main>` holds. */
  body: Html;
  /** Scripts that go after `<main>`, at the end of `<body>`. */
  scripts?: Html | undefined;
};

/**
 * The one layout of every server-rendered page (the hosted questionnaire, /demo, the public
 * results): document language, charset, mobile viewport, no favicon request (`data:,`), and the
 * one centred column.
 */
export function layout({
  lang,
  title,
  description,
  stylesheets,
  header,
  body,
  scripts,
}: Page): Html {
  const logo = header?.brand.operator.state ? header.brand.logoStylesheet : undefined;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
${description !== undefined && html`<meta name="description" content="${description}">\n`}${[...(logo ? [logo] : []), ...stylesheets].map((href) => html`<link rel="stylesheet" href="${href}">\n`)}</head>
<body>
${header && html`${siteHeader(header.brand.operator, header)}\n`}<main class="page stack">
${body}
</main>
${scripts && html`${scripts}\n`}</body>
</html>`;
}

/** A page that says one thing: a thank-you, a «not found». */
export function messagePage({
  heading,
  text,
  ...page
}: Omit<Page, 'title' | 'body' | 'scripts'> & { heading: string; text?: string }): Page {
  return {
    ...page,
    title: heading,
    body: html`<h1>${heading}</h1>${text && html`<p>${text}</p>`}`,
  };
}
