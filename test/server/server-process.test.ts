import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeEndOfLifeWarning } from '../../server/src/node-support.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { startServerProcess } from '../fixtures/server-process.ts';
import { readDatabase, temporaryDirectory, uuidv7 } from '../helpers.ts';

describe('the server process', () => {
  it('starts on a Node.js past its end of life, and says so in its log, on a supported one not', async () => {
    expect(nodeEndOfLifeWarning('20.20.2')).toBe(
      'Node.js 20.20.2 is past its end of life since 2026-04-30 and gets no security fixes: run this service on Node.js 22 or 24 (LTS).',
    );
    expect(nodeEndOfLifeWarning('22.12.0')).toBeUndefined();
    expect(nodeEndOfLifeWarning('24.22.3')).toBeUndefined();

    const { child, url, output } = await startServerProcess({
      DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite'),
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    await once(child, 'exit');
    const warning = nodeEndOfLifeWarning();
    if (warning) expect(output()).toContain(warning);
    else expect(output()).not.toContain('end of life');
  });

  it('stops on a bad configuration with a message naming the variable', async () => {
    const child = spawn(process.execPath, ['dist/server.js'], {
      env: { ...process.env, MIN_ANSWERS: 'lots' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('MIN_ANSWERS="lots"');
  });

  it('stops in production without PUBLIC_URL, with a message naming it', async () => {
    const child = spawn(process.execPath, ['dist/server.js'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PUBLIC_URL: '',
        DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Should it start instead, it must not outlive the test.
      timeout: 10_000,
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('PUBLIC_URL (unset): is required in production');
  });

  it('on SIGTERM finishes the requests in flight, and every acknowledged answer is on disk', async () => {
    const databasePath = join(temporaryDirectory(), 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    await store.close();
    // One test client sends it all: lift the per-client limit, which is not under test here.
    const { child, url, output } = await startServerProcess({
      DATABASE_PATH: databasePath,
      RATE_LIMIT_PER_HOUR: '1000000',
    });

    const acknowledged: string[] = [];
    let stopped = false;
    const sendUntilRefused = async () => {
      while (!stopped) {
        const id = uuidv7();
        try {
          const response = await fetch(`${url}/api/v1/procedures/${key}/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify({ id, satisfaction: 'good', comment: 'Rien à signaler' }),
          });
          if (response.status === 201) acknowledged.push(id);
          else stopped = true;
        } catch {
          stopped = true; // connection refused or closed: the server stopped accepting
        }
      }
    };
    const clients = Array.from({ length: 8 }, sendUntilRefused);
    while (acknowledged.length < 50 && !stopped) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    await Promise.all(clients);

    expect(code, output().slice(-2000)).toBe(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
    const stored = readDatabase(databasePath, (db) => {
      const ids = new Set(
        (db.prepare('SELECT id FROM submissions').all() as { id: string }[]).map((r) => r.id),
      );
      return { ids, integrity: db.pragma('integrity_check', { simple: true }) };
    });
    expect(acknowledged.filter((id) => !stored.ids.has(id))).toEqual([]);
    expect(stored.integrity).toBe('ok');
  });
});
