import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedLargeProcedure } from '../../test/fixtures/large-procedure.ts';
import { peakMegabytes, startServerProcess } from '../../test/fixtures/server-process.ts';

/**
 * CSV and Excel exports of one large procedure through the real server process, each format in a
 * server of its own (the peak resident memory, VmHWM, only grows): time to download it all, and
 * the server's peak before and after the export. Goals for a million answers: CSV < 10 s and
 * < 200 MB, Excel < 30 s and < 300 MB (issue 28).
 */
export default async function benchExport(quick: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-export-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const { key, secret, rows, seedSeconds } = await seedLargeProcedure(
      databasePath,
      quick ? 335 : 3350,
    );
    const results = [];
    for (const format of ['csv', 'xlsx']) {
      const { child, url } = await startServerProcess({ DATABASE_PATH: databasePath });
      const before = peakMegabytes(child.pid);
      const start = performance.now();
      const response = await fetch(
        `${url}/api/v1/procedures/${key}/export.${format}?from=2025-01-01&to=2026-12-31`,
        { headers: { authorization: `Bearer ${secret}` } },
      );
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        bytes += chunk.length;
      const seconds = (performance.now() - start) / 1000;
      const after = peakMegabytes(child.pid);
      child.kill('SIGTERM');
      await once(child, 'exit');
      results.push({
        format,
        rows,
        'seeding (rows/s)': Math.round(rows / seedSeconds),
        'export (s)': Number(seconds.toFixed(1)),
        'export (rows/s)': Math.round(rows / seconds),
        'file (MB)': Number((bytes / 1e6).toFixed(1)),
        'server peak RSS before (MB)': Math.round(before),
        'server peak RSS after (MB)': Math.round(after),
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
