import { embedCode } from '../../../common/embed-code.ts';
import { mouths } from '../../../common/faces.ts';
import {
  type AdministrationChannel,
  type AskableQuestion,
  administrationChannels,
  commentMaxLength,
  type HelpChannel,
  helpOtherMaxLength,
  isAdministrationChannel,
  type SatisfactionLevel,
  satisfactionLevels,
  scale,
} from '../../../common/questionnaire.ts';
import {
  buttonWords,
  type Labels,
  type Lang,
  labels,
} from '../../../common/questionnaire-words.ts';
import type { Answer, PerChannel } from '../../../common/wire.ts';
import type { Procedure } from '../store/procedures.ts';
import { Html, html } from './html.ts';
import { withLang } from './lang.ts';
import { messagePage, type Page } from './layout.ts';
import type { WidgetManifest } from './widget-manifest.ts';

/**
 * The answer as the form holds it: whatever was posted, valid or not, to fill the form again.
 * A per-channel answer that is neither «yes» nor «no» stays the posted text, which validation
 * refuses.
 */
export type FormAnswer = Partial<Omit<Answer, 'reached' | 'helpQuality'>> & {
  reached?: PerChannel<boolean | string>;
  helpQuality?: PerChannel<number>;
};

/**
 * Without JavaScript a form cannot show 3b for the channels just ticked, so the questionnaire is
 * up to three pages posting back to `/p/{key}`, each stored under the same submission id:
 * `questions` (1, 2, 3a, 4), then `reached` (3b, one group per administration channel ticked),
 * then `quality` (3c, one group per channel reached). A later page carries the earlier answers in
 * hidden fields, since each post re-sends the whole answer.
 */
export const hostedSteps = ['questions', 'reached', 'quality'] as const;
export type HostedStep = (typeof hostedSteps)[number];

export type FormState = {
  id: string;
  shownAt: number;
  step: HostedStep;
  answer: FormAnswer;
  /** Error message by field path (`satisfaction`, `reached.phone`). */
  errors: Record<string, string>;
};

/** The administration channels 3b asks about (ticked in 3a), in 3a's order. */
export const tickedChannels = (answer: FormAnswer) =>
  administrationChannels.filter((c) => answer.help?.includes(c));

/** The channels 3c asks about: those reached. */
export const reachedChannels = (answer: FormAnswer) =>
  tickedChannels(answer).filter((c) => answer.reached?.[c] === true);

export const hostedLabels = {
  fr: {
    honeypot: 'Ne remplissez pas ce champ.',
    seeResults: 'Voir les résultats et ce qui a changé',
    errorSummary: 'Votre avis n’a pas été envoyé\u202f:',
    notFound: 'Ce questionnaire n’existe pas, ou plus.',
    notFoundHint: 'Vérifiez l’adresse du lien que vous avez suivi.',
    tooMany: 'Votre avis n’a pas été envoyé.',
    tooManyHint: (minutes: number) =>
      `Beaucoup d’avis sur cette démarche sont partis de votre connexion en une heure. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    description:
      'Dites-nous comment s’est passée votre démarche en ligne. Vos réponses sont anonymes.',
  },
  en: {
    honeypot: 'Leave this field empty.',
    seeResults: 'See the results and what changed',
    errorSummary: 'Your feedback was not sent:',
    notFound: 'This questionnaire does not exist, or no longer does.',
    notFoundHint: 'Check the address of the link you followed.',
    tooMany: 'Your feedback was not sent.',
    tooManyHint: (minutes: number) =>
      `Many answers about this procedure came from your connection within an hour. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
    description: 'Tell us how your online procedure went. Your answers are anonymous.',
  },
  es: {
    honeypot: 'No rellene este campo.',
    seeResults: 'Ver los resultados y lo que ha cambiado',
    errorSummary: 'Su opinión no se ha enviado:',
    notFound: 'Este cuestionario no existe o ya no existe.',
    notFoundHint: 'Compruebe la dirección del enlace que ha seguido.',
    tooMany: 'Su opinión no se ha enviado.',
    tooManyHint: (minutes: number) =>
      `Desde su conexión se han enviado muchas respuestas sobre este trámite en una hora. Vuelva a intentarlo dentro de ${minutes} minuto${minutes > 1 ? 's' : ''}.`,
    description: 'Díganos cómo le ha ido con su trámite en línea. Sus respuestas son anónimas.',
  },
};

/** What every page of the hosted questionnaire shares: its description and stylesheet. */
function hostedPage(lang: Lang, manifest: WidgetManifest) {
  return {
    lang,
    description: hostedLabels[lang].description,
    stylesheets: [`/${manifest.pageStylesheet}`],
  };
}

/**
 * The questionnaire as a plain HTML form: works with JavaScript off, and the widget replaces it
 * when on. Not the widget's Preact components (rendering them here would take a server renderer
 * the project does without), but the same data: every question, answer and limit comes from
 * common/questionnaire-words.ts and common/questionnaire.ts, so the two forms cannot say
 * different things.
 */
export function renderHostedForm(
  procedure: Procedure,
  lang: Lang,
  state: FormState,
  manifest: WidgetManifest,
  /** The published version's sentence above the first question, in the page's language. */
  intro?: string,
): Page {
  const t = labels[lang];
  const h = hostedLabels[lang];
  const { answer, errors } = state;
  const asks = (q: AskableQuestion) => procedure.questions.includes(q);
  const errorList = Object.entries(errors);
  const body = html`<h1>${buttonWords[lang].open}</h1>
<p class="hint">${procedure.name}</p>
<div id="avis">
<form method="post" action="${withLang(`/p/${procedure.key}`, lang)}" class="stack" novalidate>
${state.step === 'questions' && intro && html`<p class="intro">${intro}</p>`}
<p>${state.step === 'questions' ? t.anonymous : t.sent}</p>
${
  errorList.length > 0 &&
  html`<div class="error" role="alert"><p>${h.errorSummary}</p><ul>${errorList.map(
    ([field, message]) => html`<li><a href="#${field}-first">${message}</a></li>`,
  )}</ul></div>`
}
${
  state.step === 'questions'
    ? html`${radios(
        'satisfaction',
        t.satisfaction,
        satisfactionLevels.map((level) => [
          level,
          html`${face(level)}${t.satisfactionAnswers[level]}`,
          `face ${level}`,
        ]),
        answer.satisfaction,
        errors.satisfaction,
      )}
${
  asks('clarity') &&
  radios(
    'clarity',
    html`${t.clarity}<span class="hint">${t.clarityScale}</span>`,
    scale.map((n) => [String(n), String(n)]),
    answer.clarity === undefined ? undefined : String(answer.clarity),
    errors.clarity,
    'scale',
  )
}
${
  asks('help') &&
  html`<fieldset class="column" aria-describedby="help-hint">
<legend>${t.help}</legend>
<p class="hint" id="help-hint">${t.severalAnswers}</p>
${(Object.keys(t.helpChannels) as HelpChannel[]).map(
  (code, i) =>
    html`<label class="choice"><input type="checkbox" name="help" value="${code}"${i === 0 ? html` id="help-first"` : ''}${answer.help?.includes(code) ? html` checked` : ''}>${channelChoice(t, code)}</label>`,
)}
<label class="label">${t.helpOther}<input type="text" name="helpOther" maxlength="${helpOtherMaxLength}" value="${answer.helpOther ?? ''}"></label>
</fieldset>`
}
${
  asks('comment') &&
  html`<div>
<label class="label" for="comment-first">${t.comment}<span class="hint" id="comment-hint">${t.commentHint}</span></label>
<textarea id="comment-first" name="comment" maxlength="${commentMaxLength}" aria-describedby="comment-hint">${answer.comment ?? ''}</textarea>
</div>`
}`
    : html`${carried(answer, state.step)}
${
  state.step === 'reached'
    ? channelGroups(
        'reached',
        t.reached,
        tickedChannels(answer).map((c) => [c, channelChoice(t, c)]),
        [
          ['yes', t.yes],
          ['no', t.no],
        ],
        (c) => answered(answer.reached?.[c]),
        errors,
      )
    : channelGroups(
        'helpQuality',
        t.helpQuality,
        reachedChannels(answer).map((c) => [c, t.helpChannels[c]]),
        t.helpQualityAnswers.map((text, i) => [String(i + 1), text]),
        (c) => answer.helpQuality?.[c]?.toString(),
        errors,
        'column',
      )
}`
}
<div class="hp" aria-hidden="true"><label>${h.honeypot} <input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
<input type="hidden" name="step" value="${state.step}">
<input type="hidden" name="id" value="${state.id}">
<input type="hidden" name="shownAt" value="${state.shownAt}">
<p><button type="submit">${t.send}</button></p>
</form>
</div>`;
  const scripts = new Html(
    embedCode({ src: `/${manifest.file}`, integrity: manifest.integrity }, procedure.key, {
      mode: 'inline',
      target: '#avis',
      lang,
      questions: procedure.questions.join(','),
      source: 'lien',
    }),
  );
  return {
    ...hostedPage(lang, manifest),
    title: `${buttonWords[lang].open} – ${procedure.name}`,
    body,
    // The widget replaces the first page only: a later page means JavaScript is off, or the
    // widget did not load, and a fresh questionnaire there would lose the answers carried.
    // The widget speaks French and English only (its byte budget): a Spanish page stays the
    // plain form, which works without it.
    scripts: state.step === 'questions' && lang !== 'es' ? scripts : undefined,
  };
}

/**
 * The thank-you page: the published version's thank-you sentence under the heading, when it has
 * one; a link to the results when the procedure publishes them (docs/design.md §10).
 */
export function renderThanks(
  lang: Lang,
  manifest: WidgetManifest,
  resultsUrl?: string,
  thanks?: string,
): Page {
  const page = messagePage({
    ...hostedPage(lang, manifest),
    heading: labels[lang].thanks,
    text: thanks,
  });
  if (!resultsUrl) return page;
  return {
    ...page,
    body: html`${page.body}<p><a href="${resultsUrl}">${hostedLabels[lang].seeResults}</a></p>`,
  };
}

export function renderNotFound(lang: Lang, manifest: WidgetManifest): Page {
  const h = hostedLabels[lang];
  return messagePage({ ...hostedPage(lang, manifest), heading: h.notFound, text: h.notFoundHint });
}

/** Past the limit on new answers: nothing was stored; when to try again. */
export function renderTooManyAnswers(lang: Lang, manifest: WidgetManifest, minutes: number): Page {
  const h = hostedLabels[lang];
  return messagePage({
    ...hostedPage(lang, manifest),
    heading: h.tooMany,
    text: h.tooManyHint(minutes),
  });
}

/** A radio group; its first input has the id `{name}-first`, the error summary's link target. */
function radios(
  name: string,
  legend: Html | string,
  options: [value: string, label: Html | string, className?: string][],
  checked: string | undefined,
  error: string | undefined,
  className = '',
): Html {
  const errorId = `${name}-error`;
  return html`<fieldset class="${className}">
<legend>${legend}</legend>
${options.map(
  ([value, label, optionClass], i) =>
    html`<label class="choice ${optionClass ?? ''}"><input type="radio" name="${name}" value="${value}"${i === 0 ? html` id="${name}-first"` : ''}${value === checked ? html` checked` : ''}${error ? html` aria-invalid="true" aria-describedby="${errorId}"` : ''}>${label}</label>`,
)}
${error && html`<p class="error" id="${errorId}">${error}</p>`}
</fieldset>`;
}

/** The same faces as the widget's. */
function face(level: SatisfactionLevel): Html {
  return new Html(
    `<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="12" r="10"/><path d="M9 9.5v.01M15 9.5v.01${mouths[level]}"/></svg>`,
  );
}

/** A channel as 3a and 3b name it: «Par téléphone avec l'administration». */
function channelChoice(t: Labels, code: HelpChannel): string {
  return isAdministrationChannel(code)
    ? t.helpChannels[code] + t.withAdministration
    : t.helpChannels[code];
}

/** How a yes/no answer is posted. */
function answered(reached: boolean | string | undefined): string | undefined {
  return reached === true ? 'yes' : reached === false ? 'no' : reached;
}

/**
 * Steps 3b and 3c: a group named by the question, holding one radio group per channel named by
 * the channel, so a screen reader entering a channel's radios says the question, then the channel.
 */
function channelGroups(
  name: 'reached' | 'helpQuality',
  question: string,
  channels: [AdministrationChannel, string][],
  options: [value: string, label: string][],
  checked: (channel: AdministrationChannel) => string | undefined,
  errors: Record<string, string>,
  className = '',
): Html {
  return html`<fieldset class="stack">
<legend>${question}</legend>
${channels.map(([channel, legend]) =>
  radios(
    `${name}.${channel}`,
    legend,
    options,
    checked(channel),
    errors[`${name}.${channel}`],
    className,
  ),
)}
</fieldset>`;
}

/** The answers of the earlier pages, sent again with this one's (each post is the whole answer). */
function carried(answer: FormAnswer, step: HostedStep): Html {
  const fields: [string, string | number | undefined][] = [
    ['satisfaction', answer.satisfaction],
    ['clarity', answer.clarity],
    ...(answer.help ?? []).map((code): [string, string] => ['help', code]),
    ['helpOther', answer.helpOther],
    ['comment', answer.comment],
  ];
  if (step === 'quality') {
    for (const c of tickedChannels(answer))
      fields.push([`reached.${c}`, answered(answer.reached?.[c])]);
  }
  return html`${fields
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) => html`<input type="hidden" name="${name}" value="${String(value)}">
`,
    )}`;
}
