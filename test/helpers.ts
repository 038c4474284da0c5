import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject, onTestFinished } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { hashPasswordAtCost } from '../server/src/auth/passwords.ts';
import { type Config, parseConfig } from '../server/src/config.ts';
import type { AuditEntry } from '../server/src/store/audit.ts';
import { openStore } from '../server/src/store/open-store.ts';
import type { Procedure } from '../server/src/store/procedures.ts';
import type { AuditAction, Store } from '../server/src/store/store.ts';
import { createDatabase } from './fixtures/postgres-cluster.ts';

/** The widget build that test/global-setup.ts made. */
export const widgetDir = resolve('dist/widget');

/** A fresh directory removed when the current test ends. */
export function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'avis-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({
    DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite'),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/**
 * PASSWORD_LOGIN=false, which needs ProConnect set up: discovered on the first sign-in only, so
 * nothing needs to listen at its issuer.
 */
export const proConnectOnly = {
  PASSWORD_LOGIN: 'false',
  OIDC_ISSUER: 'http://localhost:9/proconnect',
  OIDC_CLIENT_ID: 'avis',
  OIDC_CLIENT_SECRET: 'secret',
};

/**
 * A password hash for a fixture user, at the lowest cost passwords.ts accepts (about 2 ms instead
 * of 0.35 s, paid again at each log-in since the stored hash carries its cost). Not for a test
 * about hashing itself, nor one that checks the hash a route wrote: those keep the real cost.
 */
export function testPasswordHash(password: string): Promise<string> {
  return hashPasswordAtCost(password, { N: 2 ** 10, r: 8, p: 1 });
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public current = new Date('2026-03-10T10:00:00Z')) {}
  now = () => this.current;
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export type TestApp = {
  app: FastifyInstance;
  store: Store;
  config: Config;
  clock: TestClock;
  procedure: Procedure;
  /** Posts an answer to the test procedure (or `key`), as the widget does. */
  post: (
    body: unknown,
    options?: { key?: string; headers?: Record<string, string> },
  ) => Promise<LightMyRequestResponse>;
  /**
   * `app.inject` as a signed-in `role@example.gouv.fr`: the platform's administrator, or an owner
   * or viewer of the test procedure. The account is made and signed in (through the real log-in)
   * at the first call for its role, then reused; a suite that makes that address itself cannot
   * use its role here.
   */
  as: (role: TestRole) => Promise<SignedInInject>;
};

export type TestRole = 'admin' | 'owner' | 'viewer';

/** `app.inject` with a session cookie, and the Origin a change made with it must carry. */
export type SignedInInject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

const testRolePassword = 'une phrase de passe assez longue';

async function signIn(t: Omit<TestApp, 'as'>, role: TestRole): Promise<SignedInInject> {
  const email = `${role}@example.gouv.fr`;
  const user = await t.store.createUser({
    email,
    passwordHash: await testPasswordHash(testRolePassword),
    isAdmin: role === 'admin',
  });
  if (!user) throw new Error(`${email} exists already: t.as('${role}') makes it itself`);
  if (role !== 'admin') await t.store.setRole(user.id, t.procedure.key, role);
  // The origin the app takes as its own (http/authentication.ts): PUBLIC_URL, or the host
  // light-my-request sends.
  const origin = t.config.publicUrl ?? 'http://localhost:80';
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/session',
    headers: { origin },
    payload: { email, password: testRolePassword },
  });
  if (response.statusCode !== 200)
    throw new Error(`signing in as ${role}: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
  return (options) => t.app.inject({ ...options, headers: { origin, cookie, ...options.headers } });
}

/**
 * The databases an app-level suite runs on: a SQLite file, and a new PostgreSQL database when the
 * tests have a cluster (test/global-setup.ts). `env` gives startTestApp the variables to use it.
 */
export const testDatabases = [
  { name: 'SQLite', available: true, env: async (): Promise<Record<string, string>> => ({}) },
  {
    name: 'PostgreSQL',
    available: inject('postgresUrl') !== '',
    env: async (): Promise<Record<string, string>> => ({
      DATABASE_URL: await createDatabase(inject('postgresUrl')),
    }),
  },
];

/**
 * The real app on a real database (a SQLite file, or PostgreSQL when `env` has DATABASE_URL),
 * with one procedure, closed when the test ends.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const store = await openStore(config);
  const clock = new TestClock();
  const app = await buildApp({ config, store, now: clock.now, widgetDir });
  onTestFinished(async () => {
    await app.close();
    await store.close();
  });
  const procedure = await store.createProcedure({
    name: 'Demande de passeport',
    allowedOrigins: ['https://passeport.example.gouv.fr', 'https://*.impots.example.gouv.fr'],
  });
  const post: TestApp['post'] = (body, { key = procedure.key, headers = {} } = {}) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/procedures/${key}/feedback`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const signedIn = new Map<TestRole, Promise<SignedInInject>>();
  const as: TestApp['as'] = (role) => {
    const found =
      signedIn.get(role) ?? signIn({ app, store, config, clock, procedure, post }, role);
    signedIn.set(role, found);
    return found;
  };
  return { app, store, config, clock, procedure, post, as };
}

/** The widget's own id maker: time-ordered UUID v7. */
export { uuidv7 } from '../common/uuid.ts';

/** The audit entry a store call made by the test itself must carry. */
export const testAuditEntry = (action: AuditAction): AuditEntry => ({
  at: new Date(),
  actor: 'test',
  action,
  target: '',
  details: {},
});

/** Reads the database file through a connection of its own: what is there is on disk. */
export function readDatabase<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
