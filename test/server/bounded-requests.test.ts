import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { sessionCookie } from '../../server/src/http/authentication.ts';
import type { AuditEntry } from '../../server/src/store/audit.ts';
import type { AuditAction } from '../../server/src/store/store.ts';
import { startTestApp, type TestApp, testDatabases, uuidv7 } from '../helpers.ts';

/**
 * Issue 24, bounded work per request: every operation of the served OpenAPI description gets
 * the extreme values its own schemas allow (oldest and newest days and just beyond, largest
 * numbers, longest strings, every enum value, empty values), on a procedure holding a year of
 * answers, sent to the app listening on a real port. No answer is a 5xx, each comes within 2 s
 * (or does when sent again alone: CI's neighbours slow the machine now and then), and /healthz
 * keeps answering within 100 ms meanwhile: one request never stops the others.
 */

type Schema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
};
type Parameter = { name: string; in: 'query' | 'path'; schema: Schema };
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Spec = { paths: Record<string, Record<string, Operation>> };

/** One request of the table: what it is called in a report, and what is sent. */
type Case = {
  operation: string;
  name: string;
  method: string;
  path: (fresh: FreshIds) => Promise<string>;
  query: Record<string, string>;
  body?: unknown;
};

/** The oldest and newest days the API takes (http/period-schema.ts), and just beyond. */
const dayExtremes = [
  '2000-01-01',
  '2099-12-31',
  '1999-12-31',
  '2100-01-01',
  '1000-01-01',
  '9999-12-31',
  '0001-01-01',
];
/** Longer than any bound a field has, and than the 16 KB a body may hold. */
const huge = 'é'.repeat(20_000);

/** A value the field accepts, for the fields other cases do not vary. */
function typical(schema: Schema, name: string, n: number): unknown {
  const s = schema.anyOf?.[0] ?? schema;
  if (s.enum) return s.enum[0];
  if (s.type === 'boolean') return false;
  if (s.type === 'integer' || s.type === 'number') return Math.max(s.minimum ?? 1, 1);
  if (s.type === 'array')
    return Array.from({ length: s.minItems ?? 0 }, () => typical(s.items ?? {}, name, n));
  if (s.type === 'object') return objectOf(s, n, 'typical');
  if (s.format === 'email') return `borne-${n}@example.gouv.fr`;
  if (s.format === 'date') return '2026-03-01';
  if (s.format === 'uri') return 'https://example.gouv.fr/amelioration';
  if (s.format === 'uuid') return uuidv7();
  if (s.pattern?.includes('[a-z]{2,63}')) return 'example.gouv.fr';
  // A procedure key's form (of no procedure): a record of roles is then judged on its values.
  if (s.pattern?.startsWith('^[a-z0-9')) return 'zzzz';
  if (name === 'password') return 'une phrase de passe assez longue';
  return 'a'.repeat(Math.max(s.minLength ?? 1, 1));
}

/** The longest or largest value the field accepts (a default of each field for bodies). */
function longest(schema: Schema, name: string, n: number): unknown {
  const s = schema.anyOf?.[0] ?? schema;
  if (s.enum) return s.enum.at(-1);
  if (s.type === 'integer' || s.type === 'number') return s.maximum ?? Number.MAX_SAFE_INTEGER;
  if (s.type === 'array')
    return Array.from({ length: s.maxItems ?? 100 }, () => longest(s.items ?? {}, name, n));
  if (s.type === 'object') return objectOf(s, n, 'longest');
  if (s.format === 'email')
    return `${'a'.repeat(60)}.${n}@${'b'.repeat(60)}.${'c'.repeat(60)}.gouv.fr`;
  if (s.format === 'date') return '2099-12-31';
  if (s.format === 'uri') return `https://example.gouv.fr/${'a'.repeat((s.maxLength ?? 500) - 24)}`;
  if (s.format === 'uuid') return 'ffffffff-ffff-ffff-ffff-ffffffffffff';
  if (s.pattern?.includes('[a-z]{2,63}')) return `${'a'.repeat(63)}.${'b'.repeat(63)}.gouv.fr`;
  if (s.pattern === '^\\d{1,15}\\.\\d{1,15}$') return '999999999999999.999999999999999';
  if (s.pattern?.startsWith('^[a-z0-9')) return 'z'.repeat(40);
  return 'é'.repeat(s.maxLength ?? 2000);
}

/** Values of one field at and beyond its bounds; each becomes a case. */
function extremes(schema: Schema, name: string, n: number): [string, unknown][] {
  if (schema.anyOf) return schema.anyOf.flatMap((s) => extremes(s, name, n));
  const s = schema;
  if (s.type === 'null') return [['null', null]];
  if (s.enum) return [...s.enum.map((v): [string, unknown] => [`= ${v}`, v]), ['unknown', 'x']];
  if (s.type === 'boolean')
    return [
      ['true', true],
      ['false', false],
      ['a string', 'oui'],
    ];
  if (s.type === 'integer' || s.type === 'number') {
    const max = s.maximum ?? Number.MAX_SAFE_INTEGER;
    const min = s.minimum ?? (s.exclusiveMinimum === undefined ? -max : s.exclusiveMinimum + 1);
    return [
      ['smallest', min],
      ['largest', max],
      ['largest + 1', max + 1],
      ['2^31', 2 ** 31],
      ['0', 0],
      ['-1', -1],
      ['1e309', '1e309'],
      ['a fraction', 1.5],
    ];
  }
  if (s.type === 'array') {
    const items = s.items ?? {};
    // The other items a list must hold at least, typical: the extreme one is then what is judged.
    const others = Array.from({ length: Math.max((s.minItems ?? 0) - 1, 0) }, () =>
      typical(items, name, n),
    );
    return [
      ['empty', []],
      ['longest', longest(s, name, n)],
      ['one too many', [...(longest(s, name, n) as unknown[]), typical(items, name, n)]],
      // A key or text with a NUL inside a list reaches the handler as surely as a field does.
      ...extremes(items, name, n).map(([label, value]): [string, unknown] => [
        `item ${label}`,
        [...others, value],
      ]),
    ];
  }
  if (s.type === 'object') {
    const cases: [string, unknown][] = [
      ['empty', {}],
      ['longest', objectOf(s, n, 'longest')],
    ];
    for (const [field, f] of Object.entries(s.properties ?? {}))
      for (const [label, value] of extremes(f, field, n))
        cases.push([`.${field} ${label}`, { ...objectOf(s, n, 'typical'), [field]: value }]);
    // A record (`z.record`): its keys are as much input as its values, procedure keys among them.
    if (typeof s.additionalProperties === 'object') {
      const values = s.additionalProperties;
      const keys = s.propertyNames ?? { type: 'string' };
      for (const [label, key] of extremes(keys, name, n))
        cases.push([`key ${label}`, { [String(key)]: typical(values, name, n) }]);
      for (const [label, value] of extremes(values, name, n))
        cases.push([`value ${label}`, { [String(typical(keys, name, n))]: value }]);
      cases.push([
        'a thousand entries',
        Object.fromEntries(
          Array.from({ length: 1000 }, (_, i) => [
            `k${String(i).padStart(3, '0')}`,
            typical(values, name, n),
          ]),
        ),
      ]);
    }
    return cases;
  }
  const cases: [string, unknown][] = [
    ['empty', ''],
    ['longest', longest(s, name, n)],
    ['huge', huge],
    ['NUL and U+202E', `a\u0000\u202Eb`],
  ];
  if (s.maxLength !== undefined) cases.push(['one too long', 'a'.repeat(s.maxLength + 1)]);
  if (s.format === 'date') cases.push(...dayExtremes.map((d): [string, unknown] => [d, d]));
  return cases;
}

function objectOf(schema: Schema, n: number, how: 'typical' | 'longest') {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, s]) => [
      name,
      how === 'typical' ? typical(s, name, n) : longest(s, name, n),
    ]),
  );
}

type FreshIds = {
  procedureKey: () => Promise<string>;
  organisationId: (empty: boolean) => Promise<number>;
  userId: (member: boolean) => Promise<number>;
  id: (path: string) => Promise<string>;
};

/** Every operation's cases: its parameters one at a time, then its body's fields one at a time. */
function casesOf(spec: Spec): Case[] {
  const cases: Case[] = [];
  let n = 0;
  const order = ['get', 'post', 'put', 'patch', 'delete'];
  const operations = Object.entries(spec.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    )
    .sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method));
  for (const { path, method, operation } of operations) {
    const name = `${method.toUpperCase()} ${path}`;
    const parameters = operation.parameters ?? [];
    const pathParameters = parameters.filter((p) => p.in === 'path');
    const query = parameters.filter((p) => p.in === 'query');
    const body = operation.requestBody?.content['application/json']?.schema;
    const real = (fresh: FreshIds) => realPath(path, method, fresh);
    const add = (caseName: string, c: Partial<Case>) =>
      cases.push({
        operation: name,
        name: caseName,
        method: method.toUpperCase(),
        path: real,
        query: {},
        ...(body && { body: objectOf(body, ++n, 'typical') }),
        ...c,
      });
    add('typical', {});
    for (const p of query)
      for (const [label, value] of extremes(p.schema, p.name, ++n))
        add(`${p.name} ${label}`, { query: { [p.name]: String(value) } });
    // Periods: both ends at once, across the whole range, the longest and just beyond.
    if (query.some((p) => p.name === 'from') && query.some((p) => p.name === 'to')) {
      const intervals = query.find((p) => p.name === 'interval')?.schema.enum ?? [undefined];
      for (const [from, to] of [
        ['2000-01-01', '2099-12-31'],
        ['2000-01-01', '2005-01-03'],
        ['2021-03-07', '2026-03-10'],
        ['2025-03-11', '2026-03-10'],
        ['2095-01-02', '2099-12-31'],
        ['1999-12-31', '2100-01-01'],
        ['2026-01-01', '3000-12-31'],
      ] as const) {
        for (const interval of intervals)
          add(`from=${from} to=${to}${interval ? ` interval=${interval}` : ''}`, {
            query: { from, to, ...(interval ? { interval: String(interval) } : {}) },
          });
      }
    }
    for (const p of pathParameters)
      for (const [label, value] of extremes(p.schema, p.name, ++n)) {
        if (label === 'huge') continue; // a URL of 40 KB is the HTTP server's to refuse
        add(`path ${p.name} ${label}`, {
          path: (fresh) => realPath(path, method, fresh, { [p.name]: String(value) }),
        });
      }
    if (body?.properties) {
      add('body: every field at its longest', { body: objectOf(body, ++n, 'longest') });
      add('body: empty object', { body: {} });
      add('body: not an object', { body: [] });
      for (const [field, s] of Object.entries(body.properties))
        for (const [label, value] of extremes(s, field, ++n))
          add(`body ${field} ${label}`, {
            body: { ...(objectOf(body, ++n, 'typical') as object), [field]: value },
          });
    }
  }
  return cases;
}

/** The path with every parameter naming something that exists. */
async function realPath(
  path: string,
  method: string,
  fresh: FreshIds,
  extreme: Record<string, string> = {},
): Promise<string> {
  let real = path;
  for (const [, name = ''] of path.matchAll(/\{(\w+)\}/g)) {
    const value = extreme[name] ?? String(await pathValue(name, path, method, fresh));
    real = real.replace(`{${name}}`, encodeURIComponent(value));
  }
  return real;
}

async function pathValue(name: string, path: string, method: string, fresh: FreshIds) {
  if (name === 'key') return fresh.procedureKey();
  if (name === 'organisationId') return fresh.organisationId(method === 'delete');
  if (name === 'userId') return fresh.userId(true);
  if (name === 'id') return fresh.id(`${method} ${path}`);
  throw new Error(`no value for {${name}} in ${path}`);
}

const audit = (action: AuditAction): AuditEntry => ({
  at: new Date(),
  actor: 'test',
  action,
  target: '',
  details: {},
});

/** A procedure with a year of answers, made public, and the ids each path may name. */
async function seeded(t: TestApp) {
  const key = t.procedure.key;
  const answers = await seedAnswers(t.store, {
    procedures: [{ procedureKey: key, perDay: 100, quality: 0.5 }],
    days: 366,
    end: t.clock.now(),
    timeZone: t.config.reportTimeZone,
  });
  await t.store.updateProcedure(key, { public: true });
  const admin = await t.store.createUser({
    email: 'admin@example.gouv.fr',
    passwordHash: 'x',
    isAdmin: true,
  });
  const organisationId = t.procedure.organisationId;
  const answerId = uuidv7(t.clock.now().getTime());
  expect((await t.post({ id: answerId, satisfaction: 'good' })).statusCode).toBe(201);
  let n = 0;
  let editions = 0;
  const user = async () => {
    const made = await t.store.createUser({
      email: `compte-${++n}@example.gouv.fr`,
      passwordHash: 'x',
      isAdmin: false,
    });
    return made?.id as number;
  };
  const fresh: FreshIds = {
    // Deleting the procedure or the organisation under test would end the test early.
    procedureKey: async () => key,
    organisationId: async (empty) =>
      empty
        ? (await t.store.createOrganisation({ name: `Vide ${++n}`, domains: [] })).id
        : organisationId,
    userId: async (member) => {
      const id = await user();
      if (member) await t.store.setMembership(id, organisationId, 'member');
      return id;
    },
    id: async (route) => {
      if (route.includes('/feedback/')) return answerId;
      if (route.includes('/themes/'))
        return String(
          (
            await t.store.createTheme(
              key,
              { name: `Thème ${++n}`, keywords: ['délai'] },
              audit('theme.create'),
            )
          )?.id,
        );
      if (route.includes('/improvements/'))
        return String(
          (
            await t.store.createImprovement(
              key,
              { date: '2026-03-01', title: 'T', text: 'Texte' },
              () => audit('improvement.create'),
            )
          )?.id,
        );
      if (route.includes('/access-requests/')) {
        const { request } = await t.store.requestAccess(
          { organisationId, email: `demande-${++n}@example.gouv.fr` },
          () => [],
          audit('access-request.create'),
          t.clock.now(),
          t.clock.now(),
        );
        return String(request.id);
      }
      if (route.includes('/api-keys/'))
        return String(
          (
            await t.store.createApiKey({
              userId: admin?.id as number,
              name: `clé ${++n}`,
              keyHash: secretHash(newSecret()),
              ...(route.includes('{organisationId}') && { organisationId }),
            })
          ).id,
        );
      if (route.includes('/users/')) return String(await user());
      if (route.includes('/observatoire/editions/')) {
        // An edition is made once a quarter: each one of a quarter of its own.
        const quarter = `${2000 + Math.floor(editions / 4)}-T${(editions++ % 4) + 1}`;
        const made = await t.store.createEdition(
          { quarter, organisationId, rows: [], madeAt: t.clock.now(), madeBy: 'test' },
          () => audit('observatoire.edition.create'),
        );
        return String(made?.id);
      }
      throw new Error(`no id for ${route}`);
    },
  };
  /** A new session each time: DELETE /api/v1/session ends only its own. */
  const adminCookie = async () => {
    const token = newSecret();
    await t.store.createSession(secretHash(token), admin?.id as number, t.clock.now());
    return `${sessionCookie}=${token}`;
  };
  return { key, answers, fresh, adminCookie };
}

/** Hidden from the OpenAPI (pages, files): the public routes that take a query all the same. */
function pageCases(key: string): Case[] {
  const page = (name: string, path: string, query: Record<string, string>): Case => ({
    operation: `GET ${path.replace(key, '{key}')} (page)`,
    name,
    method: 'GET',
    path: async () => path,
    query,
  });
  const periods = [
    ['2000-01-01', '2099-12-31'],
    ['2000-01-01', '2004-12-31'],
    ['2095-01-02', '2099-12-31'],
    ['1000-01-01', '1000-12-31'],
    ['0001-01-01', '0001-12-31'],
    ['9995-01-01', '9999-12-31'],
    ['1999-12-31', '2100-01-01'],
  ];
  return [
    page('search at its longest, last page', '/resultats', {
      q: huge.slice(0, 2000),
      page: '1e400',
      sort: 'answers',
    }),
    ...['name', 'satisfaction', 'answers', 'x'].map((sort) =>
      page(`sort=${sort}`, '/resultats', { sort, page: '-1', lang: 'es' }),
    ),
    page('open data CSV', '/resultats/donnees.csv', {}),
    // The Observatoire's public pages (docs/design.md §13): an id of any size, any sort.
    page('a huge edition id', `/observatoire/${'9'.repeat(400)}`, { sort: 'x', lang: 'xx' }),
    page('the editions, a huge lang', '/observatoire', { lang: huge.slice(0, 4000) }),
    page('the editions’ open data', '/observatoire/donnees.csv', {}),
    page('open data JSON', '/resultats/donnees.json', {}),
    ...periods.map(([from, to]) =>
      page(`from=${from} to=${to}`, `/resultats/${key}`, {
        from: from as string,
        to: to as string,
      }),
    ),
    page('from only, oldest', `/resultats/${key}`, { from: '2000-01-01' }),
    page('to only, newest', `/resultats/${key}`, { to: '9999-12-31' }),
    ...['fr', 'en', 'es', 'xx'].map((lang) => page(`lang=${lang}`, `/p/${key}`, { lang })),
    page('a huge lang', `/p/${key}`, { lang: huge.slice(0, 4000) }),
  ];
}

/** The n-th client, in 198.18.0.0/15 (RFC 2544, for tests): 131,072 addresses, one a request. */
function clientAddress(n: number): string {
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('every operation, sent extreme values, answers without a 5xx within 2 s, and /healthz within 100 ms meanwhile', async () => {
      const t = await startTestApp({
        ...(await database.env()),
        RATE_LIMIT_PER_HOUR: '1000000',
        // Each request names its own client below, as a proxy would: the per-client limits of
        // log-in, setup, reset, preview and accept (5 to 30 a quarter hour) would otherwise
        // answer 429 to most cases of those routes, and their handlers would never be reached.
        TRUST_PROXY: '127.0.0.1',
      });
      const { key, answers, fresh, adminCookie } = await seeded(t);
      expect(answers).toBeGreaterThan(20_000);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const spec = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Spec;
      const cases = [...casesOf(spec), ...pageCases(key)];
      const operations = new Set(cases.map((c) => c.operation));

      /** One case sent as one caller, from a client of its own (see `clientAddress`). */
      let sent = 0;
      const send = async (c: Case, who: 'admin' | 'anonymous') => {
        const url = new URL(await c.path(fresh), base);
        for (const [name, value] of Object.entries(c.query)) url.searchParams.set(name, value);
        const headers: Record<string, string> = {
          origin: base,
          'x-forwarded-for': clientAddress(sent++),
          // A connection each, as each client has its own: on kept-alive connections, which the
          // app closes after refusing a body (413), fetch now and then failed with «other side
          // closed», an error of the client's and no answer of the app's.
          connection: 'close',
        };
        if (who === 'admin') headers.cookie = await adminCookie();
        if (c.body !== undefined) headers['content-type'] = 'application/json';
        return fetch(url, {
          method: c.method,
          headers,
          ...(c.body !== undefined && { body: JSON.stringify(c.body) }),
        });
      };
      const askHealthz = async () => {
        const started = performance.now();
        await (await fetch(`${base}/healthz`, { headers: { connection: 'close' } })).arrayBuffer();
        return performance.now() - started;
      };

      // /healthz asked every 10 ms through the whole run, on the same event loop as the app.
      let probing = true;
      const healthz: number[] = [];
      /** The request in flight, so that a slow probe names what it waited behind. */
      let inFlight: { c: Case; who: 'admin' | 'anonymous' } | undefined;
      const slowProbes: { ms: number; during: typeof inFlight }[] = [];
      const probe = (async () => {
        while (probing) {
          const during = inFlight;
          const ms = await askHealthz();
          healthz.push(ms);
          if (ms > 50) slowProbes.push({ ms, during });
          await sleep(10);
        }
      })();
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();

      const fiveHundreds: string[] = [];
      /** Requests over 2 s, put to the test again below. */
      const slowCases = new Map<
        string,
        { c: Case; who: 'admin' | 'anonymous'; ms: number; status: number }
      >();
      const blocking: string[] = [];
      /** Per operation, its answers, and how many were a 429 (a rate limit's, not the handler's). */
      const answered = new Map<string, { all: number; limited: number }>();
      let requests = 0;
      let limited = 0;
      let longestStop = 0;
      for (const c of cases) {
        for (const who of ['admin', 'anonymous'] as const) {
          const line = `${c.operation} [${c.name}] as ${who}`;
          inFlight = { c, who };
          loop.reset();
          const started = performance.now();
          const response = await send(c, who);
          const body = Buffer.from(await response.arrayBuffer());
          const ms = performance.now() - started;
          requests++;
          if (response.status === 429) limited++;
          const counts = answered.get(c.operation) ?? { all: 0, limited: 0 };
          counts.all++;
          if (response.status === 429) counts.limited++;
          answered.set(c.operation, counts);
          if (response.status >= 500)
            fiveHundreds.push(`${line}: ${response.status} ${body.toString().slice(0, 200)}`);
          if (ms > 2000) slowCases.set(line, { c, who, ms, status: response.status });
          longestStop = Math.max(longestStop, loop.max / 1e6);
          if (loop.max > 50e6)
            blocking.push(`${line}: the loop stopped ${Math.round(loop.max / 1e6)} ms`);
        }
      }
      probing = false;
      await probe;
      loop.disable();

      // A probe over 100 ms is put to the test again: its request, sent alone three times with
      // /healthz right behind it. A request that holds the loop does so every time; one that only
      // met a busy machine (CI runs test files side by side on 2 cores) does not.
      const suspects = new Map<string, NonNullable<typeof inFlight>>();
      for (const { ms, during } of slowProbes)
        if (ms >= 100 && during)
          suspects.set(`${during.c.operation} [${during.c.name}] as ${during.who}`, during);
      const blockingHealthz: string[] = [];
      for (const [line, { c, who }] of suspects) {
        const again: number[] = [];
        for (let i = 0; i < 3; i++) {
          const response = send(c, who);
          await sleep(1);
          again.push(await askHealthz());
          await (await response).arrayBuffer();
        }
        if (again.filter((ms) => ms >= 100).length >= 2)
          blockingHealthz.push(`${line}: /healthz took ${again.map(Math.round).join(', ')} ms`);
      }
      // A request over 2 s likewise, sent alone three times: work the app does not bound is slow
      // every time; a request that met the neighbours' busiest second (the 5-year spreadsheet
      // export on PostgreSQL, now and then on CI) is not.
      // Only a retry answered as the first was tells: a quick 429 or 404 did not do the work.
      const slow: string[] = [];
      for (const [line, { c, who, ms, status }] of slowCases) {
        const again: string[] = [];
        let fast = 0;
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          const response = await send(c, who);
          await response.arrayBuffer();
          const took = performance.now() - started;
          if (took <= 2000 && response.status === status) fast++;
          again.push(`${Math.round(took)} ms (${response.status})`);
        }
        const report = `${line}: ${Math.round(ms)} ms (${status}), then ${again.join(', ')}`;
        console.info(report);
        if (fast < 2) slow.push(report);
      }
      const longestHealthz = Math.max(...healthz);
      const limitedOperations = (share: number) =>
        [...answered]
          .filter(([, { all, limited }]) => limited > 0 && limited >= share * all)
          .map(([operation, { all, limited }]) => `${operation}: ${limited} 429s of ${all}`);
      const onlyLimited = limitedOperations(1);
      const mostlyLimited = limitedOperations(0.5);
      console.info(
        `${database.name}: ${operations.size} operations, ${cases.length} cases, ${requests} requests, ${fiveHundreds.length} 5xx, ${limited} 429s, ${onlyLimited.length} operations answered only 429; /healthz at most ${Math.round(longestHealthz)} ms over ${healthz.length} probes; event loop stopped at most ${Math.round(longestStop)} ms at a time`,
      );
      // Printed, not asserted: with test files running in parallel on 2 cores (CI), how long the
      // loop stops depends on the neighbours as much as on this app.
      if (blocking.length > 0) console.info(blocking.join('\n'));
      for (const { ms, during } of slowProbes)
        console.info(
          `/healthz ${Math.round(ms)} ms during ${during?.c.operation} [${during?.c.name}]`,
        );
      if (mostlyLimited.length > 0) console.info(mostlyLimited.join('\n'));
      expect(fiveHundreds).toEqual([]);
      expect(slow).toEqual([]);
      expect(blockingHealthz).toEqual([]);
      // A rate limit answering before the handler would hide what the handler does with them:
      // each operation's cases must mostly reach it (every client and target is another one).
      expect(onlyLimited).toEqual([]);
      expect(mostlyLimited).toEqual([]);
      // Every documented operation was sent something.
      expect(operations.size).toBeGreaterThanOrEqual(Object.keys(spec.paths).length);
    }, 600_000);
  });
});
