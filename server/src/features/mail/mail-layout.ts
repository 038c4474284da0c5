import { type Html, html } from '../../pages/html.ts';

/** What a mail says: a heading, paragraphs, and at most one button, each also in the text part. */
export type MailContent = {
  title: string;
  /** Before the button; each a paragraph. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Under the button: what happens otherwise, how long the link lasts… */
  notes?: string[];
  /** Extra markup after the notes (a digest's tables), with its own text version. */
  extra?: { html: Html; text: string };
  /** The last line: why this person gets this mail. */
  footer: string;
};

// Inline styles only (mail clients drop <style> and external sheets), one column, relative widths:
// readable at 320 px. No image and no remote resource at all (docs/design.md §9: no tracking).
const font = 'font-family:Marianne,Arial,sans-serif;font-size:16px;line-height:1.5;color:#161616';

/** The HTML and plain-text parts of a mail, `lang="fr"`, in the DSFR's colours. */
export function renderMail(content: MailContent): { html: string; text: string } {
  const { title, paragraphs, action, notes = [], extra, footer } = content;
  const body = html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f6f6f6">
<main style="max-width:600px;margin:0 auto;padding:16px;background:#ffffff;${font}">
<p style="margin:0 0 16px;font-weight:bold">Je donne mon avis</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#000091">${title}</h1>
${paragraphs.map((p) => html`<p style="margin:0 0 16px">${p}</p>`)}
${
  action &&
  html`<p style="margin:24px 0"><a href="${action.url}" style="display:inline-block;padding:12px 20px;background:#000091;color:#ffffff;text-decoration:none;font-weight:bold">${action.label}</a></p>
<p style="margin:0 0 16px;font-size:14px">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur\u202f:<br><span style="word-break:break-all">${action.url}</span></p>`
}
${notes.map((p) => html`<p style="margin:0 0 16px">${p}</p>`)}
${extra?.html}
<hr style="border:0;border-top:1px solid #dddddd;margin:24px 0 16px">
<p style="margin:0;font-size:14px;color:#3a3a3a">${footer}</p>
</main>
</body>
</html>
`;
  const text = [
    title,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(action ? [`${action.label}\u202f: ${action.url}`, ''] : []),
    ...notes.flatMap((p) => [p, '']),
    ...(extra ? [extra.text, ''] : []),
    '--',
    footer,
    '',
  ].join('\n');
  return { html: body.markup, text };
}
