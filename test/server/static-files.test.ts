import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptedEncoding } from '../../server/src/http/compression.ts';
import { startTestApp } from '../helpers.ts';

/** The dashboard build that test/global-setup.ts made. */
const dashboardDir = resolve('dist/dashboard');
const built = readdirSync(dashboardDir);
const script = built.find((file) => /^app\.\w+\.js$/.test(file)) as string;
const stylesheet = built.find((file) => /^app\.\w+\.css$/.test(file)) as string;
const chart = built.find((file) => /^chart\.\w+\.js$/.test(file)) as string;
const procedurePage = built.find((file) => /^procedure\.\w+\.js$/.test(file)) as string;
const browser = 'gzip, deflate, br, zstd';
const yearImmutable = 'public, max-age=31536000, immutable';

describe('the dashboard’s built files', () => {
  it.each([
    ['script', script],
    ['stylesheet', stylesheet],
  ])(
    'sends its %s brotli-compressed, cached a year, and gzip to a client without brotli',
    async (_, file) => {
      const { app } = await startTestApp();
      const original = readFileSync(join(dashboardDir, file));
      const brotli = await app.inject({
        url: `/dashboard/${file}`,
        headers: { 'accept-encoding': browser },
      });
      expect(brotli.statusCode).toBe(200);
      expect(brotli.headers['content-encoding']).toBe('br');
      expect(brotli.headers['cache-control']).toBe(yearImmutable);
      expect(brotli.headers.vary).toMatch(/accept-encoding/i);
      expect(brotli.headers['content-type']).toMatch(file.endsWith('.js') ? /javascript/ : /css/);
      expect(brotliDecompressSync(brotli.rawPayload).equals(original)).toBe(true);
      expect(brotli.rawPayload.length).toBeLessThan(original.length / 2);

      const gzip = await app.inject({
        url: `/dashboard/${file}`,
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers['cache-control']).toBe(yearImmutable);
      expect(gunzipSync(gzip.rawPayload).equals(original)).toBe(true);

      const plain = await app.inject({ url: `/dashboard/${file}` });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.equals(original)).toBe(true);
    },
  );

  it('caches fonts a year too, and sends them as they are (WOFF2 is compressed already)', async () => {
    const { app } = await startTestApp();
    const font = readdirSync(join(dashboardDir, 'assets')).find((file) => file.endsWith('.woff2'));
    const response = await app.inject({
      url: `/dashboard/assets/${font}`,
      headers: { 'accept-encoding': browser },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe(yearImmutable);
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('never serves the compressed copies or the pages under their own names', async () => {
    const { app } = await startTestApp();
    for (const url of [`/dashboard/${script}.br`, '/dashboard/index.html']) {
      expect((await app.inject({ url })).statusCode).toBe(404);
    }
  });
});

describe('the dashboard’s pages', () => {
  it('sends the log-in page, compressed and never cached unchecked, to a browser without a session', async () => {
    const { app } = await startTestApp();
    for (const url of ['/dashboard/', '/dashboard/procedures/abc']) {
      const response = await app.inject({ url, headers: { 'accept-encoding': browser } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers.vary).toMatch(/cookie/i);
      const html = brotliDecompressSync(response.rawPayload).toString();
      expect(html).toContain('data-signed-out');
      expect(html).toContain(`/dashboard/${script}`);
      expect(html).toContain(`/dashboard/${stylesheet}`);
      expect(html).not.toContain(chart);
      expect(html).not.toContain(procedurePage);
    }
  });

  it('answers a page asked again unchanged with a 304, and each kind of page with its own tag', async () => {
    const { app } = await startTestApp();
    const first = await app.inject({ url: '/dashboard/' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ url: '/dashboard/', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    const signedIn = await app.inject({
      url: '/dashboard/',
      headers: { 'if-none-match': etag, cookie: '__Host-session=whoever' },
    });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers.etag).not.toBe(etag);
  });

  it('has every page fetch the three Marianne faces it draws with as soon as it is read', async () => {
    const { app } = await startTestApp();
    const html = (await app.inject({ url: '/dashboard/' })).body;
    const fonts = [
      ...html.matchAll(/<link rel="preload" href="([^"]+)" as="font"[^>]*crossorigin>/g),
    ];
    expect(fonts.map(([, href]) => /Marianne-(\w+)\./.exec(href as string)?.[1])).toEqual([
      'Regular',
      'Medium',
      'Bold',
    ]);
    for (const [, href] of fonts) {
      expect((await app.inject({ url: href as string })).statusCode).toBe(200);
    }
  });

  it('has a procedure’s page fetch that page’s code along with the app, and no other page', async () => {
    const { app } = await startTestApp();
    const cookie = '__Host-session=whoever';
    // Each part of it has its own address, which a link or a reload opens (procedure-tabs.ts).
    for (const url of [
      '/dashboard/procedures/abc',
      '/dashboard/procedures/abc/usagers?from=2026-10-01&to=2026-10-31',
    ]) {
      const procedure = await app.inject({ url, headers: { cookie } });
      expect(procedure.headers['cache-control']).toBe('no-cache');
      expect(procedure.body).toContain(
        `<link rel="modulepreload" href="/dashboard/${procedurePage}">`,
      );
      expect(procedure.body).not.toContain('data-signed-out');
      // chart.js is fetched when the chart is scrolled to (test/browser/dashboard.test.ts).
      expect(procedure.body).not.toContain(chart);
    }
    const list = await app.inject({ url: '/dashboard/', headers: { cookie } });
    expect(list.body).toContain(`/dashboard/${script}`);
    expect(list.body).not.toContain(procedurePage);
    expect(list.body).not.toContain('data-signed-out');
  });
});

describe('server-rendered pages', () => {
  it('sends the hosted questionnaire brotli- or gzip-compressed, as asked', async () => {
    const { app, procedure } = await startTestApp();
    const url = `/p/${procedure.key}`;
    const plain = await app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const brotli = await app.inject({ url, headers: { 'accept-encoding': browser } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    // The form carries a fresh submission id each time: compare what is around it.
    const text = brotliDecompressSync(brotli.rawPayload).toString();
    const withoutIds = (html: string) => html.replace(/value="[0-9a-f-]{36}"|value="\d+"/g, '');
    expect(withoutIds(text)).toBe(withoutIds(plain.body));
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(withoutIds(gunzipSync(gzip.rawPayload).toString())).toBe(withoutIds(plain.body));
  });

  it('sends a page under 1 KB as it is: compressing it would save less than saying so costs', async () => {
    const { app, procedure } = await startTestApp();
    const response = await app.inject({
      url: `/p/${procedure.key}/merci`,
      headers: { 'accept-encoding': browser },
    });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
  });

  it('leaves the answer route alone: its replies are too small to gain, and it is benchmarked', async () => {
    const { post } = await startTestApp();
    const response = await post(
      {
        id: '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
        satisfaction: 'good',
        comment: 'x'.repeat(4000),
      },
      { headers: { 'accept-encoding': browser } },
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(String(response.headers.vary ?? '')).not.toMatch(/accept-encoding/i);
  });
});

describe('acceptedEncoding', () => {
  it('prefers brotli, then gzip, and honours a refusal', () => {
    expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(acceptedEncoding('gzip')).toBe('gzip');
    expect(acceptedEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(acceptedEncoding('*')).toBe('br');
    expect(acceptedEncoding('identity')).toBeUndefined();
    expect(acceptedEncoding(undefined)).toBeUndefined();
  });
});
