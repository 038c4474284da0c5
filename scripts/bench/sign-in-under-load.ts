import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../server/src/auth/passwords.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { percentile } from './percentile.ts';

const password = 'une phrase de passe solide';

/**
 * Issue 24, finding 3: a real log-in alone, and during a burst of made-up invitation acceptances
 * (40; --quick: 10), against the built server listening. The burst comes from as many clients
 * (X-Forwarded-For, with TRUST_PROXY naming this machine), so the per-client limit cannot be what
 * keeps the log-in fast; then from one client, as curl did. The bar: under 1.5 s during the burst.
 */
export default async function benchSignInUnderLoad(quick: boolean) {
  const rounds = quick ? 2 : 5;
  const burst = quick ? 10 : 40;
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-sign-in-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    // One account a log-in (three a round, and a warm-up): the limit per account (10 a quarter
    // hour) never answers for the server.
    const accounts = rounds * 3 + 1;
    const passwordHash = await hashPassword(password);
    for (let i = 0; i < accounts; i++)
      await store.createUser({ email: `agent${i}@example.gouv.fr`, passwordHash, isAdmin: false });
    await store.close();
    const { child, url } = await startServerProcess({
      DATABASE_PATH: databasePath,
      // Its «listening at» line is what startServerProcess waits for.
      LOG_LEVEL: 'info',
      TRUST_PROXY: '127.0.0.1',
    });

    let client = 0;
    const nextClient = () => {
      client++;
      return `198.51.${client >> 8}.${client & 255}`;
    };
    let account = 0;
    const logIn = async () => {
      const start = performance.now();
      const response = await fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: url,
          'x-forwarded-for': nextClient(),
        },
        body: JSON.stringify({ email: `agent${account++}@example.gouv.fr`, password }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`log-in answered ${response.status}`);
      return performance.now() - start;
    };
    const accept = async (from: string) => {
      const response = await fetch(`${url}/api/v1/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url, 'x-forwarded-for': from },
        body: JSON.stringify({ token: `made-up-${client}`, password }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    /** A log-in started once the burst is on its way; the burst's answers, counted by status. */
    const duringBurst = async (clients: () => string) => {
      const start = performance.now();
      const accepts = Promise.all(Array.from({ length: burst }, () => accept(clients())));
      const logInMs = await logIn();
      const statuses = await accepts;
      const burstMs = performance.now() - start;
      return { logInMs, burstMs, statuses };
    };

    const oneClient = nextClient();
    const rows: Record<string, Record<string, number | string>> = {};
    const samples: Record<string, { logIn: number[]; burst: number[]; statuses: number[] }> = {};
    const record = (
      name: string,
      sample: { logInMs: number; burstMs?: number; statuses?: number[] },
    ) => {
      samples[name] ??= { logIn: [], burst: [], statuses: [] };
      samples[name].logIn.push(sample.logInMs);
      if (sample.burstMs !== undefined) samples[name].burst.push(sample.burstMs);
      samples[name].statuses.push(...(sample.statuses ?? []));
    };
    await logIn(); // warm-up: connections, JIT
    for (let round = 0; round < rounds; round++) {
      record('nothing', { logInMs: await logIn() });
      record(`${burst} made-up acceptances, ${burst} clients`, await duringBurst(nextClient));
      // As curl did: every request from one address (the per-client limit answers after ten).
      record(`${burst} made-up acceptances, one client`, await duringBurst(() => oneClient));
    }
    for (const [name, { logIn: times, burst: bursts, statuses }] of Object.entries(samples)) {
      times.sort((a, b) => a - b);
      bursts.sort((a, b) => a - b);
      const counts = new Map<number, number>();
      for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
      rows[name] = {
        'log-in p50 (ms)': percentile(times, 50),
        'log-in max (ms)': percentile(times, 100),
        'burst p50 (ms)': bursts.length ? percentile(bursts, 50) : '',
        'acceptances answered': [...counts].map(([status, n]) => `${status}×${n}`).join(', '),
      };
    }
    child.kill('SIGTERM');
    await once(child, 'exit');
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
