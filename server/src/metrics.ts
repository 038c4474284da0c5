import { Counter, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics (GET /metrics). One registry per app, not prom-client's global
 * one, so that every app a test builds counts for itself.
 */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    submissionsStored: new Counter({
      name: 'avis_submissions_stored_total',
      help: 'Answers stored, by outcome: created (a new submission) or updated (a later step).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    botsDropped: new Counter({
      name: 'avis_bots_dropped_total',
      help: 'Answers dropped as sent by a bot (honeypot filled, or faster than a person reads).',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'avis_rate_limited_total',
      help: 'Requests refused with a 429 because a client sent too many answers.',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
