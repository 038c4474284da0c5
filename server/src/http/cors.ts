import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.ts';
import { originAllowed } from './origin-allowed.ts';

const feedbackPath = /^\/api\/v1\/procedures\/([a-z0-9]+)\/feedback\/?(?:\?|$)/;

/**
 * CORS (docs/design.md §3, §4): the answer route reflects the origins its procedure allows, so each
 * administration's pages, and only they, can read the answers to their posts; everything else is
 * same-origin only. The route itself refuses other origins with a 403 — CORS alone protects
 * nothing, it only decides what a browser lets a page read. Registered in the answer route's
 * scope (app.ts): its hooks run for that route only, its preflight route (`OPTIONS *`) answers
 * every path and allows the answer route's alone.
 */
export async function registerCors(app: FastifyInstance, store: Store): Promise<void> {
  await app.register(cors, {
    // The preflight route is a wildcard: the key is read from the path, not from route params.
    delegator: async (request: FastifyRequest) => {
      const key = feedbackPath.exec(request.url)?.[1];
      const origin = request.headers.origin;
      if (key === undefined || origin === undefined) return { origin: false };
      const procedure = await store.findProcedure(key);
      const allowed = procedure !== undefined && originAllowed(origin, procedure.allowedOrigins);
      return {
        origin: allowed ? origin : false,
        methods: ['POST'],
        allowedHeaders: ['Content-Type'],
        maxAge: 86400,
      };
    },
  });
}
