import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tableSheet, wallClockIn, writeXlsx } from '../../server/src/http/xlsx.ts';

/**
 * `count` rows of about a kilobyte of text that compresses little, counting how many the writer
 * has read, and whether it closed them.
 */
function countedRows(count: number) {
  const seen = { read: 0, closed: false };
  const rows = (function* (): Generator<[number, string]> {
    try {
      for (let i = 0; i < count; i++) {
        seen.read++;
        yield [i, randomBytes(768).toString('base64')];
      }
    } finally {
      seen.closed = true;
    }
  })();
  return { seen, rows };
}

const book = (rows: Iterable<[number, string]>) => ({
  readMe: { title: 'Essai', lines: [['Période', 'Une journée.']] as const },
  timeZone: 'Europe/Paris',
  sheets: [
    tableSheet(
      'Lignes',
      [
        { header: 'Numéro', type: 'number', width: 8, value: ([n]) => n },
        { header: 'Texte', type: 'text', width: 60, value: ([, text]) => text },
      ],
      rows,
    ),
  ],
});

describe('the Excel writer', () => {
  it('stops reading rows while nobody reads the file, and writes them all once someone does', async () => {
    const { seen, rows } = countedRows(50_000);
    const output = new PassThrough();
    const written = writeXlsx(output, book(rows));
    await sleep(1500);
    const readWhileBlocked = seen.read;
    await sleep(500);
    // A few megabytes of XML wait for the compressor, not the 50 MB of the whole sheet.
    expect(seen.read).toBe(readWhileBlocked);
    expect(readWhileBlocked).toBeLessThan(15_000);

    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    await written;
    expect(seen.read).toBe(50_000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Lignes');
    expect(sheet?.rowCount).toBe(50_001);
    expect(sheet?.getRow(50_001).getCell(1).value).toBe(49_999);
  }, 60_000);

  it('stops, and closes its rows, when the reader goes away', async () => {
    const { seen, rows } = countedRows(50_000);
    const output = new PassThrough();
    const written = writeXlsx(output, book(rows));
    output.once('data', () => output.destroy());
    output.resume();
    await expect(written).rejects.toThrow();
    expect(seen.closed).toBe(true);
    expect(seen.read).toBeLessThan(50_000);
  });

  it.each([
    // Paris, spring forward (2026-03-29) and fall back (2026-10-25), both at 01:00 UTC.
    ['Europe/Paris', '2026-03-29T00:59:59Z', '2026-03-29T01:59:59Z'],
    ['Europe/Paris', '2026-03-29T01:00:00Z', '2026-03-29T03:00:00Z'],
    ['Europe/Paris', '2026-10-25T00:59:59Z', '2026-10-25T02:59:59Z'],
    ['Europe/Paris', '2026-10-25T01:00:00Z', '2026-10-25T02:00:00Z'],
    ['Europe/Paris', '2026-12-31T23:30:00.250Z', '2027-01-01T00:30:00.250Z'],
    // Overseas France and a zone on the half hour.
    ['America/Cayenne', '2026-07-14T02:00:00Z', '2026-07-13T23:00:00Z'],
    ['Asia/Kolkata', '2026-07-14T20:00:00Z', '2026-07-15T01:30:00Z'],
  ])('in %s, %s reads %s', (timeZone, instant, wall) => {
    const wallClock = wallClockIn(timeZone);
    // The instant before first, as rows come in order: the day's offset is then reused.
    wallClock(new Date(Date.parse(instant) - 3_600_000));
    expect(wallClock(new Date(instant)).toISOString()).toBe(new Date(wall).toISOString());
  });
});
