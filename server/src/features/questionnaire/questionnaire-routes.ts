import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { procedureOf } from '../../http/access.ts';
import { actorOf } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import { sentenceIn } from '../../store/questionnaire-versions.ts';
import type { Store } from '../../store/store.ts';
import { publishQuestionnaire } from './publish-questionnaire.ts';
import {
  questionnaireContent,
  questionnaireVersionView,
  versionView,
  widgetQuestionnaire,
} from './questionnaire-schema.ts';

const gone = () => new HttpProblem(404, 'This procedure was just deleted.');

/**
 * The questionnaire an owner sets, in versions (docs/design.md §2, «Versions»): read by whoever
 * may read the procedure, published by whoever may manage it; and its published version as the
 * widget reads it, by anyone.
 */
export const questionnaireRoutes: FastifyPluginAsyncZod<{ store: Store; now: () => Date }> = async (
  app,
  { store, now },
) => {
  const tags = ['questionnaire'];

  app.get(
    '/api/v1/procedures/:key/questionnaire',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'getQuestionnaire',
        tags,
        summary: 'The published questionnaire version: the one new answers are given under',
        params: procedureParams,
        response: { 200: questionnaireVersionView, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const published = await store.publishedQuestionnaire(procedureOf(request).key);
      if (!published) throw gone();
      return versionView(published);
    },
  );

  app.get(
    '/api/v1/procedures/:key/questionnaire/versions',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'listQuestionnaireVersions',
        tags,
        summary: 'Every version of the questionnaire, newest first',
        params: procedureParams,
        response: { 200: z.array(questionnaireVersionView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const versions = await store.listQuestionnaireVersions(procedureOf(request).key);
      if (!versions) throw gone();
      return versions.map(versionView);
    },
  );

  app.post(
    '/api/v1/procedures/:key/questionnaire/versions',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'publishQuestionnaire',
        tags,
        summary: 'Publish the questionnaire as its next version (owner)',
        description:
          'The widget and the hosted page ask it from then on, without a new embed code. 409 when it is the published version’s own content.',
        params: procedureParams,
        body: questionnaireContent,
        response: {
          201: questionnaireVersionView,
          ...problems(400, 401, 403, 404, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const procedure = procedureOf(request);
      const { questions, intro, thanks } = request.body;
      const outcome = await publishQuestionnaire(
        store,
        procedure.key,
        { questions, intro: intro ?? undefined, thanks: thanks ?? undefined },
        actorOf(request, now),
        procedure.organisationId,
      );
      if (!outcome) throw gone();
      if (outcome === 'unchanged')
        throw new HttpProblem(409, 'This is the published version already: nothing to publish.');
      return reply.code(201).send(versionView(outcome));
    },
  );

  app.get(
    '/api/v1/procedures/:key/questionnaire/published',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getPublishedQuestionnaire',
        tags,
        summary: 'The published questionnaire as the widget shows it, in one language',
        description:
          'Read by the widget on every page that shows it, so a new version is asked without a new embed code. Any page may read it (CORS `*`, no credentials); cached a minute.',
        params: procedureParams,
        querystring: z.object({ lang: z.enum(['fr', 'en', 'es']).default('fr') }),
        response: { 200: widgetQuestionnaire, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const published = await store.publishedQuestionnaire(request.params.key);
      reply.headers({ 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=60' });
      if (!published) throw new HttpProblem(404, 'There is no such procedure.');
      const { lang } = request.query;
      return {
        version: published.number,
        questions: published.questions,
        intro: sentenceIn(published.intro, lang) ?? null,
        thankYou: sentenceIn(published.thanks, lang) ?? null,
      };
    },
  );
};
