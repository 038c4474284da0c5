import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWork } from '../../server/src/auth/passwords.ts';
import { metricsToken } from '../fixtures/scrape-metrics.ts';
import { startServerProcess } from '../fixtures/server-process.ts';
import { startTestApp, temporaryDirectory, uuidv7 } from '../helpers.ts';

const token = metricsToken;
const scraper = { authorization: `Bearer ${token}` };
const scrape = (app: FastifyInstance, headers: Record<string, string> = scraper) =>
  app.inject({ url: '/metrics', headers });

type Sample = { name: string; labels: Record<string, string>; value: number };
type Family = { type: string; help: string; samples: Sample[] };

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const sampleLine =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)(?: -?\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g;
// Go's ParseFloat, which Prometheus uses: NaN and Inf in any case (prom-client writes `Nan`).
const floatValue = /^(?:[+-]?(?:inf|infinity)|nan|[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i;
const float = (text: string) =>
  /^nan$/i.test(text) ? Number.NaN : Number(text.replace(/inf(inity)?$/i, 'Infinity'));

/**
 * Reads Prometheus text exposition format 0.0.4 as a scraper does, and throws on what a scraper
 * would refuse: a malformed line or value, a family without HELP and TYPE first or split in two,
 * a sample of no declared family, a histogram whose buckets do not add up to its count.
 * (No Prometheus parser is among the project's packages; the format is small.)
 */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: { name: string; family: Family } | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (comment) {
      const [, keyword, name, rest] = comment as unknown as [string, string, string, string];
      expect(name, line).toMatch(metricName);
      if (current?.name !== name) {
        expect(families.has(name), `${name} declared twice`).toBe(false);
        current = { name, family: { type: '', help: '', samples: [] } };
        families.set(name, current.family);
      }
      if (keyword === 'TYPE') {
        expect(rest, line).toMatch(/^(counter|gauge|histogram|summary|untyped)$/);
        current.family.type = rest;
      } else {
        current.family.help = rest;
      }
      continue;
    }
    expect(line.startsWith('#'), `unknown comment: ${line}`).toBe(false);
    const sample = sampleLine.exec(line);
    expect(sample, `malformed sample: ${line}`).not.toBeNull();
    const [, name, labelText = '', value] = sample as unknown as [string, string, string, string];
    expect(value, line).toMatch(floatValue);
    expect(current, `sample before any HELP/TYPE: ${line}`).toBeDefined();
    const family = current as { name: string; family: Family };
    const suffixes = family.family.type === 'histogram' ? ['_bucket', '_sum', '_count'] : [''];
    expect(
      suffixes.map((suffix) => family.name + suffix),
      `${name} is not of the family ${family.name}`,
    ).toContain(name);
    const labels = Object.fromEntries([...labelText.matchAll(labelPair)].map((m) => [m[1], m[2]]));
    family.family.samples.push({ name, labels, value: float(value) });
  }
  for (const [name, family] of families) {
    expect(family.type, `${name} has no TYPE`).not.toBe('');
    expect(family.help, `${name} has no HELP`).not.toBe('');
    if (family.type === 'histogram') checkHistogram(name, family.samples);
  }
  return families;
}

/** Per label set: cumulative buckets in increasing `le`, the last +Inf, equal to `_count`. */
function checkHistogram(name: string, samples: Sample[]) {
  const series = new Map<string, { buckets: Sample[]; count?: number }>();
  for (const sample of samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(rest);
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) entry.buckets.push(sample);
    if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    const where = `${name}${key}`;
    expect(buckets.at(-1)?.labels.le, where).toBe('+Inf');
    expect(buckets.at(-1)?.value, where).toBe(count);
    for (let i = 1; i < buckets.length; i++) {
      const [before, after] = [buckets[i - 1] as Sample, buckets[i] as Sample];
      expect(float(after.labels.le ?? ''), where).toBeGreaterThan(float(before.labels.le ?? ''));
      expect(after.value, where).toBeGreaterThanOrEqual(before.value);
    }
  }
}

/** The value of the one sample named `name` whose labels include `labels`. */
function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
) {
  const family = families.get(name.replace(/_(bucket|sum|count)$/, '')) ?? families.get(name);
  const matching = (family?.samples ?? []).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  expect(matching, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return (matching[0] as Sample).value;
}

describe('GET /metrics', () => {
  it('after answers, holds their durations by route, the group commits and the process figures, as valid Prometheus text', async () => {
    const { app, post } = await startTestApp({
      RATE_LIMIT_PER_HOUR: '1000',
      METRICS_TOKEN: token,
    });
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => post({ id: uuidv7(), satisfaction: 'good' })),
    );
    expect(statuses.every((response) => response.statusCode === 201)).toBe(true);
    expect((await post({ id: 'not-a-uuid', satisfaction: 'good' })).statusCode).toBe(400);

    const response = await scrape(app);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(response.body);

    const route = { method: 'POST', route: '/api/v1/procedures/:key/feedback' };
    expect(families.get('avis_http_request_duration_seconds')?.type).toBe('histogram');
    const created = { ...route, status: '201' };
    expect(sampleValue(families, 'avis_http_request_duration_seconds_count', created)).toBe(20);
    expect(
      sampleValue(families, 'avis_http_request_duration_seconds_sum', created),
    ).toBeGreaterThan(0);
    const refused = { ...route, status: '400' };
    expect(sampleValue(families, 'avis_http_request_duration_seconds_count', refused)).toBe(1);

    // Every stored answer went through exactly one committed transaction.
    const commits = sampleValue(families, 'avis_group_commit_answers_count');
    expect(commits).toBeGreaterThan(0);
    expect(sampleValue(families, 'avis_group_commit_answers_sum')).toBe(20);
    expect(sampleValue(families, 'avis_group_commit_duration_seconds_count')).toBe(commits);
    expect(sampleValue(families, 'avis_group_commit_duration_seconds_sum')).toBeGreaterThan(0);
    expect(families.get('avis_term_changes_waiting')?.type).toBe('gauge');

    // prom-client's default metrics: the process and the Node.js runtime.
    expect(sampleValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(10e6);
    expect(sampleValue(families, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    expect(families.get('nodejs_gc_duration_seconds')?.type).toBe('histogram');
    expect(families.get('nodejs_heap_size_used_bytes')?.type).toBe('gauge');
  });

  it('each app counts its own requests, and each shows the process figures', async () => {
    const first = await startTestApp({ METRICS_TOKEN: token });
    const second = await startTestApp({ METRICS_TOKEN: token });
    await first.app.inject({ url: '/healthz' });
    const read = async ({ app }: { app: FastifyInstance }) =>
      parseExposition((await scrape(app)).body);
    const [one, two] = [await read(first), await read(second)];
    const healthz = { method: 'GET', route: '/healthz', status: '200' };
    expect(sampleValue(one, 'avis_http_requests_total', healthz)).toBe(1);
    expect(two.get('avis_http_requests_total')?.samples).toEqual([]);
    for (const families of [one, two]) {
      expect(sampleValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    }
  });
});

describe('the password hashing queue in /metrics', () => {
  it('shows the hashes running and waiting per lane, those started and those turned away', async () => {
    const { app } = await startTestApp({ METRICS_TOKEN: token });
    const before = passwordWork();
    // New passwords: one runs in the account lane, four wait, the sixth is turned away at once.
    const hashes = Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => hashPassword(`une phrase de passe assez longue ${i}`)),
    );
    // Scraped while the first hash runs (~0.35 s; a scrape takes milliseconds).
    const during = parseExposition((await scrape(app)).body);
    const account = { lane: 'account' };
    const signIn = { lane: 'sign-in' };
    expect(during.get('avis_password_hashes_running')?.type).toBe('gauge');
    expect(sampleValue(during, 'avis_password_hashes_running', account)).toBe(1);
    expect(sampleValue(during, 'avis_password_hashes_waiting', account)).toBe(4);
    expect(sampleValue(during, 'avis_password_hashes_running', signIn)).toBe(0);
    expect(sampleValue(during, 'avis_password_hashes_waiting', signIn)).toBe(0);
    expect(during.get('avis_password_hashes_refused_total')?.type).toBe('counter');
    expect(
      sampleValue(during, 'avis_password_hashes_refused_total', {
        lane: 'account',
        reason: 'line-full',
      }),
    ).toBe(before.refused.account['line-full'] + 1);

    await hashes;
    const after = parseExposition((await scrape(app)).body);
    expect(sampleValue(after, 'avis_password_hashes_total')).toBe(before.started + 5);
    expect(sampleValue(after, 'avis_password_hashes_running', account)).toBe(0);
    expect(sampleValue(after, 'avis_password_hashes_waiting', account)).toBe(0);
    expect(
      sampleValue(after, 'avis_password_hashes_refused_total', {
        lane: 'sign-in',
        reason: 'waited-too-long',
      }),
    ).toBe(before.refused['sign-in']['waited-too-long']);
  });
});

describe('who may read /metrics', () => {
  it('nobody on the service’s port when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const { app } = await startTestApp();
    const response = await scrape(app, {});
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).not.toContain('avis_');
  });

  it('with METRICS_TOKEN, only a scraper that sends it as a bearer token', async () => {
    const { app } = await startTestApp({ METRICS_TOKEN: token });
    const refusals: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token.slice(0, -1)}x` },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${Buffer.from(`prometheus:${token}`).toString('base64')}` },
      { authorization: token },
    ];
    for (const headers of refusals) {
      const refused = await scrape(app, headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).not.toContain('avis_');
    }
    const allowed = await scrape(app);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('# TYPE avis_http_requests_total counter');
  });

  it('with METRICS_PORT, the metrics server answers it and the service’s port does not', async () => {
    const { app } = await startTestApp({ METRICS_PORT: '9464' });
    expect((await scrape(app, {})).statusCode).toBe(404);
    const metricsApp = app.metricsApp as FastifyInstance;
    const scraped = await scrape(metricsApp, {});
    expect(scraped.statusCode).toBe(200);
    expect(parseExposition(scraped.body).get('avis_http_requests_total')?.type).toBe('counter');
    // It serves nothing else: the API stays on the service's port.
    expect((await metricsApp.inject({ url: '/healthz' })).statusCode).toBe(404);
  });

  it('with METRICS_PORT and METRICS_TOKEN, the metrics port asks for the token too', async () => {
    const { app } = await startTestApp({ METRICS_PORT: '9464', METRICS_TOKEN: token });
    const metricsApp = app.metricsApp as FastifyInstance;
    expect((await scrape(metricsApp, {})).statusCode).toBe(401);
    expect((await scrape(metricsApp)).statusCode).toBe(200);
    expect((await scrape(app)).statusCode).toBe(404);
  });

  it('the server process listens on METRICS_PORT for /metrics, and its own port answers 404', async () => {
    const { child, url, output } = await startServerProcess({
      DATABASE_PATH: `${temporaryDirectory()}/avis.sqlite`,
      METRICS_PORT: '0',
    });
    try {
      let metricsUrl: string | undefined;
      for (let i = 0; i < 100 && !metricsUrl; i++) {
        metricsUrl = /metrics served at (http:\/\/\S+\/metrics)/.exec(output())?.[1];
        if (!metricsUrl) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(metricsUrl, output()).toBeDefined();
      const scraped = await fetch(metricsUrl as string);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('process_resident_memory_bytes');
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
