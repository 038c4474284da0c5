import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { seedAnswers } from '../../server/src/seed.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { temporaryDirectory } from '../helpers.ts';

/** Peak resident memory of a process, in MB (Linux). */
function peakMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

describe('CSV export of a large procedure', () => {
  it('streams 150,000 answers with the server staying under 200 MB', async () => {
    const databasePath = join(temporaryDirectory(), 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Impôts', allowedOrigins: [] });
    const rows = await seedAnswers(store, {
      procedureKey: key,
      days: 365,
      perDay: 520,
      quality: 0.5,
      end: new Date('2026-06-30T00:00:00Z'),
      timeZone: 'Europe/Paris',
    });
    const user = await store.createUser({
      email: 'a@example.gouv.fr',
      passwordHash: 'x',
      isAdmin: true,
    });
    const secret = newSecret();
    await store.createApiKey({
      userId: user?.id as number,
      name: 'export',
      keyHash: secretHash(secret),
    });
    await store.close();
    expect(rows).toBeGreaterThan(150_000);

    const child = spawn(process.execPath, ['dist/server.js'], {
      env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1] as string);
      });
    });
    const response = await fetch(
      `${url}/api/v1/procedures/${key}/export.csv?from=2025-01-01&to=2026-12-31`,
      {
        headers: { authorization: `Bearer ${secret}` },
      },
    );
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      for (const byte of chunk) if (byte === 10) lines++; // the seeded comments hold no newline
    }
    const peak = peakMegabytes(child.pid as number);
    child.kill('SIGTERM');
    await once(child, 'exit');

    expect(lines).toBe(rows + 1); // the header, then one line per answer
    console.log(`export: ${rows} rows, server peak RSS ${peak.toFixed(0)} MB`);
    expect(peak).toBeLessThan(200);
  }, 120_000);
});
