import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem.ts';

/**
 * @fastify/rate-limit, off by default: routes opt in with `config.rateLimit`. Its counters live
 * in this process's memory, keyed on what each route gives (never a raw address). Exceeding
 * answers a 429 problem with Retry-After, through the one error handler.
 */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        // Said of requests, not answers: log-in attempts are limited too.
        `Too many requests from this connection. Try again in ${context.after}.`,
        { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      ),
  });
}
