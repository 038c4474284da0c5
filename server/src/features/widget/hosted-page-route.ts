import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Lang } from '../../../../common/questionnaire-words.ts';
import { labels } from '../../../../common/questionnaire-words.ts';
import { compressPage } from '../../http/compression.ts';
import { minutesOf } from '../../http/problem.ts';
import type { Metrics } from '../../metrics.ts';
import {
  type FormAnswer,
  type FormState,
  type HostedStep,
  hostedSteps,
  reachedChannels,
  renderHostedForm,
  renderNotFound,
  renderThanks,
  renderTooManyAnswers,
  tickedChannels,
} from '../../pages/hosted-page.ts';
import { pageLang, withLang } from '../../pages/lang.ts';
import type { Page } from '../../pages/layout.ts';
import { sendPage } from '../../pages/send-page.ts';
import type { Brand } from '../../pages/site-header.ts';
import type { WidgetManifest } from '../../pages/widget-manifest.ts';
import { procedureKeyPattern } from '../../store/procedure-key.ts';
import { sentenceIn } from '../../store/questionnaire-versions.ts';
import type { Store } from '../../store/store.ts';
import type { AnswerRateLimit } from '../answers/answer-rate-limit.ts';
import { feedbackBody, type HelpChannel } from '../answers/answer-schema.ts';
import { recordAnswer } from '../answers/record-answer.ts';

export type HostedPageOptions = {
  store: Store;
  metrics: Metrics;
  /** The answer route's, shared. */
  rateLimit: AnswerRateLimit;
  manifest: WidgetManifest;
  reportTimeZone: string;
  now: () => Date;
  /** Who runs the service, as the pages' header says. */
  brand: Brand;
};

type Query = { lang?: string };

/**
 * The link integration (docs/design.md §3): `/p/{key}` is the questionnaire as a server-rendered
 * form that works with JavaScript disabled (e-mails, SMS, QR codes, old phones). It posts
 * `application/x-www-form-urlencoded` to itself and answers with a 303 to a thank-you page;
 * a form with a mistake comes back with the message beside the field. With JavaScript on, the
 * widget replaces the form in place.
 */
export const hostedPageRoute: FastifyPluginAsync<HostedPageOptions> = async (app, options) => {
  const { store, manifest, now, brand, rateLimit } = options;
  // The service's header, its name a link to nowhere: the person's way back is the
  // administration's procedure, which this page does not know.
  const send = (reply: FastifyReply, status: number, page: Page) =>
    sendPage(reply, status, { ...page, header: { brand } });

  // Pages made per request, compressed per request; only this plugin's routes pay for it.
  app.addHook('onSend', compressPage);

  // Only this plugin's routes take HTML forms; the API keeps answering them with a 415.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, new URLSearchParams(body as string)),
  );

  const schema = { hide: true };

  app.get<{ Params: { key: string }; Querystring: Query }>(
    '/p/:key',
    { schema },
    async (request, reply) => {
      const lang = pageLang(request.query);
      const shown = await shownQuestionnaire(request.params.key, lang);
      if (!shown) return send(reply, 404, renderNotFound(lang, manifest));
      const { procedure, intro } = shown;
      const state: FormState = {
        id: randomUUID(),
        shownAt: now().getTime(),
        step: 'questions',
        answer: {},
        errors: {},
      };
      return send(reply, 200, renderHostedForm(procedure, lang, state, manifest, intro));
    },
  );

  /**
   * The procedure as its published questionnaire version asks it (docs/design.md §2,
   * «Versions»): its steps, and its introduction sentence in the page's language (French when
   * the owner wrote none in it). Read afresh on each page, so a version is shown once published.
   */
  async function shownQuestionnaire(key: string, lang: Lang) {
    // Not a key (a NUL, which PostgreSQL refuses with an error): no such questionnaire.
    if (!procedureKeyPattern.test(key)) return undefined;
    const [procedure, published] = await Promise.all([
      store.findProcedure(key),
      store.publishedQuestionnaire(key),
    ]);
    if (!procedure || !published) return undefined;
    return {
      procedure: { ...procedure, questions: published.questions },
      intro: sentenceIn(published.intro, lang),
      thanks: sentenceIn(published.thanks, lang),
    };
  }

  app.post<{ Params: { key: string }; Querystring: Query; Body: URLSearchParams }>(
    '/p/:key',
    { schema },
    async (request, reply) => {
      const lang = pageLang(request.query);
      const shown = await shownQuestionnaire(request.params.key, lang);
      if (!shown) return send(reply, 404, renderNotFound(lang, manifest));
      const { procedure, intro } = shown;
      const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const state = readForm(form, lang, now());
      const parsed = feedbackBody.safeParse({
        ...state.answer,
        id: state.id,
        lang,
        elapsedMs: Math.max(0, now().getTime() - state.shownAt),
        website: form.get('website') ?? '',
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path.join('.') || 'satisfaction';
          state.errors[field] ??=
            field === 'satisfaction' ? labels[lang].chooseAnswer : issue.message;
        }
        return send(reply, 400, renderHostedForm(procedure, lang, state, manifest, intro));
      }
      const wait = await rateLimit.check(request, procedure.key, state.id);
      if (wait !== undefined) {
        reply.header('retry-after', String(wait));
        return send(reply, 429, renderTooManyAnswers(lang, manifest, minutesOf(wait)));
      }
      let outcome = await recordAnswer(options, procedure.key, parsed.data, now());
      // A form left open more than a day: its id has expired, so this is a new submission.
      if (outcome === 'conflict') {
        state.id = randomUUID();
        outcome = await recordAnswer(
          options,
          procedure.key,
          { ...parsed.data, id: state.id },
          now(),
        );
      }
      if (outcome === 'created') rateLimit.counted(procedure.key, state.id);
      const next = nextStep(state);
      if (next) {
        return send(
          reply,
          200,
          renderHostedForm(procedure, lang, { ...state, step: next }, manifest),
        );
      }
      const thanks = withLang(`/p/${procedure.key}/merci`, lang);
      return reply.code(303).header('location', thanks).send();
    },
  );

  app.get<{ Params: { key: string }; Querystring: Query }>(
    '/p/:key/merci',
    { schema },
    async (request, reply) => {
      const lang = pageLang(request.query);
      const shown = await shownQuestionnaire(request.params.key, lang);
      const procedure = shown?.procedure;
      const results = procedure?.public ? withLang(`/resultats/${procedure.key}`, lang) : undefined;
      return send(reply, 200, renderThanks(lang, manifest, results, shown?.thanks));
    },
  );
};

/** The page after a valid post, if the answer calls for one (see HostedStep). */
function nextStep({ step, answer }: FormState): HostedStep | undefined {
  if (step === 'questions' && tickedChannels(answer).length > 0) return 'reached';
  if (step === 'reached' && reachedChannels(answer).length > 0) return 'quality';
  return undefined;
}

/**
 * What the form holds. Every `reached.{channel}` and `helpQuality.{channel}` field posted is
 * read, ticked or not, known channel or not: the answer schema refuses what does not apply, with
 * the same rules and field paths as the API.
 */
function readForm(form: URLSearchParams, lang: Lang, now: Date): FormState {
  const text = (name: string) => form.get(name)?.trim() || undefined;
  const number = (name: string) => {
    const value = text(name);
    return value === undefined ? undefined : Number(value);
  };
  let help = form.getAll('help') as HelpChannel[];
  if (help.length > 1) help = help.filter((channel) => channel !== 'none');
  // fromEntries, not assignments: a posted `reached.__proto__` stays a plain (refused) key.
  const perChannel = <T>(prefix: string, read: (name: string) => T) => {
    const entries = [...new Set(form.keys())]
      .filter((name) => name.startsWith(prefix))
      .map((name) => [name.slice(prefix.length), read(name)]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  const yesNo = (name: string) => {
    const value = form.get(name) ?? '';
    return value === 'yes' ? true : value === 'no' ? false : value;
  };
  const shownAt = Number(form.get('shownAt'));
  const step = form.get('step') as HostedStep;
  return {
    id: text('id') ?? randomUUID(),
    shownAt: Number.isFinite(shownAt) ? shownAt : now.getTime(),
    step: hostedSteps.includes(step) ? step : 'questions',
    answer: {
      satisfaction: text('satisfaction') as FormAnswer['satisfaction'],
      clarity: number('clarity'),
      help: help.length > 0 ? help : undefined,
      helpOther: help.includes('other') ? text('helpOther') : undefined,
      reached: perChannel('reached.', yesNo),
      helpQuality: perChannel('helpQuality.', number),
      comment: text('comment'),
      lang,
    },
    errors: {},
  };
}
