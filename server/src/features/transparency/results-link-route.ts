import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Store } from '../../store/store.ts';
import { resultsLangs } from './results-labels.ts';

export const resultsLink = z.object({
  url: z.string().meta({ description: 'The public results page, in the language asked for.' }),
});

/**
 * Where a procedure's published results are, for the widget's thank-you step (docs/design.md §10):
 * asked only once the answer is sent, so the first load carries nothing more. Any page may read it
 * (CORS `*`, no credentials): it says only what /resultats says to everyone. Revalidated each
 * time, so a procedure taken off stops being linked at once. Not published is `204`, not `404`:
 * browsers print every failed request in the host page's console, and the widget must leave
 * nothing there (docs/design.md §3).
 */
export const resultsLinkRoute: FastifyPluginAsyncZod<{
  store: Store;
  /** config.publicOrigin: a link others follow is never built from a request's Host. */
  publicOrigin: string;
}> = async (app, { store, publicOrigin }) => {
  app.get(
    '/api/v1/procedures/:key/results-link',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getResultsLink',
        tags: ['improvements'],
        summary: 'The public results page of a procedure, when it is published',
        description:
          'For the thank-you step of the widget: 204 (no content) when the procedure does not publish its results, or does not exist.',
        params: procedureParams,
        querystring: z.object({ lang: z.enum(resultsLangs).optional() }),
        response: {
          200: resultsLink,
          204: z.null().meta({ description: 'The procedure does not publish its results.' }),
          ...problems(400, 401, 503),
        },
      },
    },
    async (request, reply) => {
      const procedure = await store.findProcedure(request.params.key);
      reply.headers({ 'access-control-allow-origin': '*', 'cache-control': 'no-cache' });
      if (!procedure?.public) return reply.code(204).send(null);
      const { lang } = request.query;
      const path = `/resultats/${procedure.key}${lang && lang !== 'fr' ? `?lang=${lang}` : ''}`;
      return { url: `${publicOrigin}${path}` };
    },
  );
};
