import { existsSync, statSync } from 'node:fs';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type PasswordLane, passwordWork } from './auth/passwords.ts';
import type { CommitObserver } from './store/commit-observers.ts';

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (memory, CPU, event-loop lag, GC, handles), collected once per
 * process: they describe the process, and their collectors (an event-loop delay monitor, a GC
 * observer) are never removed, so one set per app would pile up in tests that build hundreds.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The service's Prometheus metrics (GET /metrics). One registry per app, not prom-client's global
 * one, so that every app a test builds counts for itself; the process's own figures are added to
 * each.
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
  passwordQueueMetrics(registry);
  const commitAnswers = new Histogram({
    name: 'avis_group_commit_answers',
    help: 'Answers written per database transaction (group commit: those that arrive together share one).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const commitSeconds = new Histogram({
    name: 'avis_group_commit_duration_seconds',
    help: 'Time to write and commit one transaction of answers (PostgreSQL: waiting for a connection included).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const recordCommit: CommitObserver = (answers, seconds) => {
    commitAnswers.observe(answers);
    commitSeconds.observe(seconds);
  };
  const metrics = {
    // The histogram's `_count` says the same; this counter stays for the dashboards and alerts
    // operators built on it before the histogram existed.
    requests: new Counter({
      name: 'avis_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'avis_http_request_duration_seconds',
      help: 'Time from request to response, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'] as const,
      // Fine around an answer's p99 under load, about 15 ms (BENCHMARKS.md); coarser above, for
      // the dashboard's stats and the CSV export.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    recordCommit,
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
    mailSent: new Counter({
      name: 'avis_mail_sent_total',
      help: 'Mails accepted by the SMTP server (or written to the log without SMTP_URL), by kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    mailFailures: new Counter({
      name: 'avis_mail_failures_total',
      help: 'Failed mail sends, by kind and outcome: retry (tried again later) or refused (never again).',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    alertsRaised: new Counter({
      name: 'avis_alerts_total',
      help: 'Alerts raised (drop, silence), one a procedure, kind and day.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
  // Once every metric of the app is registered: merging copies the registry's list.
  return { ...metrics, registry: Registry.merge([registry, processMetrics()]) };
}

export type Metrics = ReturnType<typeof createMetrics>;

const lanes: PasswordLane[] = ['sign-in', 'account'];

/**
 * The password hashing queue (auth/passwords.ts), read when scraped: one queue per process, so
 * every app of the process shows the same figures. Waiting lines that stay long, or refusals, say
 * the server hashes more than it can (a burst of sign-ins, or an attack on the links).
 */
function passwordQueueMetrics(registry: Registry) {
  new Gauge({
    name: 'avis_password_hashes_running',
    help: 'Password hashes running now, by lane: sign-in (checks) or account (new passwords).',
    labelNames: ['lane'] as const,
    registers: [registry],
    collect() {
      const { running } = passwordWork();
      for (const lane of lanes) this.set({ lane }, running[lane]);
    },
  });
  new Gauge({
    name: 'avis_password_hashes_waiting',
    help: 'Password hashes waiting for a slot now, by lane.',
    labelNames: ['lane'] as const,
    registers: [registry],
    collect() {
      const { waiting } = passwordWork();
      for (const lane of lanes) this.set({ lane }, waiting[lane]);
    },
  });
  // Counters the queue keeps for the process: shown as they stand (reset, then set to its count).
  new Counter({
    name: 'avis_password_hashes_total',
    help: 'Password hashes started since the process started.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(passwordWork().started);
    },
  });
  new Counter({
    name: 'avis_password_hashes_refused_total',
    help: 'Password hashes turned away with a 503, by lane and reason: line-full (at once) or waited-too-long (after 2 s in line).',
    labelNames: ['lane', 'reason'] as const,
    registers: [registry],
    collect() {
      const { refused } = passwordWork();
      this.reset();
      for (const lane of lanes)
        for (const [reason, count] of Object.entries(refused[lane]))
          this.inc({ lane, reason }, count);
    },
  });
}
