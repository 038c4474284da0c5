import { describe, expect, it } from 'vitest';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { procedureTopics } from '../../server/src/features/topics/procedure-topics.ts';
import { starterThemes } from '../../server/src/features/topics/starter-themes.ts';
import type { TopicsResponse } from '../../server/src/features/topics/topics-schema.ts';
import type { IncomingSubmission } from '../../server/src/store/store.ts';
import { adminApiKey } from '../fixtures/admin-api-key.ts';
import { startTestApp, type TestApp, testDatabases, uuidv7 } from '../helpers.ts';

type Planted = [n: number, day: string, satisfaction: Answer['satisfaction'], comment: string];

/** `n` answers a line, each with the comment, received at noon of its day (one minute apart). */
async function plant(t: TestApp, lines: Planted[], extra: Partial<Answer> = {}, suspect = false) {
  const submissions: IncomingSubmission[] = [];
  for (const [n, day, satisfaction, comment] of lines) {
    for (let i = 0; i < n; i++) {
      const receivedAt = new Date(Date.parse(`${day}T12:00:00Z`) + submissions.length * 1000);
      submissions.push({
        id: uuidv7(receivedAt.getTime()),
        procedureKey: t.procedure.key,
        answer: { satisfaction, comment, ...extra },
        receivedAt,
        day,
        suspect,
      });
    }
  }
  await t.store.saveSubmissions(submissions);
}

async function client(t: TestApp) {
  const authorization = `Bearer ${await adminApiKey(t.store)}`;
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1/procedures/${t.procedure.key}${path}`,
      headers: { authorization, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
  return {
    call,
    topics: async (query: string) => {
      const response = await call('GET', `/topics?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as TopicsResponse;
    },
  };
}

const march = 'from=2026-03-01&to=2026-03-31';

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('lists a planted term with its exact count, share and satisfaction, against the previous period', async () => {
      const t = await startTestApp(await database.env());
      await plant(t, [
        [120, '2026-03-05', 'bad', 'Le paiement par carte a échoué plusieurs fois'],
        [30, '2026-03-06', 'medium', 'Paiements refusés, mais le reste va'],
        [50, '2026-03-07', 'good', 'Rapide et clair'],
        [20, '2026-02-10', 'bad', 'Le paiement a échoué'],
        [80, '2026-02-11', 'good', 'Rapide'],
        // Outside both periods: never counted.
        [500, '2026-01-05', 'bad', 'paiement paiement'],
      ]);
      const { topics } = await client(t);
      const body = await topics(march);
      expect(body.previous).toEqual({ from: '2026-01-29', to: '2026-02-28' });
      expect(body.comments).toBe(200);
      expect(body.previousComments).toBe(100);
      expect(body.pending).toBe(0);
      const payment = body.terms.find((term) => term.key === 'pai');
      expect(payment).toMatchObject({
        label: 'paiement',
        kind: 'word',
        comments: 150,
        share: 75,
        previous: { comments: 20, share: 20 },
        change: 55,
      });
      // (0·120 + 5·30) / 150 = 1, with its margin and «Pas bien», as the indicators give it.
      expect(payment?.satisfaction).toMatchObject({
        value: 1,
        sample: 150,
        levelLabel: 'Pas bien',
        insufficient: false,
      });
      expect(body.terms[0]?.key).toBe('pai');
      expect(body.rising.map((term) => term.key)).toContain('pai');
      expect(body.rising.map((term) => term.key)).not.toContain('rapid');
      expect(body.terms.find((term) => term.key === 'pai cart')).toMatchObject({
        label: 'paiement par carte',
        kind: 'phrase',
        comments: 120,
      });
    });

    it('holds the placement filter, and leaves comments flagged as spam out', async () => {
      const t = await startTestApp(await database.env());
      await plant(t, [[7, '2026-03-03', 'good', 'Attente']], { source: 'accueil' });
      await plant(t, [[4, '2026-03-03', 'good', 'Formulaire']], { source: 'fin' });
      await plant(t, [[9, '2026-03-03', 'good', 'Cadeaux']], {}, true);
      const { topics } = await client(t);
      const home = await topics(`${march}&source=accueil`);
      expect(home.comments).toBe(7);
      expect(home.terms.map((term) => [term.key, term.comments])).toContainEqual(['attent', 7]);
      expect(home.terms.map((term) => term.key)).not.toContain('formulair');
      const all = await topics(march);
      expect(all.comments).toBe(11);
      expect(all.terms.map((term) => term.key)).not.toContain('cadeau');
    });

    it('counts every comment of a period, past the 5,000 the route once read, and its previous period', async () => {
      const t = await startTestApp(await database.env());
      const { topics } = await client(t);
      await plant(t, [
        [3_000, '2026-03-02', 'bad', 'Un ancien souci de connexion'],
        [3_000, '2026-03-20', 'good', 'Une nouvelle démarche rapide'],
        [1_000, '2026-02-15', 'medium', 'Un ancien souci de connexion'],
      ]);
      // 7,000 comments queued, and as many again for the starter themes given at the first
      // reading: a few readings, with the server's own counting, count them all.
      let body = await topics(march);
      while (body.pending > 0) body = await topics(march);
      expect(body).toMatchObject({ comments: 6_000, previousComments: 1_000, pending: 0 });
      const counts = Object.fromEntries(body.terms.map((term) => [term.key, term.comments]));
      expect(counts).toMatchObject({ 'ancien souc': 3_000, 'nouvel demarch': 3_000 });
      expect(body.terms.find((term) => term.key === 'ancien souc')).toMatchObject({
        share: 50,
        previous: { comments: 1_000, share: 100 },
      });
      expect(body.noTheme.comments + (body.themes[0]?.comments ?? 0)).toBeGreaterThan(0);
    });

    it('answers with what is counted, and how many changes wait, past its bound', async () => {
      const t = await startTestApp(await database.env());
      // Ready first, so that the starter themes are given before the answers come.
      const { topics } = await client(t);
      await topics(march);
      await t.app.close();
      await plant(t, [[30, '2026-03-05', 'bad', 'Paiement refusé']]);
      const request = { procedureKey: t.procedure.key, from: '2026-03-01', to: '2026-03-31' };
      const partial = await procedureTopics(t.store, 100, { ...request, countBound: 10 });
      expect(partial).toMatchObject({ comments: 10, pending: 20 });
      const exact = await procedureTopics(t.store, 100, request);
      expect(exact).toMatchObject({ comments: 30, pending: 0 });
      expect(exact.terms.find((term) => term.key === 'pai refus')?.comments).toBe(30);
    });

    it('gives the starter themes once, then lets the owner edit, add and delete them', async () => {
      const t = await startTestApp(await database.env());
      const { call } = await client(t);
      // Two first readers at once: the starter set is given once.
      const [first, second] = await Promise.all([call('GET', '/themes'), call('GET', '/themes')]);
      expect(first.statusCode).toBe(200);
      expect(second.json().items).toHaveLength(starterThemes.length);
      const items = first.json().items as { id: number; name: string }[];
      expect(items.map((theme) => theme.name)).toEqual(starterThemes.map((theme) => theme.name));

      const [connection, ...others] = items;
      const renamed = await call('PATCH', `/themes/${connection?.id}`, { name: 'Se connecter' });
      expect(renamed.json()).toMatchObject({
        name: 'Se connecter',
        keywords: starterThemes[0]?.keywords,
      });
      const created = await call('POST', '/themes', {
        name: 'Accueil',
        keywords: ['guichet', 'accueil'],
      });
      expect(created.statusCode).toBe(201);
      for (const theme of others) {
        expect((await call('DELETE', `/themes/${theme.id}`)).statusCode).toBe(204);
      }
      const after = (await call('GET', '/themes')).json().items as { name: string }[];
      expect(after.map((theme) => theme.name)).toEqual(['Se connecter', 'Accueil']);

      // Deleting every theme leaves none: the starter set is not given again.
      for (const theme of (await call('GET', '/themes')).json().items as { id: number }[]) {
        await call('DELETE', `/themes/${theme.id}`);
      }
      expect((await call('GET', '/themes')).json().items).toEqual([]);
      const audit = await t.store.listAudit(100);
      expect(audit.filter((entry) => entry.action.startsWith('theme.')).length).toBe(9);
    });

    it('refuses a bad theme with a 400 naming the field, and an unknown one with a 404, changing nothing', async () => {
      const t = await startTestApp(await database.env());
      const { call } = await client(t);
      const before = (await call('GET', '/themes')).json();
      const stopWordsOnly = await call('POST', '/themes', { name: 'Vide', keywords: ['de la'] });
      expect(stopWordsOnly.statusCode).toBe(400);
      expect(stopWordsOnly.json().errors[0].path).toBe('keywords.0');
      expect((await call('POST', '/themes', { name: '', keywords: [] })).statusCode).toBe(400);
      expect((await call('PATCH', '/themes/99999', { name: 'X' })).statusCode).toBe(404);
      expect((await call('PATCH', `/themes/${before.items[0].id}`, {})).statusCode).toBe(400);
      expect((await call('DELETE', '/themes/99999')).statusCode).toBe(404);
      expect((await call('GET', '/themes')).json()).toEqual(before);
    });

    it('counts each comment in every theme it matches, «sans thème» for the others, with a series', async () => {
      const t = await startTestApp(await database.env());
      const { call, topics } = await client(t);
      for (const theme of (await call('GET', '/themes')).json().items as { id: number }[]) {
        await call('DELETE', `/themes/${theme.id}`);
      }
      const pay = (
        await call('POST', '/themes', {
          name: 'Paiement',
          keywords: ['paiement', 'carte bancaire'],
        })
      ).json();
      const bug = (
        await call('POST', '/themes', { name: 'Erreur', keywords: ['erreur', 'bug'] })
      ).json();
      await plant(t, [
        [4, '2026-03-02', 'bad', 'Erreur au moment du paiement'],
        [3, '2026-03-03', 'medium', 'Ma carte bancaire refusée'],
        [2, '2026-03-03', 'bad', 'Encore un bug'],
        [6, '2026-03-04', 'good', 'Parfait'],
      ]);
      const body = await topics('from=2026-03-02&to=2026-03-04');
      expect(
        body.themes.map((theme) => [theme.name, theme.comments, theme.satisfaction.value]),
      ).toEqual([
        ['Paiement', 7, 2.1],
        ['Erreur', 6, 0],
      ]);
      expect(body.noTheme).toMatchObject({ comments: 6, share: 40 });
      expect(body.themes[0]?.series).toEqual([
        { start: '2026-03-02', comments: 4, satisfaction: 0 },
        { start: '2026-03-03', comments: 3, satisfaction: 5 },
        { start: '2026-03-04', comments: 0, satisfaction: null },
      ]);

      // The answer list filters and labels by theme and by term.
      const list = async (query: string) => {
        const response = await call('GET', `/feedback?from=2026-03-01&to=2026-03-31&${query}`);
        expect(response.statusCode, response.body).toBe(200);
        return response.json() as {
          items: { comment: string; themes: string[] }[];
          nextCursor: string | null;
        };
      };
      const payments = await list(`theme=${pay.id}`);
      expect(payments.items).toHaveLength(7);
      expect(payments.items.find((a) => a.comment.startsWith('Erreur'))?.themes).toEqual([
        'Paiement',
        'Erreur',
      ]);
      expect((await list(`theme=${bug.id}`)).items).toHaveLength(6);
      expect((await list('theme=none')).items.map((a) => a.comment)).toEqual(
        Array(6).fill('Parfait'),
      );
      expect((await list('term=refus')).items).toHaveLength(3);
      expect((await list(`term=pai&theme=${bug.id}`)).items).toHaveLength(4);
      expect((await call('GET', '/feedback?theme=424242')).statusCode).toBe(404);

      // Pages of a filtered list follow on without a gap or a repeat.
      const seen: string[] = [];
      let cursor: string | null = '';
      do {
        const page = await list(`theme=${pay.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((a) => a.comment));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);

      // The CSV export too: a column of themes, and the same filter.
      const csv = await call('GET', `/export.csv?from=2026-03-01&to=2026-03-31&theme=${bug.id}`);
      expect(csv.statusCode).toBe(200);
      const lines = csv.body.trim().split('\r\n');
      const header = (lines[0] as string).split(';');
      expect(header).toContain('Thèmes');
      expect(lines).toHaveLength(1 + 6);
      const themesColumn = header.indexOf('Thèmes');
      expect(
        lines
          .slice(1)
          .map((line) => line.split(';')[themesColumn])
          .sort(),
      ).toEqual([
        'Erreur',
        'Erreur',
        'Paiement, Erreur',
        'Paiement, Erreur',
        'Paiement, Erreur',
        'Paiement, Erreur',
      ]);
    });

    it('stays within bounds on hostile comments: 10,000 distinct words, 5,000 characters, emoji, mixed scripts', async () => {
      const t = await startTestApp(await database.env());
      const word = (i: number) => `mot${i.toString(36)}x`;
      const lines: Planted[] = [];
      for (let c = 0; c < 20; c++) {
        const words = Array.from({ length: 500 }, (_, i) => word(c * 500 + i)).join(' ');
        lines.push([1, '2026-03-04', 'bad', words.slice(0, 5000)]);
      }
      lines.push([
        3,
        '2026-03-04',
        'good',
        `${'😀'.repeat(1000)} привет مرحبا 你好 ${'a'.repeat(3000)}`,
      ]);
      lines.push([3, '2026-03-04', 'good', 'x'.repeat(5000)]);
      await plant(t, lines);
      const { topics } = await client(t);
      const body = await topics(march);
      expect(body.comments).toBe(26);
      expect(body.terms.length).toBeLessThanOrEqual(30);
      // The repeated comments' words are the only ones in two comments or more, each shown as
      // the phrases that hold it in the same comments.
      const words = body.terms.filter((term) => term.kind === 'word').map((term) => term.key);
      expect(words).toEqual([]);
      expect(body.terms.filter((term) => term.kind === 'phrase').map((term) => term.label)).toEqual(
        ['привет مرحبا', 'مرحبا 你好'],
      );
    });
  });
});
