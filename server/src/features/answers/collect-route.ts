import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FifoMap } from 'toad-cache';
import { originAllowed } from '../../http/origin-allowed.ts';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import { type FeedbackBody, feedbackAccepted, feedbackBody } from './answer-schema.ts';
import { recordAnswer } from './record-answer.ts';

export type FeedbackRouteOptions = {
  store: Store;
  reportTimeZone: string;
  /** Origin of this service (its hosted page may always post); undefined: the request's own. */
  publicUrl: string | undefined;
  now: () => Date;
  /** New answers a client may send this procedure in an hour. */
  rateLimitPerHour: number;
  /** The client's pseudonymous key, from its address (see privacy/client-key.ts). */
  clientKeyOf: (address: string) => string;
  metrics: Metrics;
};

/** A submission as the rate limiter knows it: procedure and id. */
function submissionKey(request: { params: unknown; body: unknown }): string {
  return `${(request.params as { key: string }).key}:${(request.body as FeedbackBody).id}`;
}

export const feedbackRoute: FastifyPluginAsyncZod<FeedbackRouteOptions> = async (app, options) => {
  const { store, publicUrl, now, rateLimitPerHour, clientKeyOf, metrics } = options;
  const rateWindowMs = 60 * 60 * 1000;
  // The submissions this process counted in the last hour. The limiter's counters are this
  // process's own too, so this is exactly what "a later step is not counted again" needs, and
  // it costs no database read per answer (measured: one read halved PostgreSQL's throughput).
  // Bounded: past 200,000, the oldest are forgotten and their later steps counted once more.
  const countedHere = new FifoMap<true>(200_000, rateWindowMs);

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
      config: {
        access: 'public',
        rateLimit: {
          max: rateLimitPerHour,
          timeWindow: rateWindowMs,
          // After validation, so that the answer's id is known…
          hook: 'preHandler',
          keyGenerator: (request) =>
            `${clientKeyOf(request.ip)}:${(request.params as { key: string }).key}`,
          // …and a later step of an answer already counted is not counted again.
          allowList: (request) => countedHere.get(submissionKey(request)) === true,
          onExceeded: () => metrics.rateLimited.inc(),
        },
      },
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

      const { id } = request.body;
      const outcome = await recordAnswer(options, key, request.body, now());
      switch (outcome) {
        case 'bot':
          return reply.code(202).send({ id, status: 'accepted' });
        case 'created':
          countedHere.set(submissionKey(request), true);
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
