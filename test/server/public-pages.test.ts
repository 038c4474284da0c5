import { createHash } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readWidgetManifest } from '../../server/src/pages/widget-manifest.ts';
import { checkHtml, javaAvailable } from '../fixtures/html-validator.ts';
import { readDatabase, startTestApp, widgetDir } from '../helpers.ts';

const manifest = readWidgetManifest(widgetDir);
if (!manifest) throw new Error('the widget is not built');

describe('widget files', () => {
  it('serves the versioned widget for a year, matching its published SRI hash', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({ url: `/${manifest.file}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
    });
    expect(response.headers['set-cookie']).toBeUndefined();
    const digest = createHash('sha384').update(response.rawPayload).digest('base64');
    expect(`sha384-${digest}`).toBe(manifest.integrity);
  });

  it('serves /widget.js as the latest build with a short cache', async () => {
    const { app } = await startTestApp();
    const latest = await app.inject({ url: '/widget.js' });
    const versioned = await app.inject({ url: `/${manifest.file}` });
    expect(latest.headers['cache-control']).toBe('public, max-age=300');
    expect(latest.body).toBe(versioned.body);
  });

  it('sends it brotli-compressed to browsers that accept it, and answers revalidation with 304', async () => {
    const { app } = await startTestApp();
    const plain = await app.inject({ url: '/widget.js' });
    const compressed = await app.inject({
      url: '/widget.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(compressed.rawPayload).equals(plain.rawPayload)).toBe(true);
    const again = await app.inject({
      url: '/widget.js',
      headers: { 'if-none-match': String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('never sends an encoding the browser refuses (`q=0`)', async () => {
    const { app } = await startTestApp();
    const refused = await app.inject({
      url: '/widget.js',
      headers: { 'accept-encoding': 'br;q=0, gzip' },
    });
    expect(refused.headers['content-encoding']).toBe('gzip');
  });
});

describe('hosted page /p/{key}', () => {
  it('renders the questionnaire as a plain form, under a strict CSP', async () => {
    const { app, procedure } = await startTestApp();
    const response = await app.inject({ url: `/p/${procedure.key}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.body).toContain(`<form method="post" action="/p/${procedure.key}"`);
    expect(response.body).toContain('De façon générale, comment ça s');
    expect(response.body).toContain(`integrity="${manifest.integrity}"`);
  });

  it('escapes what it shows, so a procedure name can never become markup', async () => {
    const { app, store } = await startTestApp();
    const { key } = await store.createProcedure({
      name: '<script>alert(1)</script>',
      allowedOrigins: [],
    });
    const body = (await app.inject({ url: `/p/${key}` })).body;
    expect(body).not.toContain('<script>alert(1)</script>');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('stores a posted form and redirects to the thank-you page with a 303', async () => {
    const { app, procedure, clock, config } = await startTestApp();
    const form = new URLSearchParams({
      id: '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
      shownAt: String(clock.current.getTime() - 20_000),
      satisfaction: 'bad',
      clarity: '2',
      comment: '  Trop long  ',
      website: '',
    });
    form.append('help', 'relative');
    const response = await app.inject({
      method: 'POST',
      url: `/p/${procedure.key}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/p/${procedure.key}/merci`);
    const rows = readDatabase(config.databasePath, (db) =>
      db.prepare('SELECT satisfaction, clarity, help, reached, comment FROM submissions').all(),
    );
    expect(rows).toEqual([
      { satisfaction: 'bad', clarity: 2, help: 'relative', reached: null, comment: 'Trop long' },
    ]);
  });

  it('shows the form again, with the message beside the field, when satisfaction is missing', async () => {
    const { app, procedure, config } = await startTestApp();
    const response = await app.inject({
      method: 'POST',
      url: `/p/${procedure.key}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'comment=Bonjour&clarity=3',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="satisfaction-error"');
    expect(response.body).toContain('>Bonjour</textarea>'); // what was typed is kept
    expect(response.body).toMatch(/value="3" checked/);
    expect(
      readDatabase(config.databasePath, (db) =>
        db.prepare('SELECT count(*) AS n FROM submissions').get(),
      ),
    ).toEqual({ n: 0 });
  });

  /** The hidden fields a page carries, as a browser would post them again. */
  const carried = (page: string) =>
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
      ([, name, value]) => [name as string, (value as string).replace(/&#39;/g, "'")],
    );
  const names = (page: string, prefix: string) => [
    ...new Set([...page.matchAll(new RegExp(`name="(${prefix}[^"]+)"`, 'g'))].map((m) => m[1])),
  ];

  it('asks 3b on a second page for exactly the channels ticked, then 3c for those reached, under one id', async () => {
    const { app, procedure, clock, store } = await startTestApp();
    const id = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
    const postForm = (fields: string[][]) =>
      app.inject({
        method: 'POST',
        url: `/p/${procedure.key}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const first = await postForm([
      ['id', id],
      ['shownAt', String(clock.current.getTime() - 20_000)],
      ['satisfaction', 'medium'],
      ['help', 'chat'],
      ['help', 'relative'],
      ['help', 'counter'],
      ['comment', "L'accueil"],
    ]);
    expect(first.statusCode).toBe(200);
    // Stored at once: a person who closes the page here has given steps 1 to 3a.
    expect((await store.findSubmission(id))?.answer).toEqual({
      satisfaction: 'medium',
      help: ['chat', 'relative', 'counter'],
      comment: "L'accueil",
      lang: 'fr',
    });
    expect(first.body).toContain('Quand vous avez cherché de l’aide');
    expect(names(first.body, 'reached')).toEqual(['reached.counter', 'reached.chat']);
    expect(first.body).not.toContain('name="satisfaction" value="bad"'); // no first page again
    expect(first.body).not.toContain('<script'); // the widget would drop the answers carried

    const second = await postForm([
      ...carried(first.body),
      ['reached.counter', 'yes'],
      ['reached.chat', 'no'],
    ]);
    expect(second.statusCode).toBe(200);
    expect(names(second.body, 'helpQuality')).toEqual(['helpQuality.counter']);
    expect(second.body).toContain('Ni bonne, ni mauvaise');
    expect((await store.findSubmission(id))?.answer.reached).toEqual({
      counter: true,
      chat: false,
    });

    const third = await postForm([...carried(second.body), ['helpQuality.counter', '5']]);
    expect(third.statusCode).toBe(303);
    expect(third.headers.location).toBe(`/p/${procedure.key}/merci`);
    expect((await store.findSubmission(id))?.answer).toEqual({
      satisfaction: 'medium',
      help: ['chat', 'relative', 'counter'],
      reached: { counter: true, chat: false },
      helpQuality: { counter: 5 },
      comment: "L'accueil",
      lang: 'fr',
    });
  });

  it('thanks at once when no administration channel was ticked, or none reached', async () => {
    const { app, procedure, clock } = await startTestApp();
    const shownAt = String(clock.current.getTime() - 20_000);
    const none = await app.inject({
      method: 'POST',
      url: `/p/${procedure.key}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `shownAt=${shownAt}&satisfaction=good&help=websites`,
    });
    expect(none.statusCode).toBe(303);
    const unreached = await app.inject({
      method: 'POST',
      url: `/p/${procedure.key}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `step=reached&shownAt=${shownAt}&satisfaction=good&help=phone&reached.phone=no`,
    });
    expect(unreached.statusCode).toBe(303);
  });

  it.each([
    ['a channel not ticked', 'help=relative&reached.phone=yes', 'reached.phone'],
    [
      'a quality for a channel not reached',
      'help=phone&reached.phone=no&helpQuality.phone=4',
      'helpQuality.phone',
    ],
    ['neither yes nor no', 'help=phone&reached.phone=maybe', 'reached'], // as the API: neither shape of the union
    [
      'a quality off the scale',
      'help=phone&reached.phone=yes&helpQuality.phone=9',
      'helpQuality.phone',
    ],
    ['an unknown channel', 'help=phone&reached.fax=yes', 'reached'],
  ])('refuses %s with its field path, and stores nothing', async (_, fields, path) => {
    const { app, procedure, clock, config } = await startTestApp();
    const response = await app.inject({
      method: 'POST',
      url: `/p/${procedure.key}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `step=reached&shownAt=${clock.current.getTime() - 20_000}&satisfaction=good&${fields}`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`<a href="#${path}-first">`);
    expect(
      readDatabase(config.databasePath, (db) =>
        db.prepare('SELECT count(*) AS n FROM submissions').get(),
      ),
    ).toEqual({ n: 0 });
  });

  it.skipIf(!javaAvailable)(
    'keeps every page of the questionnaire valid HTML for the W3C checker',
    async () => {
      const { app, procedure, clock } = await startTestApp();
      const post = async (payload: string) =>
        (
          await app.inject({
            method: 'POST',
            url: `/p/${procedure.key}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload,
          })
        ).body;
      const shownAt = `shownAt=${clock.current.getTime() - 20_000}`;
      const pages = {
        questions: (await app.inject({ url: `/p/${procedure.key}` })).body,
        error: await post('comment=Bonjour'),
        reached: await post(`${shownAt}&satisfaction=good&help=phone&help=chat&help=other`),
        reachedError: await post(
          `step=reached&${shownAt}&satisfaction=good&help=phone&reached.phone=maybe`,
        ),
        quality: await post(
          `step=reached&${shownAt}&satisfaction=good&help=phone&reached.phone=yes`,
        ),
      };
      expect(pages.quality).toContain('name="helpQuality.phone"');
      expect(checkHtml(pages)).toEqual(Object.fromEntries(Object.keys(pages).map((p) => [p, []])));
    },
  );

  it('answers an unknown procedure with a 404 page', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({ url: '/p/nothere' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
