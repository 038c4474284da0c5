import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedbackBody } from '../../server/src/features/answers/answer-schema.ts';
import { readDatabase, startTestApp, testDatabases, uuidv7 } from '../helpers.ts';

/** Everything the database holds about answers, in one comparable line. */
function fingerprint(path: string): string {
  return readDatabase(path, (db) =>
    JSON.stringify([
      db.prepare('SELECT count(*) AS n, total(length(comment)) AS c FROM submissions').get(),
      db.prepare('SELECT total(answers) AS a, total(comments) AS c FROM daily_rollups').get(),
    ]),
  );
}

const nasty = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '__proto__',
    'constructor',
    'prototype',
    '',
    '\u0000',
    '\uD800',
    '<script>alert(1)</script>',
    "'; DROP TABLE submissions; --",
  ),
  fc.string({ maxLength: 50 }),
  fc.double(),
  fc.bigInt().map(String),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.boolean(),
  fc.constant(null),
);

/** Bodies close to real answers with one or more fields gone wrong, and plain garbage. */
const hostileBody = fc.oneof(
  fc.record(
    {
      id: fc.oneof(fc.uuid(), nasty),
      satisfaction: fc.oneof(fc.constantFrom('bad', 'medium', 'good'), nasty),
      clarity: fc.oneof(fc.integer({ min: -10, max: 10 }), nasty),
      help: fc.oneof(fc.array(fc.oneof(fc.constantFrom('phone', 'none', 'other'), nasty)), nasty),
      reached: fc.oneof(fc.boolean(), nasty),
      helpQuality: fc.oneof(fc.integer({ min: -10, max: 10 }), nasty),
      comment: fc.oneof(fc.string({ maxLength: 200 }), nasty),
      elapsedMs: fc.oneof(fc.nat(), nasty),
      __proto__: fc.dictionary(fc.string({ maxLength: 5 }), nasty),
      constructor: fc.object(),
    },
    { requiredKeys: [] },
  ),
  fc.letrec((tie) => ({
    deep: fc.oneof(
      { depthSize: 'small' },
      nasty,
      fc.array(tie('deep'), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), tie('deep'), { maxKeys: 3 }),
    ),
  })).deep,
  fc.anything(),
);

type Payload = { contentType: string | undefined; body: string | Buffer };

const hostilePayload: fc.Arbitrary<Payload> = fc.oneof(
  {
    weight: 6,
    arbitrary: hostileBody.map((b) => ({
      contentType: 'application/json',
      body: JSON.stringify(b) ?? '',
    })),
  },
  {
    weight: 2,
    arbitrary: hostileBody.map((b) => ({
      contentType: 'text/plain;charset=UTF-8',
      body: JSON.stringify(b) ?? '',
    })),
  },
  { weight: 1, arbitrary: fc.string().map((s) => ({ contentType: 'application/json', body: s })) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => ({ contentType: 'application/json', body: Buffer.from(bytes) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'image/png',
        'text/html',
        undefined,
      )
      .map((contentType) => ({ contentType, body: '{"satisfaction":"good"}' })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        `${'['.repeat(7000)}${']'.repeat(7000)}`,
        `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
        '['.repeat(100_000),
        '{"id": "\ud800", "satisfaction": "good"}',
      )
      .map((body) => ({ contentType: 'application/json', body })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, 1, 20_000, 1_000_000).map((n) => ({
      contentType: 'application/json',
      body: JSON.stringify({ id: uuidv7(), satisfaction: 'good', comment: 'x'.repeat(n) }),
    })),
  },
);

describe('hostile input', () => {
  it('POST …/feedback: every invalid body gets a 4xx problem+json and changes nothing', async () => {
    const { app, procedure, config } = await startTestApp({ RATE_LIMIT_PER_HOUR: '1000000' });
    let before = fingerprint(config.databasePath);
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(hostilePayload, async ({ contentType, body }) => {
        const response = await app.inject({
          method: 'POST',
          url: `/api/v1/procedures/${procedure.key}/feedback`,
          headers: contentType ? { 'content-type': contentType } : {},
          payload: body,
        });
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString());
        } catch {}
        const valid =
          contentType?.match(/^(application\/json|text\/plain)/) &&
          body.length <= 16384 &&
          feedbackBody.safeParse(parsed).success &&
          !/"__proto__"/.test(body.toString());
        if (valid) {
          before = fingerprint(config.databasePath); // a body that happens to be a real answer
          return;
        }
        invalid++;
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, response.body).toBeLessThan(500);
        expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        expect(response.json()).toMatchObject({ type: 'about:blank', status: response.statusCode });
        expect(fingerprint(config.databasePath)).toBe(before);
      }),
      { numRuns: 3000 },
    );
    expect(invalid).toBeGreaterThan(2500);
  });

  it('POST /p/{key}: a hostile form never fails the server and stores nothing invalid', async () => {
    const { app, procedure, config } = await startTestApp();
    let before = fingerprint(config.databasePath);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'satisfaction',
            'clarity',
            'help',
            'reached',
            'helpQuality',
            'comment',
            'id',
            'shownAt',
            'website',
            '__proto__',
            'constructor',
          ),
          nasty.map(String),
        ),
        async (fields) => {
          const form = new URLSearchParams(fields);
          const response = await app.inject({
            method: 'POST',
            url: `/p/${procedure.key}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: form.toString(),
          });
          expect(response.statusCode).toBeLessThan(500);
          if (response.statusCode === 400) expect(fingerprint(config.databasePath)).toBe(before);
          before = fingerprint(config.databasePath);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe.each(testDatabases)('on $name', (database) => {
  // PostgreSQL refuses a NUL in a text parameter with an error, where SQLite finds nothing.
  it.skipIf(!database.available)('odd keys in paths are 4xx, never 500', async () => {
    const { app } = await startTestApp(await database.env());
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (key) => {
        const path = encodeURIComponent(key);
        for (const [method, url] of [
          ['POST', `/api/v1/procedures/${path}/feedback`],
          ['GET', `/p/${path}`],
          ['POST', `/p/${path}`],
          ['GET', `/p/${path}/merci`],
          ['GET', `/resultats/${path}`],
          ['GET', `/api/v1/procedures/${path}/questionnaire/published`],
        ] as const) {
          const response = await app.inject({
            method,
            url,
            payload: method === 'POST' ? '{}' : undefined,
            headers: { 'content-type': 'application/json' },
          });
          expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
        }
      }),
      { numRuns: 300, examples: [['\0'], ['a\0b'], ['abcd\0']] },
    );
  });
});
