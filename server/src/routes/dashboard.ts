import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The product owners' dashboard (DESIGN §1): a single-page app built into dist/dashboard and
 * served under /dashboard/. Its assets are content-hashed (cached a year); any other path under
 * /dashboard/ gets index.html, and the app routes in the browser.
 */
export const dashboardRoute: FastifyPluginAsync<{ dashboardDir: string }> = async (
  app,
  { dashboardDir },
) => {
  if (!existsSync(join(dashboardDir, 'index.html'))) {
    app.log.warn({ dashboardDir }, 'dashboard not built (npm run build): /dashboard/ is off');
    return;
  }
  await app.register(fastifyStatic, {
    root: dashboardDir,
    prefix: '/dashboard/',
    index: false,
    wildcard: false,
    // Only the hashed assets are cacheable; index.html must be fetched again to see a new build.
    setHeaders: (reply, path) => {
      reply.setHeader(
        'cache-control',
        path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
  const index = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/dashboard', { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/dashboard/'),
  );
  app.get('/dashboard/', { schema: { hide: true } }, index);
  app.get('/dashboard/*', { schema: { hide: true } }, async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (path.startsWith('assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.callNotFound();
    }
    return index(request, reply);
  });
};
