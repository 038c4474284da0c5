import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { uuidv7 } from '../../common/uuid.ts';
import { countQueuedTerms } from '../../server/src/features/topics/count-terms.ts';
import { starterThemes } from '../../server/src/features/topics/starter-themes.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { IncomingSubmission } from '../../server/src/store/store.ts';
import { adminApiKey } from '../../test/fixtures/admin-api-key.ts';
import { peakMegabytes, startServerProcess } from '../../test/fixtures/server-process.ts';
import { madeUpComment, mulberry32 } from './made-up-comments.ts';
import { percentile } from './percentile.ts';

const end = Date.parse('2026-07-01T00:00:00Z');
const day = 86_400_000;
const period = { from: '2025-07-01', to: '2026-06-30' };

/**
 * «Ce que disent les usagers» for the largest procedure over 12 months: about 150,000 comments a
 * year (--quick: 15,000), and as many the year before (the previous period), written the way
 * people write (made-up-comments.ts). The answers are stored as the server stores them, so their
 * comments are queued by the triggers (docs/design.md §12); reports the time and CPU the counting
 * job takes to count that queue, the rows a 12-month sum reads (the terms in 10 comments or
 * more, and the rare ones kept apart), and the route's p50/p95 through the real server (every
 * comment counted) with its peak memory.
 */
export default async function benchTopics(quick: boolean) {
  const commentsPerYear = quick ? 15_000 : 150_000;
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-topics-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Impôts', allowedOrigins: [] });
    const secret = await adminApiKey(store);
    // The starter themes first: given later, they would queue every comment once more.
    await store.listThemes(key, starterThemes);
    // 35 % of answers carry a comment (the seeding's rate): two years of answers.
    const answers = Math.round((2 * commentsPerYear) / 0.35);
    const random = mulberry32(7);
    let batch: IncomingSubmission[] = [];
    for (let i = 0; i < answers; i++) {
      const receivedAt = end - 730 * day + Math.floor((i / answers) * 730 * day);
      const satisfaction = random() < 0.5 ? 'good' : random() < 0.5 ? 'medium' : 'bad';
      const comment = random() < 0.35 ? madeUpComment(random, receivedAt, end) : undefined;
      batch.push({
        id: uuidv7(receivedAt),
        procedureKey: key,
        answer: { satisfaction, ...(comment && { comment }) },
        receivedAt: new Date(receivedAt),
        day: new Date(receivedAt).toISOString().slice(0, 10),
      });
      if (batch.length === 5000) {
        await store.saveSubmissions(batch);
        batch = [];
      }
    }
    await store.saveSubmissions(batch);

    // The counting job on the whole queue, as a server catching up would run it.
    const queued = await store.pendingTermChanges();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await countQueuedTerms(store, { limit: Number.POSITIVE_INFINITY });
    const countingMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await store.close();

    // What a 12-month sum reads (store/terms.ts, sumOfTerms): whole months, no edge day here.
    const db = new Database(databasePath, { readonly: true });
    const monthRows = db.prepare(
      `SELECT count(*) FROM term_months
       WHERE month BETWEEN ? AND ? AND rare IN (?, ?)`,
    );
    const months = [period.from.slice(0, 7), period.to.slice(0, 7)];
    const commonRows = monthRows.pluck().get(...months, 0, 0) as number;
    const allRows = monthRows.pluck().get(...months, 0, 1) as number;
    db.close();

    // Nothing purged when the server starts (its clock is today's, the comments' end is fixed):
    // a purge would queue the changes of the oldest comments while the route is measured.
    const { child, url } = await startServerProcess({
      DATABASE_PATH: databasePath,
      RETENTION_MONTHS: '120',
    });
    try {
      const ask = () =>
        fetch(`${url}/api/v1/procedures/${key}/topics?from=${period.from}&to=${period.to}`, {
          headers: { authorization: `Bearer ${secret}` },
        });
      const body = (await (await ask()).json()) as { comments: number; pending: number };
      const times: number[] = [];
      for (let i = 0; i < (quick ? 20 : 50); i++) {
        const started = performance.now();
        await (await ask()).arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return [
        {
          'comments in 12 months (all counted)': body.comments,
          'changes left to count': body.pending,
          'answers in the database': answers,
          'database size (MB)': Math.round(statSync(databasePath).size / 1e6),
          'counting the queue: changes': queued,
          'counting the queue: s': Math.round(countingMs / 100) / 10,
          'counting: CPU µs a comment': Math.round((cpu.user + cpu.system) / queued),
          '12-month sum: rows read': commonRows,
          '12-month sum: rows with the rare terms': allRows,
          'topics p50 (ms)': percentile(times, 50),
          'topics p95 (ms)': percentile(times, 95),
          'server peak memory (MB)': Math.round(peakMegabytes(child.pid)),
        },
      ];
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
