import { indicatorLabels } from '../../../../common/indicator-labels.ts';
import { quarterName } from '../../../../common/quarters.ts';
import { type Html, html } from '../../pages/html.ts';
import type { Page } from '../../pages/layout.ts';
import type { Brand } from '../../pages/site-header.ts';
import { inLang, type ResultsLang, resultsLabels } from '../transparency/results-labels.ts';
import { openDataLinks, publicHeader } from '../transparency/results-pages.ts';
import { observatoireLabels } from './observatoire-labels.ts';
import {
  type ObservatoireIndicator,
  type ObservatoireRow,
  observatoireIndicators,
  type TableSort,
} from './observatoire-schema.ts';

export type PageContext = { lang: ResultsLang; stylesheet: string; brand: Brand };

/** A published edition as the public pages show it. */
export type PublicEdition = {
  id: number;
  quarter: string;
  organisation: string;
  madeAt: Date;
  regeneratedAt: Date | undefined;
  period: { from: string; to: string };
  previous: { from: string; to: string };
  /** Its public procedures only. */
  rows: ObservatoireRow[];
};

/** The columns a reader may sort the public table by, without JavaScript (links). */
export const publicSorts = ['evolutions', 'name', 'answers', ...observatoireIndicators] as const;
export type PublicSort = (typeof publicSorts)[number] & TableSort;

function formats(lang: ResultsLang) {
  const { locale } = resultsLabels[lang];
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, {
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const count = new Intl.NumberFormat(locale);
  const day = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    number: (n: number) => number.format(n),
    signed: (n: number) => signed.format(n),
    count: (n: number) => count.format(n),
    day: (d: string | Date) => day.format(typeof d === 'string' ? new Date(`${d}T00:00:00Z`) : d),
  };
}

/** `/observatoire`: the published editions, newest quarter first. */
export function renderEditionsPage(editions: PublicEdition[], ctx: PageContext): Page {
  const o = observatoireLabels[ctx.lang];
  const f = formats(ctx.lang);
  const body = html`<h1>${o.siteName}</h1>
<p class="lead">${o.intro}</p>
<section aria-labelledby="editions" class="stack">
<h2 id="editions">${o.editions}</h2>
${
  editions.length === 0
    ? html`<p>${o.noEditions}</p>`
    : html`<ul class="cards">${editions.map(
        (edition) => html`<li class="card">
<h3><a href="${inLang(`/observatoire/${edition.id}`, ctx.lang)}">${o.edition(quarterName(edition.quarter, ctx.lang), edition.organisation)}</a></h3>
<p>${o.procedures(f.count(edition.rows.length))} · ${o.madeOn(f.day(edition.madeAt))}</p>
</li>`,
      )}</ul>`
}
</section>
${openDataLinks(ctx, '/observatoire')}`;
  return {
    lang: ctx.lang,
    title: o.siteName,
    description: o.intro,
    stylesheets: [ctx.stylesheet],
    header: publicHeader(ctx, '/observatoire', '/observatoire'),
    body,
  };
}

/** One figure: its value and level word, its change, or «Nombre d'avis insuffisant». */
function figureCell(
  row: ObservatoireRow,
  name: ObservatoireIndicator,
  lang: ResultsLang,
  f: ReturnType<typeof formats>,
): Html {
  const t = resultsLabels[lang];
  const o = observatoireLabels[lang];
  const figure = row[name];
  if (figure.insufficient || figure.value === null)
    return html`<td class="muted"><span class="insufficient">${t.insufficient}</span></td>`;
  const words = indicatorLabels[lang];
  const levels = name === 'reached' ? words.reachedLevels : words.scoreLevels;
  const value = figure.unit === '%' ? `${f.number(figure.value)} %` : f.number(figure.value);
  const change =
    figure.change === null
      ? ''
      : html`<br><span class="change${figure.significant ? ' significant' : ''}">${figure.change < 0 ? '↘' : figure.change > 0 ? '↗' : '→'} ${o.change(f.signed(figure.change))}${figure.significant ? html` (${o.significant})` : ''}</span>`;
  return html`<td>${value}${figure.level && html` <span class="level level-${figure.level}">${levels[figure.level]}</span>`}${change}</td>`;
}

/** `/observatoire/{id}`: one edition's table, its public procedures, sortable by links. */
export function renderEditionPage(
  edition: PublicEdition,
  ctx: PageContext & { sort: PublicSort },
): Page {
  const o = observatoireLabels[ctx.lang];
  const f = formats(ctx.lang);
  const names = indicatorLabels[ctx.lang].names;
  const quarter = quarterName(edition.quarter, ctx.lang);
  const path = `/observatoire/${edition.id}`;
  const query: Record<string, string> = ctx.sort === 'evolutions' ? {} : { sort: ctx.sort };
  // A header is a link that sorts by its column; the sorted one says so (aria-sort).
  const headerCell = (sort: PublicSort, label: string) =>
    html`<th scope="col"${ctx.sort === sort ? html` aria-sort="${sort === 'name' ? 'ascending' : 'descending'}"` : ''}><a href="${inLang(path, ctx.lang, sort === 'evolutions' ? {} : { sort })}" aria-label="${o.sortBy(label)}">${label}</a></th>`;
  const unit = (name: ObservatoireIndicator) =>
    name === 'autonomy' || name === 'reached' ? '%' : `/10`;
  const body = html`<h1>${o.edition(quarter, edition.organisation)}</h1>
<p class="lead">${o.periodOf(f.day(edition.period.from), f.day(edition.period.to))}</p>
<p>${o.madeOn(f.day(edition.madeAt))}${edition.regeneratedAt ? `, ${o.regeneratedOn(f.day(edition.regeneratedAt))}` : ''}. ${o.comparedWith(f.day(edition.previous.from), f.day(edition.previous.to))}</p>
<p class="hint">${o.significance}</p>
${
  edition.rows.length === 0
    ? html`<p>${o.noneShown}</p>`
    : html`<p>${o.sortedBy} <a href="${inLang(path, ctx.lang)}"${ctx.sort === 'evolutions' ? html` aria-current="true"` : ''}>${o.evolutions}</a></p>
<p class="hint">${o.tableHint}</p>
<div class="table-box" tabindex="0" role="region" aria-labelledby="edition-caption">
<table>
<caption id="edition-caption">${o.caption()}</caption>
<thead><tr>${headerCell('name', o.procedure)}${headerCell('answers', o.answers)}${observatoireIndicators.map((name) => headerCell(name, `${names[name]} (${unit(name)})`))}</tr></thead>
<tbody>${edition.rows.map(
        (row) =>
          html`<tr><th scope="row"><a href="${inLang(`/resultats/${row.procedure}`, ctx.lang)}">${row.name}</a></th><td>${f.count(row.answers)}</td>${observatoireIndicators.map((name) => figureCell(row, name, ctx.lang, f))}</tr>`,
      )}</tbody>
</table>
</div>`
}
<p><a href="${inLang('/observatoire', ctx.lang)}">${o.allEditions}</a></p>
${openDataLinks(ctx, '/observatoire')}`;
  return {
    lang: ctx.lang,
    title: `${o.edition(quarter, edition.organisation)} — ${o.siteName}`,
    description: o.intro,
    stylesheets: [ctx.stylesheet],
    header: publicHeader(ctx, '/observatoire', path, query),
    body,
  };
}

export function renderEditionNotFound(ctx: PageContext): Page {
  const o = observatoireLabels[ctx.lang];
  return {
    lang: ctx.lang,
    title: o.notFound,
    stylesheets: [ctx.stylesheet],
    header: publicHeader(ctx, '/observatoire', '/observatoire'),
    body: html`<h1>${o.notFound}</h1>
<p>${o.notFoundHint}</p>
<p><a href="${inLang('/observatoire', ctx.lang)}">${o.allEditions}</a></p>`,
  };
}
