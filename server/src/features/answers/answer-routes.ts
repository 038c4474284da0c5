import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { procedureOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { askedPeriod, periodLimits, queryDay, refinePeriod } from '../../http/period-schema.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import { sendXlsx, tableSheet, xlsxMediaType } from '../../http/xlsx.ts';
import type { Store, Submission } from '../../store/store.ts';
import type { Theme } from '../../store/themes.ts';
import { commentTopics } from '../topics/comment-themes.ts';
import { answerPage, answersQuery, themeFilter } from './answer-list-schema.ts';
import { answerColumns, answersReadMe } from './answer-table.ts';
import { csvChunks } from './export-csv.ts';

function view(s: Submission, themesOf: (comment: string) => Theme[]) {
  const { source, ...answer } = s.answer;
  return {
    id: s.id,
    receivedAt: s.receivedAt.toISOString(),
    day: s.day,
    source: s.source,
    ...answer,
    ...(answer.comment !== undefined && { themes: themesOf(answer.comment).map((t) => t.name) }),
    redactions: s.redactions,
    suspect: s.suspect,
  };
}

/** Reading, moderating and exporting a procedure's answers (docs/design.md §4). */
export const answerRoutes: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
}> = async (app, { store, now, reportTimeZone, minAnswers }) => {
  const tags = ['answers'];

  app.get(
    '/api/v1/procedures/:key/feedback',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'listAnswers',
        tags,
        summary: 'Answers, newest first, one page at a time',
        params: procedureParams,
        querystring: answersQuery,
        response: {
          200: answerPage,
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => {
      const procedure = procedureOf(request);
      const q = request.query;
      const topics = await commentTopics(store, procedure.key, q);
      const page = await store.listSubmissions({
        procedureKey: procedure.key,
        fromDay: q.from,
        toDay: q.to,
        satisfaction: q.satisfaction,
        withComment: q.withComment,
        suspect: q.suspect,
        search: q.q,
        cursor: q.cursor,
        limit: q.limit,
        commentMatches: topics.matches,
      });
      return {
        items: page.items.map((s) => view(s, topics.themesOf)),
        nextCursor: page.nextCursor ?? null,
      };
    },
  );

  app.delete(
    '/api/v1/procedures/:key/feedback/:id',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'deleteAnswer',
        tags,
        summary: 'Remove an answer (owner); recorded in the audit log',
        params: procedureParams.extend({ id: z.uuid() }),
        response: { 204: noContent('Removed'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { key } = procedureOf(request);
      const { id } = request.params;
      const entry = auditEntry(actorOf(request, now), 'answer.delete', `${key}/${id}`);
      const removed = await store.deleteSubmission(id, key, entry);
      if (!removed) throw new HttpProblem(404, 'This procedure has no answer with this id.');
      return reply.code(204).send();
    },
  );

  /** The period, theme filter and bounds the CSV and Excel exports share. */
  const exportQuery = z
    .object({
      from: queryDay.optional().meta({
        description: `First day, YYYY-MM-DD (default: 364 days before \`to\`).`,
      }),
      to: queryDay.optional().meta({
        description: 'Last day, included, YYYY-MM-DD (default: today).',
      }),
      theme: themeFilter.optional(),
    })
    .superRefine(refinePeriod);
  const exportBounds = `Days from ${periodLimits.firstDay} to ${periodLimits.lastDay}, a period of at most ${periodLimits.longestDays} days (5 years); a longer one is a 400 problem.`;

  /** The answers an export request asks for, their columns, and what names the file. */
  async function exported(request: FastifyRequest, query: z.infer<typeof exportQuery>) {
    const procedure = procedureOf(request);
    const period = askedPeriod(query, now(), reportTimeZone, 365);
    const topics = await commentTopics(store, procedure.key, query);
    const rows = store.exportSubmissions({
      procedureKey: procedure.key,
      fromDay: period.from,
      toDay: period.to,
    });
    return {
      procedure,
      period,
      topics,
      rows: onlyMatching(rows, topics.matches),
      columns: answerColumns(topics.themesOf),
      fileName: `avis-${procedure.key}-${period.from}-${period.to}`,
    };
  }

  app.get(
    '/api/v1/procedures/:key/export.csv',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'exportAnswersCsv',
        tags,
        summary: 'Every answer of a period as CSV for French Excel (owner), streamed',
        params: procedureParams,
        description: `${exportBounds} Sent as it is read, a chunk of about 64 KB at a time.`,
        querystring: exportQuery,
        response: {
          200: {
            description: 'UTF-8 with a BOM, `;`-separated, one answer a line.',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { rows, columns, fileName } = await exported(request, request.query);
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${fileName}.csv"`)
          // A stream is sent as it is; the string schema above only documents it.
          .send(Readable.from(csvChunks(rows, columns)) as never)
      );
    },
  );

  app.get(
    '/api/v1/procedures/:key/export.xlsx',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'exportAnswersXlsx',
        tags,
        summary: 'Every answer of a period as an Excel workbook (owner), streamed',
        params: procedureParams,
        description: `${exportBounds} The columns of the CSV, typed: dates are dates (in the reporting time zone), numbers are numbers, text is text (never a formula). A first sheet «À lire» says the period and how to read the columns. Written as it is read.`,
        querystring: exportQuery,
        response: {
          200: {
            description: 'An Office Open XML workbook: the sheets «À lire» and «Réponses».',
            content: { [xlsxMediaType]: { schema: z.string() } },
          },
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { procedure, period, topics, rows, columns, fileName } = await exported(
        request,
        request.query,
      );
      const theme = request.query.theme;
      return sendXlsx(reply, `${fileName}.xlsx`, {
        readMe: answersReadMe({
          procedureName: procedure.name,
          ...period,
          theme:
            theme === undefined
              ? undefined
              : theme === 'none'
                ? 'Sans thème'
                : topics.themes.find((t) => t.id === theme)?.name,
          exportedAt: now(),
          minAnswers,
          timeZone: reportTimeZone,
        }),
        sheets: [tableSheet('Réponses', columns, rows)],
        timeZone: reportTimeZone,
      });
    },
  );
};

/**
 * The answers whose comment passes `matches`; all of them without a test. A theme or a term folds
 * each comment (~20 µs): the loop turns every 250 read, as few may pass to fill a chunk.
 */
function onlyMatching(
  rows: AsyncIterable<Submission>,
  matches: ((comment: string) => boolean) | undefined,
): AsyncIterable<Submission> {
  // Without a test, the rows as they are: a generator around them costs a promise an answer.
  if (!matches) return rows;
  return (async function* () {
    let read = 0;
    for await (const s of rows) {
      if (++read % 250 === 0) await nextTurn();
      if (s.answer.comment !== undefined && matches(s.answer.comment)) yield s;
    }
  })();
}
