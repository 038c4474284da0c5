import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every response (helmet): nosniff, no referrer, never framed, and a strict
 * CSP — our pages load our own scripts and styles only. Routes with other needs (the widget's
 * files, loaded by any site; the server-rendered pages, pages/send-page.ts) set their own headers
 * over these.
 *
 * helmet itself, built once: @fastify/helmet rebuilt the whole middleware, CSP parsing included,
 * for every request — a tenth of the cost of an answer (BENCHMARKS.md, ingestion).
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Asked of some pages and not others (the widget's files), it only earns console warnings.
    originAgentCluster: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, () => done());
  });
}
