import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportDay } from '../../../../common/calendar-days.ts';
import { procedureOf } from '../../http/access.ts';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import { layout } from '../../pages/layout.ts';
import { pageSecurityPolicy } from '../../pages/send-page.ts';
import type { Brand } from '../../pages/site-header.ts';
import type { Store } from '../../store/store.ts';
import { lastTwelveMonths, organisationName, procedureResults } from './public-results.ts';
import { resultsLang } from './results-labels.ts';
import { renderProcedurePage } from './results-pages.ts';

/**
 * The public page of a procedure exactly as citizens would see it, for those who may read the
 * procedure, before it is published (docs/design.md §10: the owner sees what publishing will show).
 * Never cached: it is private.
 */
export const resultsPreviewRoute: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
  /** The public pages' stylesheet, `undefined` when the widget is not built. */
  stylesheet: string | undefined;
  /** Who runs the service, as the page's header says. */
  brand: Brand;
}> = async (app, { store, now, reportTimeZone, minAnswers, stylesheet, brand }) => {
  app.get(
    '/api/v1/procedures/:key/results-preview',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'previewPublicResults',
        tags: ['improvements'],
        summary: 'The public results page as it would be published (HTML)',
        description:
          'The page /resultats/{key} for the last 12 months, rendered whether or not the procedure is public yet.',
        params: procedureParams,
        querystring: z.object({ lang: z.enum(['fr', 'en', 'es']).optional() }),
        response: {
          200: { description: 'An HTML page.', content: { 'text/html': { schema: z.string() } } },
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const procedure = procedureOf(request);
      const lang = resultsLang(request.query);
      const period = lastTwelveMonths(reportDay(now(), reportTimeZone));
      const results = await procedureResults(
        store,
        minAnswers,
        procedure.key,
        period,
        reportTimeZone,
      );
      const organisation = await organisationName(store, procedure);
      const page = renderProcedurePage({ ...procedure, organisation }, results, {
        lang,
        minAnswers,
        stylesheet: stylesheet ?? '',
        brand,
        custom: false,
      });
      return reply
        .headers({
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': pageSecurityPolicy,
        })
        .serializer((payload: unknown) => payload as string)
        .send(layout(page).markup);
    },
  );
};
