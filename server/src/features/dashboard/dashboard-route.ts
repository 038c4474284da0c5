import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from '../../http/authentication.ts';
import { acceptedEncoding, addVary } from '../../http/compression.ts';
import { type Html, html } from '../../pages/html.ts';

/** Every built file but the HTML pages is named after its content: it never changes. */
const immutable = 'public, max-age=31536000, immutable';

/**
 * The product owners' dashboard (docs/design.md §1): a single-page app built into dist/dashboard
 * and served under /dashboard/. Its scripts, stylesheet, fonts and icons are content-hashed, cached
 * a year, and sent as the brotli or gzip copy the build wrote beside each (@fastify/static's
 * `preCompressed`). Any other path under /dashboard/ gets one of the build's HTML pages, which
 * must be fetched again to see a new build, and the app routes in the browser. Those pages get
 * the service's header (server/src/pages/site-header.ts) at start, as this deployment's operator
 * wants it: static markup above the app, so the app needs no request and no script to draw it.
 */
const skipLink = '<a id="skip-link" class="skip fr-link" href="#content">Aller au contenu</a>';

export const dashboardRoute: FastifyPluginAsync<{
  dashboardDir: string;
  header: Html;
  /** The DSFR's brand block rules, in the State's mode only (pages/site-header.ts). */
  logoStylesheet: string | undefined;
  /**
   * TZ_REPORT, written into each page's head: the app's «today», the end of its default
   * periods, is the day answers are counted in, not the browser's (a product owner in Papeete
   * is 11 or 12 hours behind Paris).
   */
  reportTimeZone: string;
}> = async (app, { dashboardDir, header, logoStylesheet, reportTimeZone }) => {
  if (!existsSync(join(dashboardDir, 'index.html'))) {
    app.log.warn({ dashboardDir }, 'dashboard not built (npm run build): /dashboard/ is off');
    return;
  }
  // Only this plugin's routes: a cache keeps one copy per encoding (and per session, for pages).
  app.addHook('onSend', async (_request, reply) => {
    addVary(reply, 'Accept-Encoding');
  });
  await app.register(fastifyStatic, {
    root: dashboardDir,
    prefix: '/dashboard/',
    index: false,
    wildcard: false,
    preCompressed: true,
    // The pages are served by the routes below; the compressed copies only in place of the file.
    globIgnore: ['**/*.html', '**/*.br', '**/*.gz'],
    // Off, or @fastify/send writes its own `public, max-age=0` over the one set here.
    cacheControl: false,
    setHeaders: (response) => {
      response.setHeader('cache-control', immutable);
    },
  });

  const pages = new Map(
    ['signed-out.html', 'procedure.html', 'index.html'].map((file) => {
      const built = readFileSync(join(dashboardDir, file), 'utf8');
      const head = html`<meta name="report-time-zone" content="${reportTimeZone}">
${
  logoStylesheet &&
  html`<link rel="stylesheet" href="${logoStylesheet}">
`
}</head>`;
      const identity = Buffer.from(
        built
          .replace('</head>', head.markup)
          // The skip link first, as every page's first link (the app gives it its language).
          .replace('<body>\n', `<body>\n${skipLink}\n${header}\n`),
      );
      return [
        file,
        {
          identity,
          br: brotliCompressSync(identity, {
            params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
          }),
          gzip: gzipSync(identity, { level: 9 }),
          etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 16)}"`,
        },
      ];
    }),
  );

  /**
   * The page for this request's first screen: without a session cookie nobody is signed in, so
   * the log-in page's (which says so: no round trip to ask the server); a procedure's, which
   * fetches that page's code along with the app's; or the others'.
   */
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    addVary(reply, 'Cookie');
    const file = !request.cookies[sessionCookie]
      ? 'signed-out.html'
      : request.url.startsWith('/dashboard/procedures/')
        ? 'procedure.html'
        : 'index.html';
    const sent = pages.get(file) as NonNullable<ReturnType<typeof pages.get>>;
    reply.headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      etag: sent.etag,
    });
    if (request.headers['if-none-match'] === sent.etag) return reply.code(304).send();
    const encoding = acceptedEncoding(request.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(sent[encoding ?? 'identity']);
  };
  app.get('/dashboard', { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/dashboard/'),
  );
  app.get('/dashboard/', { schema: { hide: true } }, page);
  app.get('/dashboard/*', { schema: { hide: true } }, async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (path.startsWith('assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.callNotFound();
    }
    return page(request, reply);
  });
};
