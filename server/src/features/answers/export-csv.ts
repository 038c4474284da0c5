import { setImmediate as nextTurn } from 'node:timers/promises';
import { indicatorLabels } from '../../../../common/indicator-labels.ts';
import { labels } from '../../../../common/questionnaire-words.ts';
import { type RollupChannel, rollupChannels } from '../../store/rollups.ts';
import type { Submission } from '../../store/store.ts';

const t = labels.fr;
const { names } = indicatorLabels.fr;

/**
 * Short channel names for the headers; `unknown` is an answer in the earlier shape
 * (docs/design.md §2).
 */
const channelNames: Record<RollupChannel, string> = {
  counter: 'guichet',
  phone: 'téléphone',
  email: 'e-mail',
  chat: 'chat',
  unknown: 'canal non précisé',
};

/**
 * French headers, one column per question (issue: export for French Excel), each named after the
 * indicator it feeds, in JDMA's words, so the file reads like the dashboard.
 */
const headers = [
  'Identifiant',
  'Reçu le',
  'Jour',
  'Emplacement',
  'Langue',
  names.satisfaction,
  `${names.clarity} (1-5)`,
  'Aide recherchée',
  'Aide : autre',
  // One column per channel for each (issue 15): which channel fails is the point of asking so.
  ...rollupChannels.map((c) => `${names.reached} : ${channelNames[c]}`),
  ...rollupChannels.map((c) => `${names.helpQuality} (1-5) : ${channelNames[c]}`),
  'Commentaire',
  'Données personnelles retirées',
  'Suspect',
  // After the columns of the answer itself: the themes are the procedure's reading of it.
  'Thèmes',
  // The questionnaire version it was given under: an empty cell of a step it was not asked is
  // not a step it skipped (docs/design.md §2, «Versions»).
  'Version du questionnaire',
];

/**
 * A cell as French Excel reads it: `;`-separated, quoted when needed, and neutralised when it
 * starts like a formula (`= + - @`, tab, CR): a comment can never run code in the reader's
 * spreadsheet (OWASP CSV injection).
 */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = typeof value === 'boolean' ? (value ? 'oui' : 'non') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One channel's answer: the earlier shape's single answer is the channel unknown's. */
function channelAnswer<T extends boolean | number>(
  answer: T | Partial<Record<Exclude<RollupChannel, 'unknown'>, T>> | undefined,
  channel: RollupChannel,
): T | undefined {
  if (answer === undefined || typeof answer !== 'object')
    return channel === 'unknown' ? answer : undefined;
  return channel === 'unknown' ? undefined : answer[channel];
}

function csvRow(cells: (string | number | boolean | undefined)[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

/**
 * The CSV as the rows arrive, in chunks of about 64 KB (a chunk a row would cost more in stream
 * bookkeeping than in data), the event loop free between chunks: UTF-8 with a BOM so Excel reads
 * the accents.
 */
export async function* csvChunks(
  submissions: AsyncIterable<Submission>,
  themesOf: (comment: string) => { name: string }[],
): AsyncGenerator<string> {
  let chunk = `\uFEFF${csvRow(headers)}`;
  for await (const s of submissions) {
    const a = s.answer;
    chunk += csvRow([
      s.id,
      s.receivedAt.toISOString(),
      s.day,
      s.source,
      a.lang,
      t.satisfactionAnswers[a.satisfaction],
      a.clarity,
      a.help?.map((c) => t.helpChannels[c]).join(', '),
      a.helpOther,
      ...rollupChannels.map((c) => channelAnswer(a.reached, c)),
      ...rollupChannels.map((c) => channelAnswer(a.helpQuality, c)),
      a.comment,
      s.redactions,
      s.suspect,
      a.comment === undefined
        ? undefined
        : themesOf(a.comment)
            .map((theme) => theme.name)
            .join(', '),
      s.version,
    ]);
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
