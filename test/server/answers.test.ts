import { describe, expect, it } from 'vitest';
import { csvCell } from '../../server/src/features/answers/export-csv.ts';
import { startTestApp, testDatabases, testPasswordHash, uuidv7 } from '../helpers.ts';

const minute = 60 * 1000;

/** The app with answers posted a minute apart, and an owner's API key to read them. */
async function withAnswers(database: Record<string, string>, answers: Record<string, unknown>[]) {
  const t = await startTestApp({ ...database, RATE_LIMIT_PER_HOUR: '100000' });
  const owner = await t.store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash: await testPasswordHash('x'.repeat(12)),
    isAdmin: false,
  });
  if (!owner) throw new Error('no owner');
  await t.store.setRole(owner.id, t.procedure.key, 'owner');
  const { newSecret, secretHash } = await import('../../server/src/auth/secrets.ts');
  const key = newSecret();
  await t.store.createApiKey({ userId: owner.id, name: 'test', keyHash: secretHash(key) });
  const ids: string[] = [];
  for (const answer of answers) {
    t.clock.advance(minute);
    const id = uuidv7(t.clock.current.getTime());
    expect((await t.post({ id, ...answer })).statusCode).toBe(201);
    ids.push(id);
  }
  const get = (path: string) =>
    t.app.inject({
      url: `/api/v1/procedures/${t.procedure.key}${path}`,
      headers: { authorization: `Bearer ${key}` },
    });
  return { ...t, ids, get };
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    describe('reading answers', () => {
      it('finds comments whatever their accents and case', async () => {
        const t = await withAnswers(await database.env(), [
          { satisfaction: 'bad', comment: 'La démarche était longue' },
          { satisfaction: 'good', comment: 'Rien à dire' },
          { satisfaction: 'medium', comment: 'DÉMARCHES compliquées, trop de pièces' },
          { satisfaction: 'good' },
        ]);
        const found = async (q: string) =>
          (await t.get(`/feedback?q=${encodeURIComponent(q)}`))
            .json()
            .items.map((i: { comment: string }) => i.comment);
        expect(await found('demarche')).toEqual([
          'DÉMARCHES compliquées, trop de pièces',
          'La démarche était longue',
        ]);
        expect(await found('Démarche longue')).toEqual(['La démarche était longue']);
        expect(await found('pieces')).toEqual(['DÉMARCHES compliquées, trop de pièces']);
        expect(await found('"AND" OR *')).toEqual([]); // search syntax is taken as words, never an error
      });

      it('filters by satisfaction, comment and suspicion', async () => {
        const t = await withAnswers(await database.env(), [
          { satisfaction: 'bad', comment: 'https://spam.example' },
          { satisfaction: 'bad' },
          { satisfaction: 'good', comment: 'Parfait' },
        ]);
        const count = async (query: string) =>
          (await t.get(`/feedback?${query}`)).json().items.length;
        expect(await count('satisfaction=bad')).toBe(2);
        expect(await count('withComment=true')).toBe(2);
        expect(await count('withComment=false')).toBe(1);
        expect(await count('suspect=true')).toBe(1);
        expect(await count('suspect=false&withComment=true')).toBe(1);
      });

      it('pages newest first with a cursor, without gaps or repeats', async () => {
        const t = await withAnswers(
          await database.env(),
          Array.from({ length: 5 }, (_, i) => ({ satisfaction: 'good', comment: `n°${i}` })),
        );
        const seen: string[] = [];
        let cursor = '';
        for (let page = 0; page < 5; page++) {
          const body = (await t.get(`/feedback?limit=2${cursor && `&cursor=${cursor}`}`)).json();
          seen.push(...body.items.map((i: { id: string }) => i.id));
          if (!body.nextCursor) break;
          cursor = body.nextCursor;
        }
        expect(seen).toEqual([...t.ids].reverse());
      });
    });

    describe('CSV export', () => {
      it('is UTF-8 with a BOM, `;`-separated, with French headers and one column per question', async () => {
        const t = await withAnswers(await database.env(), [
          {
            satisfaction: 'medium',
            clarity: 3,
            help: ['phone', 'relative'],
            reached: false,
            comment: 'Trop long; vraiment "trop"',
          },
          {
            satisfaction: 'good',
            help: ['phone', 'counter', 'chat'],
            reached: { phone: false, counter: true, chat: true },
            helpQuality: { counter: 4, chat: 1 },
          },
        ]);
        const response = await t.get('/export.csv?from=2026-01-01&to=2026-12-31');
        expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(response.headers['content-disposition']).toMatch(/^attachment; filename="avis-/);
        const [header, row, perChannel] = response.body.split('\r\n');
        expect(header?.startsWith('\uFEFFIdentifiant;Reçu le;Jour;')).toBe(true);
        // The indicators' columns carry JDMA's names, as the dashboard shows them.
        expect(header).toContain(
          'Satisfaction usager;Simplicité du langage (1-5);Aide recherchée;Aide : autre;' +
            'Aide joignable : guichet;Aide joignable : téléphone;Aide joignable : e-mail;' +
            'Aide joignable : chat;Aide joignable : canal non précisé;' +
            'Aide efficace (1-5) : guichet;Aide efficace (1-5) : téléphone;' +
            'Aide efficace (1-5) : e-mail;Aide efficace (1-5) : chat;' +
            'Aide efficace (1-5) : canal non précisé;Commentaire;',
        );
        // The earlier shape's one answer is the channel unknown's (docs/design.md §2).
        expect(row).toContain(
          ';Moyen;3;Par téléphone, Une personne proche;;;;;;non;;;;;;"Trop long; vraiment ""trop""";0;non',
        );
        expect(perChannel).toContain(';oui;non;;oui;;4;;;1;;;0;non');
        // The questionnaire version each answer was given under, last.
        expect(header?.endsWith(';Thèmes;Version du questionnaire')).toBe(true);
        expect(row?.endsWith(';1')).toBe(true);
      });

      it('answers keep being saved while a large export streams', async () => {
        const t = await withAnswers(await database.env(), []);
        const day = t.clock.current.toISOString().slice(0, 10);
        await t.store.saveSubmissions(
          Array.from({ length: 3000 }, (_, i) => ({
            id: uuidv7(t.clock.current.getTime() - i * 1000),
            procedureKey: t.procedure.key,
            answer: { satisfaction: 'good' as const, comment: `Commentaire ${i} `.repeat(8) },
            receivedAt: new Date(t.clock.current.getTime() - i * 1000),
            day,
          })),
        );
        const exported = t.get(`/export.csv?from=${day}&to=${day}`);
        // The export yields between its chunks: answers arrive in between, as they would.
        const posted = [];
        for (let i = 0; i < 5; i++) {
          await new Promise((resolve) => setImmediate(resolve));
          posted.push(await t.post({ id: uuidv7(t.clock.current.getTime()), satisfaction: 'bad' }));
        }
        expect(posted.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
        const csv = (await exported).body;
        expect(csv.split('\r\n').length).toBeGreaterThanOrEqual(3002);
      });

      it('neutralises cells that a spreadsheet would run as formulas', async () => {
        const t = await withAnswers(await database.env(), [
          { satisfaction: 'bad', comment: '=HYPERLINK("http://evil.example","clic")' },
          { satisfaction: 'bad', comment: '+33 c’est le code' },
          { satisfaction: 'bad', comment: '@SUM(A1:A9)' },
        ]);
        const body = (await t.get('/export.csv?from=2026-01-01&to=2026-12-31')).body;
        expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`);
        expect(body).toContain(";'@SUM(A1:A9);");
        expect(body).not.toMatch(/;[=+@]/);
      });

      it.each([
        ['=1+1', "'=1+1"],
        ['-2', "'-2"],
        ['\tcmd', "'\tcmd"],
        ['a;b', '"a;b"'],
        ['ligne\nsuivante', '"ligne\nsuivante"'],
        ['simple', 'simple'],
      ])('cell %j becomes %j', (input, output) => {
        expect(csvCell(input)).toBe(output);
      });

      it.each([
        [-1.2, '-1,2'],
        [7.5, '7,5'],
        [120, '120'],
      ])('number %j is written %j: a decimal comma, never neutralised', (input, output) => {
        expect(csvCell(input)).toBe(output);
      });
    });
  });
});
