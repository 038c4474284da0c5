import { mouths } from '../../../widget/src/faces.ts';
import { type Lang, labels } from '../../../widget/src/i18n.ts';
import {
  type AskableQuestion,
  commentMaxLength,
  type HelpChannel,
  helpOtherMaxLength,
  type SatisfactionLevel,
  satisfactionLevels,
  scale,
} from '../../../widget/src/questionnaire-constants.ts';
import type { FeedbackBody } from '../features/answers/answer-schema.ts';
import { embedCode } from '../features/widget/embed-code.ts';
import type { WidgetManifest } from '../features/widget/widget-files-route.ts';
import type { Procedure } from '../store/store.ts';
import { Html, html } from './html.ts';
import { withLang } from './lang.ts';
import { messagePage, type Page } from './layout.ts';

/** The answer as the form holds it: whatever was posted, valid or not, to fill the form again. */
export type FormState = {
  id: string;
  shownAt: number;
  answer: Partial<Omit<FeedbackBody, 'id' | 'website' | 'elapsedMs'>>;
  /** Error message by field name. */
  errors: Record<string, string>;
};

export const hostedLabels = {
  fr: {
    reachedHint:
      "Si vous avez contacté l'administration au guichet, par téléphone, par e-mail ou par chat.",
    helpQualityHint: "Si vous avez réussi à joindre l'administration.",
    honeypot: 'Ne remplissez pas ce champ.',
    errorSummary: 'Votre avis n’a pas été envoyé :',
    notFound: 'Ce questionnaire n’existe pas, ou plus.',
    notFoundHint: 'Vérifiez l’adresse du lien que vous avez suivi.',
    description:
      'Dites-nous comment s’est passée votre démarche en ligne. Vos réponses sont anonymes.',
  },
  en: {
    reachedHint: 'If you contacted the administration at a desk, by phone, by e-mail or by chat.',
    helpQualityHint: 'If you managed to reach the administration.',
    honeypot: 'Leave this field empty.',
    errorSummary: 'Your feedback was not sent:',
    notFound: 'This questionnaire does not exist, or no longer does.',
    notFoundHint: 'Check the address of the link you followed.',
    description: 'Tell us how your online procedure went. Your answers are anonymous.',
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
 * i18n.ts and questionnaire-constants.ts, so the two forms cannot say different things.
 */
export function renderHostedForm(
  procedure: Procedure,
  lang: Lang,
  state: FormState,
  manifest: WidgetManifest,
): Page {
  const t = labels[lang];
  const h = hostedLabels[lang];
  const { answer, errors } = state;
  const asks = (q: AskableQuestion) => procedure.questions.includes(q);
  const errorList = Object.entries(errors);
  const body = html`<h1>${t.open}</h1>
<p class="hint">${procedure.name}</p>
<div id="avis">
<form method="post" action="${withLang(`/p/${procedure.key}`, lang)}" class="stack" novalidate>
<p>${t.anonymous}</p>
${
  errorList.length > 0 &&
  html`<div class="error" role="alert"><p>${h.errorSummary}</p><ul>${errorList.map(
    ([field, message]) => html`<li><a href="#${field}-first">${message}</a></li>`,
  )}</ul></div>`
}
${radios(
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
    html`${t.clarity}<span class="hint">1 : ${t.clarityEnds[0]} — 5 : ${t.clarityEnds[1]}</span>`,
    scale.map((n) => [String(n), String(n)]),
    answer.clarity === undefined ? undefined : String(answer.clarity),
    errors.clarity,
    'scale',
  )
}
${
  asks('help') &&
  html`<fieldset class="column">
<legend>${t.help}<span class="hint">${t.severalAnswers}</span></legend>
${(Object.keys(t.helpChannels) as HelpChannel[]).map(
  (code, i) =>
    html`<label class="choice"><input type="checkbox" name="help" value="${code}"${i === 0 ? html` id="help-first"` : ''}${answer.help?.includes(code) ? html` checked` : ''}>${t.helpChannels[code]}</label>`,
)}
<label class="label">${t.helpOther}<input type="text" name="helpOther" maxlength="${helpOtherMaxLength}" value="${answer.helpOther ?? ''}"></label>
</fieldset>
${radios(
  'reached',
  html`${t.reached}<span class="hint">${h.reachedHint}</span>`,
  [
    ['yes', t.yes],
    ['no', t.no],
  ],
  answer.reached === undefined ? undefined : answer.reached ? 'yes' : 'no',
  errors.reached,
)}
${radios(
  'helpQuality',
  html`${t.helpQuality}<span class="hint">${h.helpQualityHint}</span>`,
  t.helpQualityAnswers.map((text, i) => [String(i + 1), text]),
  answer.helpQuality === undefined ? undefined : String(answer.helpQuality),
  errors.helpQuality,
  'column',
)}`
}
${
  asks('comment') &&
  html`<div>
<label class="label" for="comment-first">${t.comment}<span class="hint" id="comment-hint">${t.commentHint}</span></label>
<textarea id="comment-first" name="comment" maxlength="${commentMaxLength}" aria-describedby="comment-hint">${answer.comment ?? ''}</textarea>
</div>`
}
<div class="hp" aria-hidden="true"><label>${h.honeypot} <input type="text" name="website" tabindex="-1" autocomplete="off"></label></div>
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
  return { ...hostedPage(lang, manifest), title: `${t.open} – ${procedure.name}`, body, scripts };
}

export function renderThanks(lang: Lang, manifest: WidgetManifest): Page {
  return messagePage({ ...hostedPage(lang, manifest), heading: labels[lang].thanks });
}

export function renderNotFound(lang: Lang, manifest: WidgetManifest): Page {
  const h = hostedLabels[lang];
  return messagePage({ ...hostedPage(lang, manifest), heading: h.notFound, text: h.notFoundHint });
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
