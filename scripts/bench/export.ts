import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { seedAnswers } from '../../server/src/seed.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';

/**
 * CSV export of one large procedure through the real server process: time to download it all,
 * and the server's peak resident memory (VmHWM) against its peak before the export.
 */
export default async function benchExport(quick: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-export-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const { key } = await store.createProcedure({ name: 'Impôts', allowedOrigins: [] });
    const seedStart = performance.now();
    const rows = await seedAnswers(store, {
      procedureKey: key,
      days: 365,
      perDay: quick ? 335 : 3350,
      quality: 0.5,
      end: new Date('2026-06-30T00:00:00Z'),
      timeZone: 'Europe/Paris',
    });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const user = await store.createUser({
      email: 'a@example.gouv.fr',
      passwordHash: 'x',
      isAdmin: true,
    });
    const secret = newSecret();
    await store.createApiKey({
      userId: user?.id as number,
      name: 'bench',
      keyHash: secretHash(secret),
    });
    await store.close();

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
    const peak = () =>
      Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) /
      1024;
    const before = peak();
    const start = performance.now();
    const response = await fetch(
      `${url}/api/v1/procedures/${key}/export.csv?from=2025-01-01&to=2026-12-31`,
      {
        headers: { authorization: `Bearer ${secret}` },
      },
    );
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
      bytes += chunk.length;
    const seconds = (performance.now() - start) / 1000;
    const after = peak();
    child.kill('SIGTERM');
    await once(child, 'exit');
    return [
      {
        rows,
        'seeding (rows/s)': Math.round(rows / seedSeconds),
        'export (s)': Number(seconds.toFixed(1)),
        'export (rows/s)': Math.round(rows / seconds),
        'CSV (MB)': Number((bytes / 1e6).toFixed(1)),
        'server peak RSS before (MB)': Math.round(before),
        'server peak RSS after (MB)': Math.round(after),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
