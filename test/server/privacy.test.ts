import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { runCli } from '../../server/src/cli/run-cli.ts';
import { countQueuedTerms } from '../../server/src/features/topics/count-terms.ts';
import { purgeExpiredTexts } from '../../server/src/privacy/retention.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { metricsToken, scrapeMetrics } from '../fixtures/scrape-metrics.ts';
import {
  readDatabase,
  startTestApp,
  TestClock,
  testConfig,
  uuidv7,
  widgetDir,
} from '../helpers.ts';

const month = 31 * 24 * 60 * 60 * 1000;

/** Every byte SQLite has on disk for this database: main file, WAL and shared memory. */
function databaseBytes(path: string): string {
  return ['', '-wal', '-shm']
    .map((suffix) => path + suffix)
    .filter(existsSync)
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
}

describe('personal data in comments', () => {
  it('is replaced before storage, counted, and found nowhere on disk', async () => {
    const { post, store, config } = await startTestApp();
    const id = uuidv7();
    const response = await post({
      id,
      satisfaction: 'bad',
      help: ['other'],
      helpOther: 'mon voisin, joignable au 07 81 22 33 44',
      comment: 'Rappelez-moi au 06 12 34 56 78 ou sur paul.martin@orange.fr',
    });
    expect(response.statusCode).toBe(201);
    const saved = await store.findSubmission(id);
    expect(saved?.answer.comment).toBe('Rappelez-moi au [téléphone] ou sur [courriel]');
    expect(saved?.answer.helpOther).toBe('mon voisin, joignable au [téléphone]');
    expect(saved?.redactions).toBe(3);
    await store.close();
    const bytes = databaseBytes(config.databasePath);
    for (const secret of ['06 12 34 56 78', '07 81 22 33 44', 'paul.martin']) {
      expect(bytes).not.toContain(secret);
    }
  });

  it('flags link-only and repeated-character comments as suspect, and still counts them', async () => {
    const { post, store, procedure } = await startTestApp();
    const spam = uuidv7();
    const repeated = uuidv7();
    const real = uuidv7();
    await post({ id: spam, satisfaction: 'good', comment: 'https://promo.example.com www.x.biz' });
    await post({ id: repeated, satisfaction: 'bad', comment: 'aaaaaaaaaaaa' });
    await post({
      id: real,
      satisfaction: 'good',
      comment: 'Voir https://www.service-public.fr, bien fait',
    });
    expect((await store.findSubmission(spam))?.suspect).toBe(true);
    expect((await store.findSubmission(repeated))?.suspect).toBe(true);
    expect((await store.findSubmission(real))?.suspect).toBe(false);
    const totals = await store.sumRollups({
      procedureKey: procedure.key,
      fromDay: '2026-01-01',
      toDay: '2026-12-31',
    });
    expect(totals.answers).toBe(3);
  });
});

describe('no client address anywhere', () => {
  it('logs no address, even with every log level on and a proxy in front', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = testConfig({
      LOG_LEVEL: 'trace',
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_PER_HOUR: '1',
    });
    const store = openSqliteStore({ path: config.databasePath });
    const app = await buildApp({ config, store, widgetDir, logStream });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const headers = {
      'x-forwarded-for': '203.0.113.77',
      'x-real-ip': '203.0.113.78',
      'content-type': 'application/json',
    };
    const url = `/api/v1/procedures/${key}/feedback`;
    await app.inject({
      method: 'POST',
      url,
      headers,
      payload: { id: uuidv7(), satisfaction: 'good' },
    });
    await app.inject({
      method: 'POST',
      url,
      headers,
      payload: { id: uuidv7(), satisfaction: 'good' },
    }); // 429
    await app.inject({ method: 'POST', url, headers, payload: '{"broken' });
    await app.inject({ method: 'GET', url: '/nowhere', headers });
    await app.inject({ method: 'GET', url: `/p/${key}`, headers });
    await app.close();
    await store.close();

    const logs = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(5); // a line a request at least
    for (const address of [
      '203.0.113.77',
      '203.0.113.78',
      '127.0.0.1',
      'remoteAddress',
      'x-forwarded-for',
    ]) {
      expect(logs).not.toContain(address);
    }
    expect(databaseBytes(config.databasePath)).not.toContain('203.0.113');
  });
});

describe('rate limiting', () => {
  const limited = () =>
    startTestApp({
      RATE_LIMIT_PER_HOUR: '3',
      TRUST_PROXY: '127.0.0.1',
      METRICS_TOKEN: metricsToken,
    });
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  it('answers 429 with Retry-After past the limit, for new answers only', async () => {
    const { post, config, app } = await limited();
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    for (const id of ids)
      expect((await post({ id, satisfaction: 'good' }, from('198.51.100.1'))).statusCode).toBe(201);

    const refused = await post({ id: uuidv7(), satisfaction: 'good' }, from('198.51.100.1'));
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect((await scrapeMetrics(app)).body).toContain('avis_rate_limited_total 1');

    // The next step of an answer already counted still goes through.
    const update = await post(
      { id: ids[0], satisfaction: 'good', comment: 'Et en plus…' },
      from('198.51.100.1'),
    );
    expect(update.statusCode).toBe(200);
    expect(
      readDatabase(config.databasePath, (db) =>
        db.prepare('SELECT count(*) AS n FROM submissions').get(),
      ),
    ).toEqual({ n: 3 });
  });

  it('counts the hosted form /p/{key} with the answer route, under the same limit', async () => {
    const { post, config, app, procedure, clock } = await limited();
    const client = from('198.51.100.9');
    for (let i = 0; i < 2; i++)
      expect((await post({ id: uuidv7(), satisfaction: 'good' }, client)).statusCode).toBe(201);
    const postForm = (fields: string) =>
      app.inject({
        method: 'POST',
        url: `/p/${procedure.key}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...client.headers },
        payload: `shownAt=${clock.current.getTime() - 20_000}&${fields}`,
      });
    // The third new answer, by the form; its later step is not counted again.
    const formId = uuidv7();
    expect((await postForm(`id=${formId}&satisfaction=good&help=phone`)).statusCode).toBe(200);
    const laterStep = await postForm(
      `id=${formId}&step=reached&satisfaction=good&help=phone&reached.phone=yes`,
    );
    expect(laterStep.statusCode).toBe(200);

    const refusedForm = await postForm(`id=${uuidv7()}&satisfaction=bad`);
    expect(refusedForm.statusCode).toBe(429);
    expect(refusedForm.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(refusedForm.headers['retry-after'])).toBeGreaterThan(0);
    expect(refusedForm.body).toContain('Votre avis n’a pas été envoyé.');
    expect(refusedForm.body).toMatch(/Réessayez dans \d+\u00a0minutes?\./);
    expect((await post({ id: uuidv7(), satisfaction: 'good' }, client)).statusCode).toBe(429);
    expect(
      readDatabase(config.databasePath, (db) =>
        db.prepare('SELECT count(*) AS n FROM submissions WHERE satisfaction = ?').get('bad'),
      ),
    ).toEqual({ n: 0 });
    expect(
      readDatabase(config.databasePath, (db) =>
        db.prepare('SELECT count(*) AS n FROM submissions').get(),
      ),
    ).toEqual({ n: 3 });
  });

  it('counts no refused answer: one from an origin not allowed uses up nothing', async () => {
    const { post } = await limited();
    const client = from('198.51.100.7');
    const elsewhere = { headers: { ...client.headers, origin: 'https://evil.example' } };
    expect((await post({ id: uuidv7(), satisfaction: 'good' }, elsewhere)).statusCode).toBe(403);
    for (let i = 0; i < 3; i++)
      expect((await post({ id: uuidv7(), satisfaction: 'good' }, client)).statusCode).toBe(201);
    expect((await post({ id: uuidv7(), satisfaction: 'good' }, client)).statusCode).toBe(429);
  });

  it('counts each client and each procedure apart', async () => {
    const { post, store } = await limited();
    for (let i = 0; i < 3; i++)
      await post({ id: uuidv7(), satisfaction: 'good' }, from('198.51.100.1'));
    expect(
      (await post({ id: uuidv7(), satisfaction: 'good' }, from('198.51.100.2'))).statusCode,
    ).toBe(201);
    const other = await store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
    expect(
      (
        await post(
          { id: uuidv7(), satisfaction: 'good' },
          { key: other.key, ...from('198.51.100.1') },
        )
      ).statusCode,
    ).toBe(201);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    const { post } = await startTestApp({ RATE_LIMIT_PER_HOUR: '2' });
    await post({ id: uuidv7(), satisfaction: 'good' }, from('198.51.100.1'));
    await post({ id: uuidv7(), satisfaction: 'good' }, from('198.51.100.2'));
    // A client cannot dodge the limit by inventing addresses.
    expect(
      (await post({ id: uuidv7(), satisfaction: 'good' }, from('198.51.100.3'))).statusCode,
    ).toBe(429);
  });
});

describe('bots', () => {
  it('are dropped with a 202 and counted in /metrics, apart from stored answers', async () => {
    const { post, app } = await startTestApp({ METRICS_TOKEN: metricsToken });
    await post({ id: uuidv7(), satisfaction: 'good', website: 'https://spam.example' });
    await post({ id: uuidv7(), satisfaction: 'good', elapsedMs: 300 });
    await post({ id: uuidv7(), satisfaction: 'good', elapsedMs: 9000 });
    const metrics = (await scrapeMetrics(app)).body;
    expect(metrics).toContain('avis_bots_dropped_total 2');
    expect(metrics).toContain('avis_submissions_stored_total{outcome="created"} 1');
    expect(metrics).toContain(
      'avis_http_requests_total{method="POST",route="/api/v1/procedures/:key/feedback",status="202"} 2',
    );
    expect(metrics).toMatch(/avis_database_bytes [1-9]\d+/);
  });
});

describe('retention', () => {
  it('a purged comment leaves none of its words in the term counts nor in the search index’s pages', async () => {
    const { post, store, clock, config } = await startTestApp({ RETENTION_MONTHS: '12' });
    const comment = 'Madame Zorglubienne habite rue Quelconquissime';
    await post({ id: uuidv7(), satisfaction: 'bad', comment });
    await post({ id: uuidv7(), satisfaction: 'good', comment: 'Très bien, merci' });
    // The words' ends: FTS5 writes a word after the letters it shares with the one before.
    const traces = () =>
      readDatabase(config.databasePath, (db) => ({
        index: (db.prepare('SELECT block FROM comment_search_data').all() as { block: Buffer }[])
          .map((row) => Buffer.from(row.block).toString('latin1'))
          .filter((block) => /onquissime|lubienne/.test(block)).length,
        terms: ['term_totals', 'term_days', 'term_months'].flatMap((table) =>
          db
            .prepare(
              `SELECT term FROM ${table} WHERE term LIKE '%zorglub%' OR term LIKE '%quelconq%'`,
            )
            .all(),
        ).length,
      }));
    await countQueuedTerms(store, { limit: 10_000 });
    expect(traces().index).toBeGreaterThan(0);
    expect(traces().terms).toBeGreaterThan(0);
    clock.advance(13 * month);
    await purgeExpiredTexts(store, clock.now(), 12);
    await countQueuedTerms(store, { limit: 10_000 });
    expect(traces()).toEqual({ index: 0, terms: 0 });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('the server deletes expired comments at start and every day; ratings and counts stay', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { post, store, clock, app, procedure } = await startTestApp({ RETENTION_MONTHS: '12' });
    const old = uuidv7();
    await post({
      id: old,
      satisfaction: 'bad',
      help: ['other'],
      helpOther: 'un ami',
      comment: 'Trop long',
    });
    clock.advance(6 * month);
    const recent = uuidv7();
    await post({ id: recent, satisfaction: 'good', comment: 'Parfait' });
    await app.ready();

    clock.advance(6 * month + 2 * 24 * 60 * 60 * 1000); // the first is now 12 months and 2 days old
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);

    expect((await store.findSubmission(old))?.answer).toEqual({
      satisfaction: 'bad',
      help: ['other'],
    });
    expect((await store.findSubmission(recent))?.answer.comment).toBe('Parfait');
    const totals = await store.sumRollups({
      procedureKey: procedure.key,
      fromDay: '2026-01-01',
      toDay: '2027-12-31',
    });
    expect(totals).toMatchObject({ answers: 2, satisfaction_bad: 1, comments: 2 });
  });

  it('npm run cli -- purge does the same by hand', async () => {
    const config = testConfig({ RETENTION_MONTHS: '1' });
    const store = openSqliteStore({ path: config.databasePath });
    const clock = new TestClock(new Date(Date.now() - 3 * month));
    const app = await buildApp({ config, store, widgetDir, now: clock.now });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const id = uuidv7();
    await app.inject({
      method: 'POST',
      url: `/api/v1/procedures/${key}/feedback`,
      payload: { id, satisfaction: 'medium', comment: 'Bof' },
    });
    await app.close();
    await store.close();

    const out: string[] = [];
    const code = await runCli(['purge'], config, { out: (t) => out.push(t), err: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({ purged: 1, retentionMonths: 1 });
    expect(
      readDatabase(config.databasePath, (db) =>
        db.prepare('SELECT satisfaction, comment FROM submissions').get(),
      ),
    ).toEqual({
      satisfaction: 'medium',
      comment: null,
    });
  });
});

describe('security headers', () => {
  it('every API answer forbids sniffing, framing and referrers', async () => {
    const { post } = await startTestApp();
    const response = await post({ id: uuidv7(), satisfaction: 'good' });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('the widget may be loaded by any site, without cookies', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({ url: '/widget.js' });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
