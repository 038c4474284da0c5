import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedLargeProcedure } from '../fixtures/large-procedure.ts';
import { peakMegabytes, startServerProcess } from '../fixtures/server-process.ts';
import { temporaryDirectory } from '../helpers.ts';

describe('CSV export of a large procedure', () => {
  it('streams 150,000 answers with the server staying under 200 MB', async () => {
    const databasePath = join(temporaryDirectory(), 'avis.sqlite');
    const { key, secret, rows } = await seedLargeProcedure(databasePath, 520);
    expect(rows).toBeGreaterThan(150_000);

    const { child, url } = await startServerProcess({ DATABASE_PATH: databasePath });
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
    const peak = peakMegabytes(child.pid);
    child.kill('SIGTERM');
    await once(child, 'exit');

    expect(lines).toBe(rows + 1); // the header, then one line per answer
    expect(peak).toBeLessThan(200);
  }, 120_000);
});
