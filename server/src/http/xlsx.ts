import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * Tables as Excel workbooks, written row by row by exceljs' streaming writer straight to the reply
 * (docs/design.md §4, issue 28): never the whole file in memory, whatever the number of rows.
 */

/** What a cell of a table holds; `undefined` is an empty cell. */
export type CellValue = string | number | boolean | Date | undefined;

/**
 * How a column is written:
 * - `text`: a string cell (a boolean reads «oui»/«non», as in the CSV), formatted as Text, so
 *   that `=HYPERLINK(…)` in a comment stays the words it is, even once edited in Excel;
 * - `number`: a number, in `numberFormat` if given (Excel's code, e.g. `0.0` or `0 %`);
 * - `day`: a calendar day `YYYY-MM-DD`, written as an Excel date;
 * - `instant`: a `Date`, written as the date and time it was in the reporting time zone (Excel's
 *   dates have no time zone: the reader sees the hour a person in Paris saw).
 */
export type ColumnType = 'text' | 'number' | 'day' | 'instant';

export type TableColumn<Row> = {
  /** French, as the reader sees it. */
  header: string;
  type: ColumnType;
  /** In characters, as Excel counts them. */
  width: number;
  numberFormat?: string;
  value: (row: Row) => CellValue;
};

/**
 * One sheet: its name (at most 31 characters, Excel's limit), its columns and its rows, each read
 * through the columns' `value`. Made by `tableSheet`, whose types check that the rows are the
 * columns'.
 */
export type Sheet = {
  name: string;
  columns: readonly TableColumn<never>[];
  rows: AsyncIterable<unknown> | Iterable<unknown>;
};

export function tableSheet<Row>(
  name: string,
  columns: readonly TableColumn<Row>[],
  rows: AsyncIterable<Row> | Iterable<Row>,
): Sheet {
  return { name, columns, rows };
}

/** The «À lire» sheet: a title, then one line a fact (period, licence, definitions…). */
export type ReadMe = { title: string; lines: readonly (readonly [label: string, text: string])[] };

export type Workbook = {
  /** Shown first, as an official statistics file shows its notes before its tables. */
  readMe: ReadMe;
  sheets: readonly Sheet[];
  /** The reporting time zone (TZ_REPORT), for `instant` columns. */
  timeZone: string;
};

export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's format codes, stored in English whatever the reader's language. */
const numberFormats: Record<Exclude<ColumnType, 'number'>, string> = {
  text: '@',
  day: 'dd/mm/yyyy',
  instant: 'dd/mm/yyyy hh:mm:ss',
};

/**
 * Rows written between two turns of the event loop: a row costs exceljs 20 to 40 µs, so a batch
 * is a few milliseconds and /healthz still answers within 100 ms during an export (issue 24).
 */
const rowsPerTurn = 200;

/**
 * Sheet XML that may wait for the compressor before more rows are written. exceljs' streaming
 * writer hands its XML to the zip without waiting (its buffer ignores what `write` answers): a
 * slow reader, or a compressor slower than the rows, let the rows pile up in memory (measured:
 * 30 MB a 50,000 rows). So the writer waits for that queue to drain past this size. 4 MB, as
 * measured on 150,000 answers: as fast as not waiting, 15 to 20 MB less at the peak; 1 MB made
 * the export a third slower, the writer stopping for the compressor too often. The queue is
 * exceljs 4.4.0's own (`stream.pipes`, readable-stream's `_writableState`): xlsx.test.ts fails
 * if an upgrade moves it.
 */
const queuedBytesLimit = 4 << 20;

type SheetQueue = { _writableState?: { length: number } } & NodeJS.EventEmitter;

function sheetQueue(sheet: ExcelJS.Worksheet): SheetQueue | undefined {
  return (sheet as unknown as { stream: { pipes?: SheetQueue[] } }).stream.pipes?.[0];
}

/**
 * The workbook, written to `output` as it is read; it throws (and stops reading the rows) when
 * `output` is closed first, e.g. by a reader who went away.
 */
export async function writeXlsx(output: Writable, book: Workbook): Promise<void> {
  const closed = new AbortController();
  output.once('close', () => closed.abort());
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    // Each string in its cell: a shared-strings table would hold every comment until the end.
    useSharedStrings: false,
    // Level 1: on 30,000 answers, level 6 made the file a sixth smaller but held the event loop
    // about three times as long (measured on a busy machine).
    zip: { zlib: { level: 1 } },
  });
  workbook.creator = 'Je donne mon avis';
  writeReadMe(workbook, book.readMe);
  for (const sheet of book.sheets) await writeSheet(workbook, sheet, book.timeZone, closed.signal);
  await workbook.commit();
}

function writeReadMe(workbook: ExcelJS.stream.xlsx.WorkbookWriter, readMe: ReadMe) {
  const sheet = workbook.addWorksheet('À lire');
  sheet.columns = [{ width: 28 }, { width: 100 }];
  const title = sheet.addRow([readMe.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  sheet.addRow([]).commit();
  for (const [label, text] of readMe.lines) {
    const line = sheet.addRow([label, text]);
    line.getCell(1).font = { bold: true };
    line.alignment = { vertical: 'top', wrapText: true };
    line.commit();
  }
  sheet.commit();
}

async function writeSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  table: Sheet,
  timeZone: string,
  closed: AbortSignal,
) {
  const sheet = workbook.addWorksheet(table.name, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.columns.map((column) => ({ width: column.width }));
  const header = sheet.addRow(table.columns.map((column) => column.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.commit();
  // One style object a column, given to each of its cells: exceljs recognises an object it has
  // seen, where a fresh one per cell cost it a lookup by its XML (measured: half the export's
  // time).
  const styles = table.columns.map((column) => ({
    numFmt:
      column.numberFormat ?? (column.type === 'number' ? 'General' : numberFormats[column.type]),
  }));
  // tableSheet checked that the rows are the columns' (a `never` row is that row erased).
  const cellOf = table.columns.map((column) => {
    const write = cellWriter(column.type, timeZone);
    const value = column.value as (row: unknown) => CellValue;
    return (row: unknown) => write(value(row));
  });
  let written = 0;
  for await (const item of table.rows) {
    closed.throwIfAborted();
    // An empty cell is left out (`undefined`): given `null`, exceljs writes it, styled.
    const row = sheet.addRow(cellOf.map((cell) => cell(item)));
    row.eachCell((cell, column) => {
      cell.style = styles[column - 1] as Partial<ExcelJS.Style>;
    });
    row.commit();
    if (++written % rowsPerTurn === 0) {
      await nextTurn();
      const queue = sheetQueue(sheet);
      if (queue && (queue._writableState?.length ?? 0) > queuedBytesLimit)
        await once(queue, 'drain', { signal: closed });
    }
  }
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: written + 1, column: table.columns.length },
  };
  sheet.commit();
}

/** A value as its column's cell holds it. */
function cellWriter(type: ColumnType, timeZone: string): (value: CellValue) => CellValue {
  if (type === 'instant') {
    const wallClock = wallClockIn(timeZone);
    return (value) => (value instanceof Date ? wallClock(value) : value);
  }
  if (type === 'day')
    return (value) => (typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value);
  return (value) => (typeof value === 'boolean' ? (value ? 'oui' : 'non') : value);
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The instant as a `Date` whose UTC fields are its date and time in `timeZone`: exceljs writes a
 * date's UTC fields. Asking Intl costs microseconds, so the offset is asked at both ends of each
 * UTC day and kept for the day when they agree; a day the clocks change is asked answer by answer.
 */
export function wallClockIn(timeZone: string): (instant: Date) => Date {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (ms: number) => {
    const p = Object.fromEntries(
      format.formatToParts(new Date(ms)).map((part) => [part.type, Number(part.value)]),
    );
    const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute, p.second);
    return wall - (ms - (ms % 1000));
  };
  let day = Number.NaN;
  let dayOffset: number | undefined;
  return (instant) => {
    const ms = instant.getTime();
    if (Math.floor(ms / dayMs) !== day) {
      day = Math.floor(ms / dayMs);
      const start = offsetAt(day * dayMs);
      dayOffset = start === offsetAt((day + 1) * dayMs - 1000) ? start : undefined;
    }
    return new Date(ms + (dayOffset ?? offsetAt(ms)));
  };
}

/**
 * The workbook as the reply's body, streamed as it is written. An error while writing ends the
 * reply early: the reader's spreadsheet then refuses the truncated file rather than showing part
 * of it as if it were whole.
 */
export function sendXlsx(reply: FastifyReply, fileName: string, book: Workbook): FastifyReply {
  const body = new PassThrough();
  writeXlsx(body, book).catch((error: unknown) => {
    if (!body.destroyed) body.destroy(error as Error);
  });
  return (
    reply
      .type(xlsxMediaType)
      .header('content-disposition', `attachment; filename="${fileName}"`)
      // A stream is sent as it is; a route's schema only documents it.
      .send(body as never)
  );
}
