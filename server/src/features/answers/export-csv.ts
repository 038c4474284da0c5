import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CellValue, TableColumn } from '../../http/xlsx.ts';

/**
 * A cell as French Excel reads it: `;`-separated, quoted when needed, and neutralised when it
 * starts like a formula (`= + - @`, tab, CR): a comment can never run code in the reader's
 * spreadsheet (OWASP CSV injection). A number has a decimal comma and is never neutralised (a
 * fall of `-0,5` is a number, not a formula); an instant is written in UTC (ISO 8601), a day as
 * it is.
 */
export function csvCell(value: CellValue): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value).replace('.', ',');
  let text =
    typeof value === 'boolean'
      ? value
        ? 'oui'
        : 'non'
      : value instanceof Date
        ? value.toISOString()
        : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(cells: CellValue[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

/**
 * The CSV as the rows arrive, in chunks of about 64 KB (a chunk a row would cost more in stream
 * bookkeeping than in data), the event loop free between chunks: UTF-8 with a BOM so Excel reads
 * the accents.
 */
export async function* csvChunks<Row>(
  rows: AsyncIterable<Row> | Iterable<Row>,
  columns: readonly TableColumn<Row>[],
): AsyncGenerator<string> {
  let chunk = `\uFEFF${csvRow(columns.map((column) => column.header))}`;
  for await (const row of rows) {
    chunk += csvRow(columns.map((column) => column.value(row)));
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
      // A chunk is a few hundred rows (~2 ms): the loop turns between chunks, so a year's export
      // never holds up the other requests (issue 24), even when the reader keeps up.
      await nextTurn();
    }
  }
  yield chunk;
}
