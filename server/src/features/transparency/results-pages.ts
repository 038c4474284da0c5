import { type IndicatorName, indicatorLabels } from '../../../../common/indicator-labels.ts';
import { marginText } from '../../../../common/margin.ts';
import { cleanLink } from '../../http/free-text.ts';
import { type Html, html } from '../../pages/html.ts';
import type { Page } from '../../pages/layout.ts';
import type { Brand } from '../../pages/site-header.ts';
import type { Improvement } from '../../store/improvements.ts';
import type { Indicator } from '../stats/indicators.ts';
import type { ListedProcedure, ProcedureResults, PublicProcedure } from './public-results.ts';
import {
  inLang,
  languageNames,
  type ResultsLabels,
  type ResultsLang,
  resultsLabels,
  resultsLangs,
} from './results-labels.ts';
import { trendChart } from './trend-chart.ts';

/** What the public pages need besides their data. */
export type PageContext = {
  lang: ResultsLang;
  minAnswers: number;
  stylesheet: string;
  brand: Brand;
};

export const listSorts = ['name', 'satisfaction', 'answers'] as const;
export type ListSort = (typeof listSorts)[number];

type Words = ResultsLabels;

/**
 * Numbers and dates as each language writes them. Made once per language: an `Intl` formatter
 * costs tens of microseconds to build, and the list draws thousands of figures.
 */
const formattersByLocale = new Map<string, ReturnType<typeof makeFormatters>>();
function formatters(t: Words) {
  const made = formattersByLocale.get(t.locale) ?? makeFormatters(t);
  formattersByLocale.set(t.locale, made);
  return made;
}

function makeFormatters(t: Words) {
  const number = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(t.locale);
  const day = new Intl.DateTimeFormat(t.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const month = new Intl.DateTimeFormat(t.locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const shortMonth = new Intl.DateTimeFormat(t.locale, { month: 'short', timeZone: 'UTC' });
  const date = (d: string) => new Date(`${d}T00:00:00Z`);
  return {
    number: (n: number) => number.format(n),
    count: (n: number) => count.format(n),
    day: (d: string) => day.format(date(d)),
    month: (d: string) => month.format(date(d)),
    shortMonth: (d: string) => shortMonth.format(date(d)),
  };
}

/** What the public pages' header and open data need of a page's context. */
type PublicPageContext = { lang: ResultsLang; brand: Brand };

/**
 * Header of every public page (`/resultats`, `/observatoire`): the service's
 * (pages/site-header.ts), its name a link to `home`, the list, and the same page in the other
 * languages.
 */
export function publicHeader(
  ctx: PublicPageContext,
  home: string,
  path: string,
  query: Record<string, string> = {},
): Page['header'] {
  const t = resultsLabels[ctx.lang];
  return {
    brand: ctx.brand,
    home: inLang(home, ctx.lang),
    tools: html`<nav aria-label="${t.languages}"><ul>${resultsLangs
      .filter((lang) => lang !== ctx.lang)
      .map(
        (lang) =>
          html`<li><a href="${inLang(path, lang, query)}" lang="${lang}" hreflang="${lang}">${languageNames[lang]}</a></li>`,
      )}</ul></nav>`,
  };
}

/** The open data files under `base` (`/resultats`, `/observatoire`) and their licence. */
export function openDataLinks(ctx: PublicPageContext, base: string, text?: string): Html {
  const t = resultsLabels[ctx.lang];
  return html`<section aria-labelledby="open-data" class="stack">
<h2 id="open-data">${t.openData}</h2>
${text === undefined ? '' : html`<p>${text}</p>`}
<ul>
<li><a href="${base}/donnees.csv" download>${t.csv}</a></li>
<li><a href="${base}/donnees.json">${t.json}</a></li>
<li><a href="${base}/schema.json">${t.schema}</a></li>
<li><a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license noopener" hreflang="fr">${t.licence}</a></li>
</ul>
</section>`;
}

/** A figure as a person reads it: its value and level, or «Nombre d'avis insuffisant». */
function figure(indicator: Indicator, lang: ResultsLang, name: IndicatorName) {
  const t = resultsLabels[lang];
  const f = formatters(t);
  const words = indicatorLabels[lang];
  const levels = name === 'reached' ? words.reachedLevels : words.scoreLevels;
  if (indicator.insufficient || indicator.value === null) {
    return { shown: false as const, text: t.insufficient };
  }
  const value =
    indicator.unit === '%'
      ? `${f.number(indicator.value)} %`
      : `${f.number(indicator.value)} ${t.outOf10}`;
  const level = indicator.level && levels ? levels[indicator.level] : undefined;
  return { shown: true as const, text: value, level: indicator.level, levelWord: level };
}

function tile(name: IndicatorName, indicator: Indicator, lang: ResultsLang) {
  const t = resultsLabels[lang];
  const f = formatters(t);
  const shown = figure(indicator, lang, name);
  const sampleText =
    name === 'reached' || name === 'helpQuality' ? t.onChannelAnswers : t.onAnswers;
  return html`<li class="tile${shown.shown ? '' : ' muted'}">
<h3>${indicatorLabels[lang].names[name]}</h3>
${
  shown.shown
    ? html`<p class="value">${shown.text}</p>${shown.levelWord && html`<p class="level level-${shown.level ?? ''}">${shown.levelWord}</p>`}`
    : html`<p class="insufficient">${shown.text}</p>`
}
<p class="sample">${sampleText(f.count(indicator.sample))}${shown.shown && indicator.margin !== null ? html`, ${t.margin(marginText(indicator.margin, t.locale))}` : ''}</p>
</li>`;
}

/** A distribution as shares, only when its question has enough answers. */
function distribution(
  title: string,
  answers: [string, number][],
  t: Words,
  minAnswers: number,
  id: string,
): Html {
  const f = formatters(t);
  const total = answers.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return html``;
  if (total < minAnswers) {
    return html`<div class="stack"><h3 id="${id}">${title}</h3><p class="insufficient">${t.insufficient}</p><p class="sample">${t.onAnswers(f.count(total))}</p></div>`;
  }
  return html`<div class="stack"><h3 id="${id}">${title}</h3>
<table aria-labelledby="${id}"><thead><tr><th scope="col">${t.answer}</th><th scope="col">${t.share}</th></tr></thead>
<tbody>${answers.map(
    ([label, n]) =>
      html`<tr><th scope="row">${label}</th><td>${f.number(Math.round((1000 * n) / total) / 10)} %</td></tr>`,
  )}</tbody></table>
<p class="sample">${t.onAnswers(f.count(total))}</p></div>`;
}

/**
 * Text only; the link only when safe (http(s), no credentials, an ASCII host), whatever the
 * database holds (docs/design.md §10): links stored before that rule are checked again here.
 */
function improvementItem(improvement: Improvement, t: Words): Html {
  const f = formatters(t);
  const link = improvement.link ? cleanLink(improvement.link) : undefined;
  return html`<li class="improvement"><article class="stack">
<h3>${improvement.title}</h3>
<p class="hint"><time datetime="${improvement.date}">${f.day(improvement.date)}</time></p>
${improvement.text.split(/\n\s*\n/).map((paragraph) => html`<p>${paragraph}</p>`)}
${
  link &&
  'href' in link &&
  html`<p><a href="${link.href}" rel="noopener noreferrer nofollow">${t.readMore}<span class="sr-only">${t.colon}${improvement.title}</span></a></p>`
}
</article></li>`;
}

export function renderProcedurePage(
  procedure: PublicProcedure,
  results: ProcedureResults,
  ctx: PageContext & { notice?: string | undefined; custom: boolean },
): Page {
  const t = resultsLabels[ctx.lang];
  const f = formatters(t);
  const q = t.questions;
  const { stats, improvements } = results;
  const i = stats.indicators;
  const d = stats.distribution;
  const path = `/resultats/${procedure.key}`;
  const query: Record<string, string> = ctx.custom
    ? { from: stats.period.from, to: stats.period.to }
    : {};
  const points = stats.series.map((point) => ({
    start: point.start,
    answers: point.answers,
    value: point.answers >= ctx.minAnswers && point.answers > 0 ? point.satisfaction : null,
  }));
  const shown = points.filter((p) => p.value !== null);
  const first = shown[0];
  const last = shown[shown.length - 1];
  const summary =
    first && last && first !== last
      ? t.summary(
          f.month(first.start),
          f.number(first.value as number),
          f.month(last.start),
          f.number(last.value as number),
        )
      : first
        ? t.summaryOne(f.month(first.start), f.number(first.value as number))
        : t.summaryNone;
  const body = html`<h1>${procedure.name}</h1>
${publisher(procedure)}
<p class="lead">${t.periodOf(f.day(stats.period.from), f.day(stats.period.to))}</p>
${ctx.notice && html`<p class="notice" role="alert">${ctx.notice}</p>`}
<form method="get" action="${path}" class="period">
<fieldset>
<legend>${t.period}</legend>
<div class="fields">
<div><label for="from">${t.from}</label><input type="date" id="from" name="from" value="${stats.period.from}"></div>
<div><label for="to">${t.to}</label><input type="date" id="to" name="to" value="${stats.period.to}"></div>
</div>
${ctx.lang !== 'fr' && html`<input type="hidden" name="lang" value="${ctx.lang}">`}
<p><button type="submit">${t.show}</button></p>
</fieldset>
</form>
<section aria-labelledby="indicators" class="stack">
<h2 id="indicators">${t.indicators}</h2>
<p class="hint">${t.minRule(f.count(ctx.minAnswers))}</p>
${
  stats.questionnaire.partlyAsked.length > 0 &&
  html`<p class="hint">${t.partlyAsked(
    new Intl.ListFormat(ctx.lang).format(
      stats.questionnaire.partlyAsked.map((step) => t.stepNames[step]),
    ),
  )}</p>`
}
<ul class="tiles">
${tile('satisfaction', i.satisfaction, ctx.lang)}
${tile('clarity', i.clarity, ctx.lang)}
${tile('autonomy', i.autonomy, ctx.lang)}
${tile('reached', i.reached, ctx.lang)}
${tile('helpQuality', i.helpQuality, ctx.lang)}
</ul>
</section>
<section aria-labelledby="evolution" class="stack">
<h2 id="evolution">${t.evolution}</h2>
<figure>
${trendChart(
  points.map((p) => ({ label: f.shortMonth(p.start), value: p.value })),
  'chart-title',
  'chart-summary',
  t.chartTitle,
)}
<figcaption id="chart-summary">${summary}</figcaption>
</figure>
<table>
<caption>${t.chartTitle}</caption>
<thead><tr><th scope="col">${t.month}</th><th scope="col">${t.answers}</th><th scope="col">${t.satisfactionOutOf10}</th></tr></thead>
<tbody>${points.map(
    (p) =>
      html`<tr><th scope="row">${f.month(p.start)}</th><td>${f.count(p.answers)}</td><td>${p.value === null ? (p.answers > 0 ? t.insufficient : '—') : f.number(p.value)}</td></tr>`,
  )}</tbody>
</table>
</section>
<section aria-labelledby="distribution" class="stack">
<h2 id="distribution">${t.distribution}</h2>
${distribution(
  q.satisfaction,
  (['good', 'medium', 'bad'] as const).map((level) => [
    q.satisfactionAnswers[level],
    d.satisfaction[level],
  ]),
  t,
  ctx.minAnswers,
  'd-satisfaction',
)}
${distribution(
  q.clarity,
  (['5', '4', '3', '2', '1'] as const).map((n) => [
    n === '5' ? `5 – ${q.clarityEnds[1]}` : n === '1' ? `1 – ${q.clarityEnds[0]}` : n,
    d.clarity[n],
  ]),
  t,
  ctx.minAnswers,
  'd-clarity',
)}
${distribution(
  q.help,
  Object.entries(d.help).map(([channel, n]) => [
    q.helpChannels[channel as keyof typeof q.helpChannels],
    n,
  ]),
  t,
  ctx.minAnswers,
  'd-help',
)}
${distribution(
  q.reached,
  [
    [q.yes, d.reached.yes],
    [q.no, d.reached.no],
  ],
  t,
  ctx.minAnswers,
  'd-reached',
)}
${distribution(
  q.helpQuality,
  (['5', '4', '3', '2', '1'] as const).map((n) => [
    q.helpQualityAnswers[Number(n) - 1] as string,
    d.helpQuality[n],
  ]),
  t,
  ctx.minAnswers,
  'd-help-quality',
)}
</section>
<section aria-labelledby="you-said" class="stack">
<h2 id="you-said">${t.youSaid}</h2>
<p>${t.youSaidIntro}</p>
${
  improvements.length > 0
    ? html`<ol class="improvements">${improvements.map((improvement) => improvementItem(improvement, t))}</ol>`
    : html`<p>${t.noImprovement}</p>`
}
</section>
${openDataLinks(ctx, '/resultats', resultsLabels[ctx.lang].openDataText)}
<p><a href="${inLang('/resultats', ctx.lang)}">${t.allProcedures}</a></p>`;
  return {
    lang: ctx.lang,
    title: `${procedure.name} – ${t.siteName}`,
    description: t.listIntro,
    stylesheets: [ctx.stylesheet],
    header: publicHeader(ctx, '/resultats', path, query),
    body,
  };
}

/** Procedures a list page shows: a page a phone loads quickly, whatever their number. */
export const listPageSize = 50;

export function renderListPage(
  matching: ListedProcedure[],
  ctx: PageContext & {
    search: string;
    sort: ListSort;
    total: number;
    page: number;
    /** The months the figures are of (public-results.ts, lastTwelveMonths). */
    period: { from: string; to: string };
  },
): Page {
  const t = resultsLabels[ctx.lang];
  const f = formatters(t);
  const query: Record<string, string> = {
    ...(ctx.search && { q: ctx.search }),
    ...(ctx.sort !== 'name' && { sort: ctx.sort }),
  };
  const pages = Math.max(1, Math.ceil(matching.length / listPageSize));
  const page = Math.min(ctx.page, pages);
  const listed = matching.slice((page - 1) * listPageSize, page * listPageSize);
  const pageLink = (n: number) =>
    inLang('/resultats', ctx.lang, { ...query, ...(n > 1 && { page: String(n) }) });
  const body = html`<h1>${t.siteName}</h1>
<p class="lead">${t.listIntro}</p>
<p>${t.periodOf(f.day(ctx.period.from), f.day(ctx.period.to))}</p>
<form method="get" action="/resultats" role="search" class="search">
<div><label for="q">${t.search}</label><input type="search" id="q" name="q" value="${ctx.search}" maxlength="100"></div>
<div><label for="sort">${t.sort}</label><select id="sort" name="sort">${listSorts.map(
    (sort) =>
      html`<option value="${sort}"${sort === ctx.sort ? html` selected` : ''}>${t.sorts[sort]}</option>`,
  )}</select></div>
${ctx.lang !== 'fr' && html`<input type="hidden" name="lang" value="${ctx.lang}">`}
<div><button type="submit">${t.show}</button></div>
</form>
<p class="hint">${t.minRule(f.count(ctx.minAnswers))}</p>
${
  listed.length === 0
    ? html`<p>${ctx.total === 0 ? t.noneYet : t.noMatch}</p>`
    : html`<ul class="cards" aria-label="${t.listCaption}">${listed.map((item) => card(item, t, ctx))}</ul>`
}
${
  pages > 1 &&
  html`<nav aria-label="${t.pagination}"><ul class="pagination">
${page > 1 && html`<li><a href="${pageLink(page - 1)}" rel="prev">${t.previousPage}</a></li>`}
<li aria-current="page">${t.pageOf(String(page), String(pages))}</li>
${page < pages && html`<li><a href="${pageLink(page + 1)}" rel="next">${t.nextPage}</a></li>`}
</ul></nav>`
}
${openDataLinks(ctx, '/resultats', resultsLabels[ctx.lang].openDataText)}`;
  return {
    lang: ctx.lang,
    title: t.siteName,
    description: t.listIntro,
    stylesheets: [ctx.stylesheet],
    header: publicHeader(ctx, '/resultats', '/resultats', query),
    body,
  };
}

/** Who publishes it: the organisation's name, under the procedure's (docs/design.md §10). */
function publisher(procedure: PublicProcedure): Html | '' {
  return procedure.organisation ? html`<p class="publisher">${procedure.organisation}</p>` : '';
}

function card({ procedure, current, previous }: ListedProcedure, t: Words, ctx: PageContext): Html {
  const f = formatters(t);
  const shown = figure(current.satisfaction, ctx.lang, 'satisfaction');
  const trend =
    current.satisfaction.insufficient ||
    previous.satisfaction.insufficient ||
    current.satisfaction.value === null ||
    previous.satisfaction.value === null
      ? 'unknown'
      : Math.abs(current.satisfaction.value - previous.satisfaction.value) < 0.3
        ? 'stable'
        : current.satisfaction.value > previous.satisfaction.value
          ? 'up'
          : 'down';
  const arrow = { up: '↗', down: '↘', stable: '→', unknown: '' }[trend];
  return html`<li class="card">
<h2><a href="${inLang(`/resultats/${procedure.key}`, ctx.lang)}">${procedure.name}</a></h2>
${publisher(procedure)}
<dl>
<div><dt>${t.listSatisfaction}</dt><dd>${
    shown.shown
      ? html`${shown.text}${shown.levelWord && html` <span class="level level-${shown.level ?? ''}">${shown.levelWord}</span>`}`
      : html`<span class="insufficient">${shown.text}</span>`
  }</dd></div>
<div><dt>${t.answers}</dt><dd>${f.count(current.answers)}</dd></div>
<div><dt>${t.trend}</dt><dd>${arrow && html`<span aria-hidden="true">${arrow} </span>`}${t.trends[trend]}</dd></div>
</dl>
</li>`;
}

export function renderNotPublished(ctx: PageContext): Page {
  const t = resultsLabels[ctx.lang];
  return {
    lang: ctx.lang,
    title: t.notFound,
    stylesheets: [ctx.stylesheet],
    header: publicHeader(ctx, '/resultats', '/resultats'),
    body: html`<h1>${t.notFound}</h1>
<p>${t.notFoundHint}</p>
<p><a href="${inLang('/resultats', ctx.lang)}">${t.allProcedures}</a></p>`,
  };
}
