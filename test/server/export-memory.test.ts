import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedLargeProcedure } from '../fixtures/large-procedure.ts';
import { peakMegabytes, startServerProcess } from '../fixtures/server-process.ts';
import { temporaryDirectory } from '../helpers.ts';

describe('exports of a large procedure', () => {
  // What an export adds to the server's memory, over what the server holds before it: what
  // streaming promises, whatever the runtime. Node.js 24 starts 15 MB larger than 20 and its
  // collector lets the young objects of a long loop pile up further before it runs (an export
  // added 52 MB on Node.js 20, 108–114 MB on 24); building the file in memory instead would add
  // several hundred. The absolute figures, for a million answers, are in BENCHMARKS.md.
  it('streams 150,000 answers as CSV adding under 150 MB, then as Excel under 250 MB', async () => {
    const databasePath = join(temporaryDirectory(), 'avis.sqlite');
    const { key, secret, rows } = await seedLargeProcedure(databasePath, 520);
    expect(rows).toBeGreaterThan(150_000);

    const { child, url } = await startServerProcess({ DATABASE_PATH: databasePath });
    const idle = peakMegabytes(child.pid);
    const download = async (format: string) =>
      (
        await fetch(
          `${url}/api/v1/procedures/${key}/export.${format}?from=2025-01-01&to=2026-12-31`,
          {
            headers: { authorization: `Bearer ${secret}` },
          },
        )
      ).body as unknown as AsyncIterable<Uint8Array>;

    let lines = 0;
    for await (const chunk of await download('csv')) {
      for (const byte of chunk) if (byte === 10) lines++; // the seeded comments hold no newline
    }
    const csvPeak = peakMegabytes(child.pid);

    let last: Uint8Array = new Uint8Array();
    for await (const chunk of await download('xlsx')) last = chunk;
    const xlsxPeak = peakMegabytes(child.pid);
    child.kill('SIGTERM');
    await once(child, 'exit');

    expect(lines).toBe(rows + 1); // the header, then one line per answer
    expect(csvPeak - idle).toBeLessThan(150);
    // A whole zip: it ends with its end-of-central-directory record.
    expect(Buffer.from(last).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(true);
    // The server's memory during an Excel export is a saw, V8 collecting exceljs' short-lived
    // objects in bursts; pages of rows small enough to die young keep its peaks low
    // (store/submissions.ts, exportPageSize).
    expect(xlsxPeak - idle).toBeLessThan(250);
  }, 240_000);
});
