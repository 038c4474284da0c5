import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';
import type {
  CommentCounts,
  CountTermChanges,
  TermDayChange,
  TermLabelChange,
  ThemeDayChange,
} from '../../store/terms.ts';
import type { Theme } from '../../store/themes.ts';
import { foldedThemesMatcher } from './comment-themes.ts';
import { count } from './count-topics.ts';
import type { FoldedComment } from './fold-text.ts';
import { foldComment } from './fold-text.ts';

/**
 * The counting of terms and themes (docs/design.md §12): the changes the triggers queued
 * (store/terms.ts) folded and added to the counts, a batch per transaction.
 */
export const termCounting = {
  /**
   * Changes per transaction: counting costs about 70 µs of CPU a comment (20 µs of folding, the
   * rest the upserts; BENCHMARKS.md), so a batch holds SQLite's event loop some 35 ms; it does
   * only while a large queue is counted (a migration, a theme edit, a purge): each commit of
   * answers queues a few. Smaller batches cost more a comment (100: 107 µs).
   */
  batch: 500,
  /**
   * The topics route counts at most this many of its procedure's changes before answering
   * (some 150 ms, when a large queue waits); past it, it answers with the counts as they are
   * and says how many wait.
   */
  routeBound: 2_000,
  /**
   * The job looks at the queue this often. Not after each commit of answers: under load a
   * commit comes every few milliseconds, and a run for each counted a handful of changes at a
   * time, at several times the cost of a batch (on PostgreSQL, its round trips too). A product
   * owner never waits for it: the topics route counts its own procedure's changes first.
   */
  intervalMs: 1_000,
};

const separator = '\u0000';

type Matcher = { signature: string; match: (folded: FoldedComment) => Theme[] };
/** Each procedure's themes compiled once, until they change (their JSON is the signature). */
const matchers = new Map<number, Matcher>();

function matcherOf(procedureId: number, themes: readonly Theme[]): Matcher['match'] {
  const signature = JSON.stringify(themes.map((t) => [t.id, t.keywords]));
  let matcher = matchers.get(procedureId);
  if (matcher?.signature !== signature) {
    if (matchers.size > 10_000) matchers.clear();
    matcher = { signature, match: foldedThemesMatcher(themes) };
    matchers.set(procedureId, matcher);
  }
  return matcher.match;
}

/**
 * What a batch of changes adds to the counts: each comment folded once, counted (sign ±1) for
 * every term it holds and for '' (every comment), for the way it wrote each term, and for every
 * theme it matches, or theme 0 («Sans thème»). Pure but for the memoised folding and matchers.
 */
export const countTermChanges: CountTermChanges = (changes, themes) => {
  const zero = (): CommentCounts => ({ comments: 0, bad: 0, medium: 0, good: 0 });
  const terms = new Map<string, TermDayChange>();
  const labels = new Map<string, TermLabelChange>();
  const themeRows = new Map<string, ThemeDayChange>();
  for (const change of changes) {
    const { procedureId, day, source, satisfaction, sign } = change;
    const folded = foldComment(change.comment);
    if (change.terms) {
      const prefix = `${procedureId}${separator}${day}${separator}${source}${separator}`;
      const add = (term: string) => {
        const key = prefix + term;
        let row = terms.get(key);
        if (row === undefined) {
          row = { procedureId, day, source, term, counts: zero() };
          terms.set(key, row);
        }
        count(row.counts, satisfaction, sign);
      };
      add('');
      for (const [term, surface] of folded) {
        add(term);
        const key = `${procedureId}${separator}${term}${separator}${surface}`;
        const label = labels.get(key);
        if (label === undefined) labels.set(key, { procedureId, term, surface, uses: sign });
        else label.uses += sign;
      }
    }
    if (change.themes) {
      const matched = matcherOf(procedureId, themes.get(procedureId) ?? [])(folded);
      const ids = matched.length === 0 ? [0] : matched.map((t) => t.id);
      for (const themeId of ids) {
        const key = `${procedureId}${separator}${day}${separator}${source}${separator}${themeId}`;
        let row = themeRows.get(key);
        if (row === undefined) {
          row = { procedureId, day, source, themeId, counts: zero() };
          themeRows.set(key, row);
        }
        count(row.counts, satisfaction, sign);
      }
    }
  }
  return { terms: terms.values(), labels: labels.values(), themes: themeRows.values() };
};

/**
 * Counts queued changes, a batch per transaction and a turn of the event loop between batches,
 * until a batch comes back short or `limit` are counted. Returns how many were.
 */
export async function countQueuedTerms(
  store: Store,
  options: { limit: number; procedureKey?: string; wait?: boolean; stopped?: () => boolean },
): Promise<number> {
  const { limit, stopped = () => false, ...which } = options;
  let done = 0;
  while (done < limit && !stopped()) {
    const batch = Math.min(termCounting.batch, limit - done);
    const taken = await store.countTermChanges(countTermChanges, { ...which, limit: batch });
    done += taken;
    // A short batch emptied the queue as it was (or, on PostgreSQL, left a procedure whose
    // theme edit is under way): what answers queued since waits for the next run. Under load,
    // going on took a handful of changes a commit, at several times a batch's cost each
    // (BENCHMARKS.md, ingestion).
    if (taken < batch) break;
    await nextTurn();
  }
  return done;
}

/**
 * The server counts the queue in the background: when it is ready, then every
 * `termCounting.intervalMs` (answers, theme edits, deletions and the retention purge queue
 * changes); one run at a time; stopped, its batch finished, when the app closes.
 */
export function registerTermCounting(
  app: FastifyInstance,
  { store, metrics }: { store: Store; metrics: Metrics },
): void {
  // Read when scraped: a queue that keeps growing says the counting falls behind the answers.
  new Gauge({
    name: 'avis_term_changes_waiting',
    help: 'Changes of comments (new, edited, deleted, purged, or re-queued by a theme edit) not yet counted in the terms and themes.',
    registers: [metrics.registry],
    async collect() {
      try {
        this.set(await store.pendingTermChanges());
      } catch {
        // The database out of reach: the last figure stays, and the scrape still answers.
      }
    },
  });
  let stop = async () => {};
  app.addHook('onReady', async () => {
    stop = startTermCounting(store, app.log);
  });
  app.addHook('onClose', async () => stop());
}

function startTermCounting(store: Store, log: FastifyBaseLogger): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  const run = async () => {
    try {
      do {
        again = false;
        await countQueuedTerms(store, { limit: Number.POSITIVE_INFINITY, stopped: () => stopped });
      } while (again && !stopped);
    } catch (err) {
      log.error({ err }, 'counting terms failed; will retry');
    }
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(wake, termCounting.intervalMs);
  timer.unref();
  wake();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
