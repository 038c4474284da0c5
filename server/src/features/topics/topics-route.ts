import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { procedureOf } from '../../http/access.ts';
import { askedPeriod, periodLimits } from '../../http/period-schema.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Store } from '../../store/store.ts';
import { termCounting } from './count-terms.ts';
import { procedureTopics } from './procedure-topics.ts';
import { topicsQuery, topicsResponse } from './topics-schema.ts';

/** What people say: terms, rising terms and themes of a period's comments (docs/design.md §12). */
export const topicsRoute: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
}> = async (app, { store, now, reportTimeZone, minAnswers }) => {
  app.get(
    '/api/v1/procedures/:key/topics',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'getProcedureTopics',
        tags: ['topics'],
        summary: 'Recurring and rising terms and themes of the comments of a period',
        description: `Words and two-word phrases of the comments (case, accents and inflections folded by the Snowball French stemmer, French stop words out), each with its comments, share and satisfaction, against the previous period of equal length; rising terms by a two-proportion z-test; and the themes. Every comment of the period is counted, from counts kept as comments are written: the procedure's latest changes are counted first (up to ${termCounting.routeBound.toLocaleString('en')}), and \`pending\` says how many still wait, usually 0. Days from ${periodLimits.firstDay} to ${periodLimits.lastDay}, a period of at most ${periodLimits.longestDays} days (5 years); a longer one is a 400 problem.`,
        params: procedureParams,
        querystring: topicsQuery,
        response: { 200: topicsResponse, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const procedure = procedureOf(request);
      return procedureTopics(store, minAnswers, {
        procedureKey: procedure.key,
        ...askedPeriod(request.query, now(), reportTimeZone),
        source: request.query.source,
      });
    },
  );
};
