import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FifoMap } from 'toad-cache';
import type { Metrics } from '../../metrics.ts';

/**
 * The limit on new answers (RATE_LIMIT_PER_HOUR, docs/design.md §3): per client (its pseudonymous
 * key, never its address) and procedure, per process. One limit for both ways in, the answer route
 * (widget, API) and the hosted form `/p/{key}`: their counters are the same, so a client the one
 * refuses is refused by the other. A later step of an answer this process counted is not counted
 * again.
 */
export type AnswerRateLimit = {
  /**
   * Counts a new answer to `procedureKey` from this request's client: `undefined` when it may be
   * taken, else the seconds until the client may send another.
   */
  check(request: FastifyRequest, procedureKey: string, id: string): Promise<number | undefined>;
  /** An answer was stored: its later steps are not counted. */
  counted(procedureKey: string, id: string): void;
};

export function answerRateLimit(
  app: FastifyInstance,
  options: { perHour: number; clientKeyOf: (address: string) => string; metrics: Metrics },
): AnswerRateLimit {
  const hour = 60 * 60 * 1000;
  // The answers this process counted in the last hour. The limiter's counters are this process's
  // own too, so this is exactly what "a later step is not counted again" needs, and it costs no
  // database read per answer (measured: one read halved PostgreSQL's throughput). Bounded: past
  // 200,000, the oldest are forgotten and their later steps counted once more.
  const countedHere = new FifoMap<true>(200_000, hour);
  // @fastify/rate-limit's counters (http/rate-limit.ts), made once for both routes: a route's
  // `config.rateLimit` would give each its own.
  const limiter = app.createRateLimit({
    max: options.perHour,
    timeWindow: hour,
    keyGenerator: (request) =>
      `${options.clientKeyOf(request.ip)}:${(request.params as { key: string }).key}`,
  });
  return {
    async check(request, procedureKey, id) {
      if (countedHere.get(`${procedureKey}:${id}`)) return undefined;
      const limit = await limiter(request);
      if (limit.isAllowed || !limit.isExceeded) return undefined;
      options.metrics.rateLimited.inc();
      return limit.ttlInSeconds;
    },
    counted(procedureKey, id) {
      countedHere.set(`${procedureKey}:${id}`, true);
    },
  };
}
