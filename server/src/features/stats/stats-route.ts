import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { procedureOf } from '../../http/access.ts';
import { askedPeriod } from '../../http/period-schema.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Store } from '../../store/store.ts';
import { procedureStats } from './procedure-stats.ts';
import { statsQuery, statsResponse } from './stats-schema.ts';

/** A procedure's indicators, trend and distributions for a period (docs/design.md §4, §6). */
export const statsRoute: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
}> = async (app, { store, now, reportTimeZone, minAnswers }) => {
  app.get(
    '/api/v1/procedures/:key/stats',
    {
      config: { access: { procedure: 'read' } },
      // The response is sent as procedureStats built it, typed as the schema's, not encoded again
      // by zod (a check of every field and a copy: 150–250 µs of a request's 1.3–1.7 ms of CPU on
      // PostgreSQL, BENCHMARKS.md). stats.test.ts checks that it is the schema's, field for field.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        operationId: 'getProcedureStats',
        tags: ['indicators'],
        summary:
          'Indicators for a period (default: the last 30 days), the previous one, and a series',
        description:
          'Days from 2000-01-01 to 2099-12-31; a period of at most 1,830 days (5 years), of 366 days with `interval=day`. A longer period, or a day out of that range, is a 400 problem.',
        params: procedureParams,
        querystring: statsQuery,
        response: { 200: statsResponse, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const procedure = procedureOf(request);
      return procedureStats(store, minAnswers, {
        procedureKey: procedure.key,
        ...askedPeriod(request.query, now(), reportTimeZone),
        interval: request.query.interval,
        source: request.query.source,
        timeZone: reportTimeZone,
      });
    },
  );
};
