import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { originAllowed } from '../../http/origin-allowed.ts';
import { HttpProblem, tooMany } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import type { AnswerRateLimit } from './answer-rate-limit.ts';
import { feedbackAccepted, feedbackBody } from './answer-schema.ts';
import { recordAnswer } from './record-answer.ts';

export type FeedbackRouteOptions = {
  store: Store;
  reportTimeZone: string;
  /** Origin of this service (its hosted page may always post); undefined: the request's own. */
  publicUrl: string | undefined;
  now: () => Date;
  metrics: Metrics;
  /** Shared with the hosted form. */
  rateLimit: AnswerRateLimit;
};

export const feedbackRoute: FastifyPluginAsyncZod<FeedbackRouteOptions> = async (app, options) => {
  const { store, publicUrl, now, rateLimit } = options;

  // The widget posts text/plain, a CORS "simple request": no preflight round trip
  // (docs/design.md §3). Prototype-poisoning keys are refused, as for application/json.
  app.addContentTypeParser(
    'text/plain',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  app.post(
    '/api/v1/procedures/:key/feedback',
    {
      schema: {
        operationId: 'submitFeedback',
        summary: 'Send or complete an answer',
        description: 'The same id re-sent within 24 hours replaces the answers of that submission.',
        tags: ['public'],
        security: [],
        params: procedureParams,
        body: feedbackBody,
        response: {
          200: feedbackAccepted,
          201: feedbackAccepted,
          202: feedbackAccepted,
          ...problems(400, 403, 404, 409, 413, 415, 429, 503),
        },
      },
      config: { access: 'public' },
    },
    async (request, reply) => {
      const { key } = request.params;
      const procedure = await store.findProcedure(key);
      if (!procedure) throw new HttpProblem(404, `There is no procedure with the key ${key}.`);

      const origin = request.headers.origin;
      const ownOrigin = publicUrl ?? `${request.protocol}://${request.host}`;
      if (
        origin !== undefined &&
        origin !== ownOrigin &&
        !originAllowed(origin, procedure.allowedOrigins)
      ) {
        throw new HttpProblem(403, `The origin ${origin} may not send answers to this procedure.`);
      }
      // After validation, so that the answer's id is known and a later step is not counted; after
      // the procedure's checks, so that made-up keys fill no counter.
      const { id } = request.body;
      const wait = await rateLimit.check(request, key, id);
      if (wait !== undefined) throw tooMany('new answers from this connection', wait);

      const outcome = await recordAnswer(options, key, request.body, now());
      switch (outcome) {
        case 'bot':
          return reply.code(202).send({ id, status: 'accepted' });
        case 'created':
          rateLimit.counted(key, id);
          return reply.code(201).send({ id, status: 'created' });
        case 'updated':
          return reply.code(200).send({ id, status: 'updated' });
        case 'conflict':
          throw new HttpProblem(
            409,
            'This submission id is already used by another procedure or is more than 24 hours old. Start a new submission with a new id.',
          );
        case 'unknown-procedure':
          throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
      }
    },
  );
};
