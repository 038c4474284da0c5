import type { Operator } from '../config.ts';
import { type Html, html } from './html.ts';

/** What every page's header needs from the deployment: the operator, and the logo's stylesheet. */
export type Brand = {
  operator: Operator;
  /**
   * The DSFR's logo rules (the Marianne and the motto, drawn in CSS), for server-rendered pages
   * in the State's mode only; undefined where the page's stylesheet has them (the dashboard).
   */
  logoStylesheet: string | undefined;
};

export const serviceName = 'Je donne mon avis';

/**
 * The DSFR header (component `header`, as @gouvfr/dsfr 1.14 ships it): the brand block when the
 * State runs the service, the service's name, the operator's as its tagline. Static markup: it
 * needs none of the DSFR's scripts, so the log-in page pays no byte of script for it. Always
 * French (`lang="fr"`): the brand block and an administration's name are not translated.
 */
export function siteHeader(
  operator: Operator,
  { home, tools }: { home?: string | undefined; tools?: Html | undefined } = {},
): Html {
  const title = html`<p class="fr-header__service-title">${serviceName}</p>`;
  return html`<header class="fr-header">
<div class="fr-header__body">
<div class="fr-container">
<div class="fr-header__body-row">
<div class="fr-header__brand${home !== undefined ? ' fr-enlarge-link' : ''}" lang="fr">
${
  operator.state &&
  html`<div class="fr-header__brand-top">
<div class="fr-header__logo">
<p class="fr-logo">République<br>française</p>
</div>
</div>
`
}<div class="fr-header__service">
${home !== undefined ? html`<a href="${home}" title="${['Accueil', serviceName, operator.name].filter(Boolean).join(' - ')}">${title}</a>` : title}
${operator.name !== undefined && html`<p class="fr-header__service-tagline">${operator.name}</p>\n`}</div>
</div>
${tools && html`<div class="fr-header__tools">\n<div class="fr-header__tools-links">${tools}</div>\n</div>\n`}</div>
</div>
</div>
</header>`;
}
