import { existsSync, statSync } from 'node:fs';
import { Counter, Gauge, Registry } from 'prom-client';

/**
 * The service's Prometheus metrics (GET /metrics). One registry per app, not prom-client's global
 * one, so that every app a test builds counts for itself.
 */
export function createMetrics(sqlitePath: string | undefined) {
  const registry = new Registry();
  // PostgreSQL's own exporter reports its size; a SQLite file is ours to watch.
  if (sqlitePath) {
    new Gauge({
      name: 'avis_database_bytes',
      help: 'Size of the SQLite database on disk, write-ahead log included.',
      registers: [registry],
      collect() {
        const files = [sqlitePath, `${sqlitePath}-wal`].filter(existsSync);
        this.set(files.reduce((bytes, file) => bytes + statSync(file).size, 0));
      },
    });
  }
  return {
    registry,
    requests: new Counter({
      name: 'avis_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
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
