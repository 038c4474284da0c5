import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { procedureOf } from '../../http/access.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Store } from '../../store/store.ts';
import { indicator } from '../stats/stats-schema.ts';
import { currentAlerts } from './alerts.ts';

const period = (description: string) =>
  z.object({ from: z.iso.date(), to: z.iso.date(), satisfaction: indicator }).meta({ description });

export const alertView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('drop'),
    recent: z
      .object({
        from: z.iso.date(),
        to: z.iso.date(),
        until: z.iso.datetime(),
        satisfaction: indicator,
      })
      .meta({
        description: 'The 7 days ending now (`until`): today so far and the 6 days before.',
      }),
    before: period('The 28 whole days before them.'),
  }),
  z.object({ kind: z.literal('silence'), lastAnswerAt: z.iso.datetime() }),
]);

/**
 * The alerts of a procedure while they last: the banner on its dashboard page (docs/design.md §9).
 */
export const alertsRoute: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  reportTimeZone: string;
}> = async (app, { store, now, reportTimeZone }) => {
  app.get(
    '/api/v1/procedures/:key/alerts',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'getProcedureAlerts',
        tags: ['stats'],
        summary: 'Drop and silence alerts standing now',
        description:
          'Drop: the satisfaction of the 7 days ending now (today so far and the 6 days before, in TZ_REPORT) below the 28 whole days before them by more than their combined 95 % margin, with 30 answers or more in the 7 days. Silence: no answer for 24 hours after answers on each of 14 days.',
        params: procedureParams,
        response: { 200: z.array(alertView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => currentAlerts(store, procedureOf(request).key, now(), reportTimeZone),
  );
};
