import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problem.ts';

/**
 * @fastify/rate-limit, off by default: routes opt in with `config.rateLimit` (the answer route and
 * the hosted form share one limiter, made with `createRateLimit`: answer-rate-limit.ts), per
 * client (keyed on `clientKeyOf(request.ip)`, never a raw address). Its counters live in this process's memory, on
 * purpose: docs/design.md §5 keeps the client key (an HMAC of the address) in memory only, and
 * across n nodes a client gets at most n times its allowance, still bounded. What must hold across
 * nodes (guesses at one account spread over nodes and addresses) is limited per target, in the
 * store: target-limit.ts.
 * Exceeding answers a 429 problem with Retry-After, through the one error handler.
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
