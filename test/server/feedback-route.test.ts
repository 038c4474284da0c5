import { describe, expect, it } from 'vitest';
import { readDatabase, startTestApp, uuidv7 } from '../helpers.ts';

const day = 24 * 60 * 60 * 1000;

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

function countSubmissions(path: string): number {
  return readDatabase(
    path,
    (db) => (db.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n,
  );
}

describe('POST /api/v1/procedures/{key}/feedback', () => {
  it('stores a first answer on disk and answers 201 created', async () => {
    const { post, config } = await startTestApp();
    const id = uuidv7();
    const response = await post({ id, satisfaction: 'good', elapsedMs: 4200 });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id, status: 'created' });
    const row = readDatabase(config.databasePath, (db) =>
      db.prepare('SELECT satisfaction, day FROM submissions WHERE id = ?').get(id),
    );
    expect(row).toEqual({ satisfaction: 'good', day: '2026-03-10' });
  });

  it('accepts the text/plain body the widget sends to avoid a CORS preflight', async () => {
    const { post } = await startTestApp();
    const response = await post(JSON.stringify({ id: uuidv7(), satisfaction: 'bad' }), {
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('accepts a full answer with every optional question', async () => {
    const { post, store } = await startTestApp();
    const answer = {
      id: uuidv7(),
      satisfaction: 'medium',
      clarity: 4,
      help: ['phone', 'other'],
      helpOther: 'Mon fils',
      reached: true,
      helpQuality: 2,
      comment: 'Le formulaire était long.',
      lang: 'fr',
      source: 'confirmation',
      elapsedMs: 30_000,
      website: '',
    };
    expect((await post(answer)).statusCode).toBe(201);
    const saved = await store.findSubmission(answer.id);
    const { id, elapsedMs, website, ...kept } = answer;
    expect(saved?.answer).toEqual(kept);
  });

  it('accepts reached and helpQuality per administration channel, and keeps them', async () => {
    const { post, store } = await startTestApp();
    const answer = {
      id: uuidv7(),
      satisfaction: 'good',
      help: ['phone', 'counter', 'relative'],
      reached: { phone: false, counter: true },
      helpQuality: { counter: 4 },
    };
    expect((await post(answer)).statusCode).toBe(201);
    const { id, ...kept } = answer;
    expect((await store.findSubmission(id))?.answer).toEqual(kept);
  });

  it('replaces a submission’s per-channel answers as a whole when it is re-sent', async () => {
    const { post, store, procedure } = await startTestApp();
    const id = uuidv7();
    const help = ['phone', 'counter', 'chat'];
    const first = { id, satisfaction: 'good', help, reached: { phone: true, counter: true } };
    expect((await post({ ...first, helpQuality: { phone: 2, counter: 5 } })).statusCode).toBe(201);
    // A later step: the phone now answered «Non», the counter dropped, the chat added.
    const later = { id, satisfaction: 'good', help, reached: { phone: false, chat: true } };
    expect((await post({ ...later, helpQuality: { chat: 3 } })).statusCode).toBe(200);
    expect((await store.findSubmission(id))?.answer).toEqual({
      satisfaction: 'good',
      help,
      reached: { phone: false, chat: true },
      helpQuality: { chat: 3 },
    });
    const totals = await store.sumRollups({
      procedureKey: procedure.key,
      fromDay: '2000-01-01',
      toDay: '2100-01-01',
    });
    const counted = Object.entries(totals).filter(
      ([name, n]) => /^(reached|help_quality)_/.test(name) && n !== 0,
    );
    expect(Object.fromEntries(counted)).toEqual({
      reached_phone_no: 1,
      reached_chat_yes: 1,
      help_quality_chat_3: 1,
    });
  });

  it('replaces the answers of the same id within 24 hours: one submission, 200 updated', async () => {
    const { post, clock, config, store } = await startTestApp();
    const id = uuidv7();
    expect((await post({ id, satisfaction: 'bad' })).statusCode).toBe(201);
    clock.advance(day - 1000);
    const second = await post({ id, satisfaction: 'bad', clarity: 2, comment: 'Trop compliqué' });

    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ id, status: 'updated' });
    expect(countSubmissions(config.databasePath)).toBe(1);
    expect((await store.findSubmission(id))?.answer).toEqual({
      satisfaction: 'bad',
      clarity: 2,
      comment: 'Trop compliqué',
    });
  });

  it('counts a replayed identical answer once', async () => {
    const { post, config, store, procedure } = await startTestApp();
    const answer = { id: uuidv7(), satisfaction: 'good' };
    await post(answer);
    await post(answer);
    await post(answer);
    expect(countSubmissions(config.databasePath)).toBe(1);
    const totals = await store.sumRollups({
      procedureKey: procedure.key,
      fromDay: '2026-03-10',
      toDay: '2026-03-10',
    });
    expect(totals.answers).toBe(1);
    expect(totals.satisfaction_good).toBe(1);
  });

  it('refuses an id re-sent after 24 hours with 409, keeping the first answer', async () => {
    const { post, clock, store } = await startTestApp();
    const id = uuidv7();
    await post({ id, satisfaction: 'good' });
    clock.advance(day + 1000);
    const late = await post({ id, satisfaction: 'bad' });

    expectProblem(late, 409);
    expect((await store.findSubmission(id))?.answer.satisfaction).toBe('good');
  });

  it('refuses with 409 an id already used by another procedure', async () => {
    const { post, store } = await startTestApp();
    const other = await store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
    const id = uuidv7();
    await post({ id, satisfaction: 'good' });
    expectProblem(await post({ id, satisfaction: 'bad' }, { key: other.key }), 409);
    expect((await store.findSubmission(id))?.procedureKey).not.toBe(other.key);
  });

  it('answers 404 for an unknown procedure', async () => {
    const { post } = await startTestApp();
    const body = expectProblem(
      await post({ id: uuidv7(), satisfaction: 'good' }, { key: 'zzzzzzzzzz' }),
      404,
    );
    expect(body.detail).toContain('zzzzzzzzzz');
  });

  describe('bad input gets a 400 naming each field, and changes nothing', () => {
    const cases: [string, unknown, string[]][] = [
      ['a missing satisfaction', { id: 'ID' }, ['satisfaction']],
      ['an unknown satisfaction', { id: 'ID', satisfaction: 'great' }, ['satisfaction']],
      ['clarity out of range', { id: 'ID', satisfaction: 'good', clarity: 6 }, ['clarity']],
      ['clarity not an integer', { id: 'ID', satisfaction: 'good', clarity: 2.5 }, ['clarity']],
      ['clarity as a string', { id: 'ID', satisfaction: 'good', clarity: '3' }, ['clarity']],
      ['an id that is not a UUID', { id: '42', satisfaction: 'good' }, ['id']],
      ['an unknown field', { id: 'ID', satisfaction: 'good', rating: 5 }, ['rating']],
      ['an unknown help channel', { id: 'ID', satisfaction: 'good', help: ['fax'] }, ['help.0']],
      [
        'a help channel twice',
        { id: 'ID', satisfaction: 'good', help: ['phone', 'phone'] },
        ['help'],
      ],
      [
        '"none" with a channel',
        { id: 'ID', satisfaction: 'good', help: ['none', 'phone'] },
        ['help'],
      ],
      [
        'helpOther without "other"',
        { id: 'ID', satisfaction: 'good', help: ['phone'], helpOther: 'x' },
        ['helpOther'],
      ],
      [
        'reached without a contact channel',
        { id: 'ID', satisfaction: 'good', help: ['relative'], reached: true },
        ['reached'],
      ],
      ['reached without help', { id: 'ID', satisfaction: 'good', reached: false }, ['reached']],
      [
        'helpQuality when not reached',
        { id: 'ID', satisfaction: 'good', help: ['chat'], reached: false, helpQuality: 4 },
        ['helpQuality'],
      ],
      [
        'a reached channel not ticked in help',
        { id: 'ID', satisfaction: 'good', help: ['counter'], reached: { phone: true } },
        ['reached.phone'],
      ],
      [
        'reached channels without help',
        { id: 'ID', satisfaction: 'good', reached: { counter: true, chat: false } },
        ['reached.counter', 'reached.chat'],
      ],
      [
        'a reached key that is not an administration channel',
        { id: 'ID', satisfaction: 'good', help: ['relative'], reached: { relative: true } },
        ['reached.relative'],
      ],
      [
        'a reached channel that is not a boolean',
        { id: 'ID', satisfaction: 'good', help: ['phone'], reached: { phone: 'yes' } },
        ['reached'],
      ],
      [
        'a channel quality when the channel was not reached',
        {
          id: 'ID',
          satisfaction: 'good',
          help: ['phone', 'counter'],
          reached: { phone: false, counter: true },
          helpQuality: { phone: 3, counter: 4 },
        },
        ['helpQuality.phone'],
      ],
      [
        'a channel quality for a channel not answered',
        { id: 'ID', satisfaction: 'good', help: ['email'], reached: {}, helpQuality: { email: 5 } },
        ['helpQuality.email'],
      ],
      [
        'a channel quality with the earlier reached',
        { id: 'ID', satisfaction: 'good', help: ['chat'], reached: true, helpQuality: { chat: 5 } },
        ['helpQuality.chat'],
      ],
      [
        'the earlier quality with channel answers',
        { id: 'ID', satisfaction: 'good', help: ['chat'], reached: { chat: true }, helpQuality: 5 },
        ['helpQuality'],
      ],
      [
        'a channel quality out of range',
        {
          id: 'ID',
          satisfaction: 'good',
          help: ['chat'],
          reached: { chat: true },
          helpQuality: { chat: 6 },
        },
        ['helpQuality.chat'],
      ],
      [
        'a comment over 5,000 characters',
        { id: 'ID', satisfaction: 'good', comment: 'a'.repeat(5001) },
        ['comment'],
      ],
      [
        'a source with capitals',
        { id: 'ID', satisfaction: 'good', source: 'Confirmation' },
        ['source'],
      ],
      ['an unknown language', { id: 'ID', satisfaction: 'good', lang: 'de' }, ['lang']],
      [
        'several faults at once',
        { id: 'ID', satisfaction: 'so-so', clarity: 0 },
        ['satisfaction', 'clarity'],
      ],
    ];
    it.each(cases)('%s', async (_name, body, paths) => {
      const { post, config } = await startTestApp();
      const withId = {
        ...(body as object),
        id: (body as { id: string }).id === 'ID' ? uuidv7() : (body as { id: string }).id,
      };
      const problem = expectProblem(await post(withId), 400);
      const errors = problem.errors as { path: string; message: string }[];
      expect(errors.map((e) => e.path).sort()).toEqual([...paths].sort());
      for (const error of errors) expect(error.message.length).toBeGreaterThan(0);
      expect(countSubmissions(config.databasePath)).toBe(0);
    });
  });

  it('answers 400 problem+json to malformed JSON, an empty body and a JSON array', async () => {
    const { post, config } = await startTestApp();
    expect(expectProblem(await post('{"id": '), 400).detail).toBe('The body is not valid JSON.');
    expectProblem(await post('[]'), 400);
    expectProblem(await post('"good"'), 400);
    const empty = await post('', { headers: { 'content-type': 'text/plain' } });
    expectProblem(empty, 400);
    expect(countSubmissions(config.databasePath)).toBe(0);
  });

  it('refuses prototype-poisoning keys in both content types', async () => {
    const { post } = await startTestApp();
    const poisoned = `{"id":"${uuidv7()}","satisfaction":"good","__proto__":{"admin":true}}`;
    expectProblem(await post(poisoned), 400);
    expectProblem(await post(poisoned, { headers: { 'content-type': 'text/plain' } }), 400);
  });

  it('answers 413 to a body over 16 KB', async () => {
    const { post } = await startTestApp();
    const body = JSON.stringify({ id: uuidv7(), satisfaction: 'good', comment: 'é'.repeat(9000) });
    expectProblem(await post(body), 413);
  });

  it('answers 415 to other content types', async () => {
    const { post } = await startTestApp();
    const body = JSON.stringify({ id: uuidv7(), satisfaction: 'good' });
    expectProblem(await post(body, { headers: { 'content-type': 'application/xml' } }), 415);
    expectProblem(
      await post('satisfaction=good', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
  });

  it('drops bot answers with a 202 that stores nothing', async () => {
    const { post, config } = await startTestApp();
    const honeypot = await post({
      id: uuidv7(),
      satisfaction: 'good',
      website: 'http://spam.example',
    });
    const tooFast = await post({ id: uuidv7(), satisfaction: 'good', elapsedMs: 200 });
    expect(honeypot.statusCode).toBe(202);
    expect(tooFast.statusCode).toBe(202);
    expect(countSubmissions(config.databasePath)).toBe(0);
  });

  describe('origins', () => {
    it('accepts an allowed origin and lets the page read the answer (CORS)', async () => {
      const { post } = await startTestApp();
      const origin = 'https://passeport.example.gouv.fr';
      const response = await post({ id: uuidv7(), satisfaction: 'good' }, { headers: { origin } });
      expect(response.statusCode).toBe(201);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
    });

    it('accepts a subdomain of a wildcard origin', async () => {
      const { post } = await startTestApp();
      const origin = 'https://www.impots.example.gouv.fr';
      const response = await post({ id: uuidv7(), satisfaction: 'good' }, { headers: { origin } });
      expect(response.statusCode).toBe(201);
    });

    it('refuses another origin with 403 and stores nothing', async () => {
      const { post, config } = await startTestApp();
      const response = await post(
        { id: uuidv7(), satisfaction: 'good' },
        { headers: { origin: 'https://phishing.example.com' } },
      );
      expectProblem(response, 403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(countSubmissions(config.databasePath)).toBe(0);
    });

    it('always accepts its own origin (the hosted page) and requests with no Origin (curl)', async () => {
      const { post } = await startTestApp({ PUBLIC_URL: 'https://avis.example.gouv.fr' });
      const own = await post(
        { id: uuidv7(), satisfaction: 'good' },
        { headers: { origin: 'https://avis.example.gouv.fr' } },
      );
      expect(own.statusCode).toBe(201);
      expect((await post({ id: uuidv7(), satisfaction: 'good' })).statusCode).toBe(201);
    });

    it('lets an allowed page read a refusal too (a 413), and adds no CORS header to other routes', async () => {
      const { app, post, procedure } = await startTestApp();
      const origin = 'https://passeport.example.gouv.fr';
      const tooLarge = await post(
        { id: uuidv7(), satisfaction: 'good', comment: 'x'.repeat(70_000) },
        { headers: { origin } },
      );
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.headers['access-control-allow-origin']).toBe(origin);
      // Same-origin only, whatever Origin a page sends: no CORS header, no `Vary: Origin`.
      for (const url of [`/api/v1/procedures/${procedure.key}/stats`, '/healthz', '/dashboard/']) {
        const response = await app.inject({ url, headers: { origin } });
        expect(response.headers['access-control-allow-origin'], url).toBeUndefined();
        expect(String(response.headers.vary ?? ''), url).not.toMatch(/origin/i);
      }
    });

    it('answers the preflight of an allowed origin, and not of another', async () => {
      const { app, procedure } = await startTestApp();
      const preflight = (origin: string) =>
        app.inject({
          method: 'OPTIONS',
          url: `/api/v1/procedures/${procedure.key}/feedback`,
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const allowed = await preflight('https://passeport.example.gouv.fr');
      expect(allowed.statusCode).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(
        'https://passeport.example.gouv.fr',
      );
      expect(allowed.headers['access-control-allow-methods']).toBe('POST');
      const refused = await preflight('https://phishing.example.com');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('answers an unknown route or a wrong method with a 404 problem', async () => {
    const { app, procedure } = await startTestApp();
    expectProblem(await app.inject({ method: 'GET', url: '/nowhere' }), 404);
    expectProblem(
      await app.inject({ method: 'PUT', url: `/api/v1/procedures/${procedure.key}/feedback` }),
      404,
    );
  });
});
