import { describe, expect, it } from 'vitest';
import { onDatabase, refuseRename } from '../fixtures/on-database.ts';
import { startTestApp, testDatabases, uuidv7 } from '../helpers.ts';

/**
 * Issue 27: an owner publishes the questionnaire in versions; the widget's file and the hosted
 * page `/p/{key}` ask the published one, without a new embed code.
 */
describe.each(testDatabases)('the questionnaire in versions on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('an owner publishes version 2, audited; a viewer reads the versions; the same content again is a 409', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const viewer = await t.as('viewer');
      const base = `/api/v1/procedures/${t.procedure.key}/questionnaire`;
      const content = {
        questions: ['comment', 'help'],
        intro: { fr: 'Deux minutes suffisent.', en: 'Two minutes are enough.' },
        thanks: { fr: 'Merci, votre avis nous aide à simplifier la démarche.' },
      };
      const published = await owner({ method: 'POST', url: `${base}/versions`, payload: content });
      expect(published.statusCode).toBe(201);
      expect(published.json()).toMatchObject({
        number: 2,
        questions: ['help', 'comment'],
        intro: content.intro,
        thanks: content.thanks,
        publishedBy: 'owner@example.gouv.fr',
      });
      const again = await owner({ method: 'POST', url: `${base}/versions`, payload: content });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);

      // A viewer reads, and may not publish.
      const versions = (await viewer({ url: `${base}/versions` })).json();
      expect(versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);
      expect((await viewer({ url: base })).json()).toMatchObject({ number: 2 });
      const refused = await viewer({ method: 'POST', url: `${base}/versions`, payload: content });
      expect(refused.statusCode).toBe(403);

      // The procedure asks the version's steps; its audit entry says which version.
      expect((await t.store.findProcedure(t.procedure.key))?.questions).toEqual([
        'help',
        'comment',
      ]);
      const [entry] = await t.store.listAudit(1, { action: 'questionnaire.publish' });
      expect(entry).toMatchObject({
        actor: 'owner@example.gouv.fr',
        target: t.procedure.key,
        details: { version: 2, questions: 'help, comment' },
      });
    });

    it('refuses sentences too long, control characters and a step named twice, field by field', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const url = `/api/v1/procedures/${t.procedure.key}/questionnaire/versions`;
      const response = await owner({
        method: 'POST',
        url,
        payload: {
          questions: ['help', 'help'],
          intro: { fr: 'x'.repeat(201) },
          thanks: { fr: 'Merci', es: 'Gracias\u0000' },
        },
      });
      expect(response.statusCode).toBe(400);
      const paths = response.json().errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['questions', 'intro.fr', 'thanks.es']));
      // Exactly 200 characters, once the surrounding spaces are trimmed, is accepted.
      const longest = await owner({
        method: 'POST',
        url,
        payload: { questions: [], intro: { fr: ` ${'é'.repeat(200)} ` } },
      });
      expect(longest.statusCode).toBe(201);
      expect(longest.json().intro).toEqual({ fr: 'é'.repeat(200) });
    });

    it("a procedure's own steps, made or changed, are each named once: no list a widget would load a thousand times", async () => {
      const t = await startTestApp(await database.env());
      const admin = await t.as('admin');
      const twice = ['clarity', 'clarity'];
      const many = Array.from({ length: 1500 }, () => 'comment');
      for (const questions of [twice, many]) {
        const made = await admin({
          method: 'POST',
          url: '/api/v1/procedures',
          payload: { name: 'Carte grise', allowedOrigins: [], questions },
        });
        expect(made.statusCode).toBe(400);
        expect(made.json().errors.map((e: { path: string }) => e.path)).toEqual(['questions']);
        const changed = await admin({
          method: 'PATCH',
          url: `/api/v1/procedures/${t.procedure.key}`,
          payload: { questions },
        });
        expect(changed.statusCode).toBe(400);
      }
      expect((await t.store.listProcedures()).map((p) => p.name)).toEqual([t.procedure.name]);
      expect((await t.store.findProcedure(t.procedure.key))?.questions).toEqual(
        t.procedure.questions,
      );
    });

    it('a sentence is shown as text on /p/{key}, never as markup', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      await owner({
        method: 'POST',
        url: `/api/v1/procedures/${t.procedure.key}/questionnaire/versions`,
        payload: { questions: ['comment'], intro: { fr: '<img src=x onerror=alert(1)>' } },
      });
      const page = (await t.app.inject({ url: `/p/${t.procedure.key}` })).body;
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });

    it('an answer cannot say its own version: the server sets it', async () => {
      const t = await startTestApp(await database.env());
      const id = uuidv7(t.clock.now().getTime());
      const forged = await t.post({ id, satisfaction: 'good', version: 7 });
      expect(forged.statusCode).toBe(400);
      expect(forged.json().errors).toEqual([expect.objectContaining({ path: 'version' })]);
      expect((await t.post({ id, satisfaction: 'good' })).statusCode).toBe(201);
      expect(await t.store.findSubmission(id)).toMatchObject({ version: 1 });
    });

    it('the steps a procedure was made with, in any order, published again are its version 1', async () => {
      const t = await startTestApp(await database.env());
      const { key } = await t.store.createProcedure({
        name: 'Carte grise',
        allowedOrigins: [],
        questions: ['comment', 'clarity'],
      });
      const admin = await t.as('admin');
      const again = await admin({
        method: 'POST',
        url: `/api/v1/procedures/${key}/questionnaire/versions`,
        payload: { questions: ['clarity', 'comment'] },
      });
      expect(again.statusCode).toBe(409);
    });

    it('a comment its version did not ask is not kept, nor what was found in it', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      await owner({
        method: 'POST',
        url: `/api/v1/procedures/${t.procedure.key}/questionnaire/versions`,
        payload: { questions: ['clarity'] },
      });
      // As a widget still on the earlier version sends them: a comment with an e-mail to scrub,
      // and one of links alone, which looks like spam.
      for (const comment of ['Écrivez à jean.dupont@example.fr', 'https://spam.example/achat']) {
        const id = uuidv7(t.clock.now().getTime());
        expect((await t.post({ id, satisfaction: 'good', comment })).statusCode).toBe(201);
        const stored = await t.store.findSubmission(id);
        expect(stored?.answer.comment).toBeUndefined();
        expect(stored).toMatchObject({ version: 2, redactions: 0, suspect: false });
      }
    });

    it('the earlier `questions` of a procedure’s update publishes a version, keeping its sentences', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const base = `/api/v1/procedures/${t.procedure.key}`;
      await owner({
        method: 'POST',
        url: `${base}/questionnaire/versions`,
        payload: { questions: ['clarity'], intro: { fr: 'Bonjour.' } },
      });
      const updated = await owner({
        method: 'PATCH',
        url: base,
        payload: { questions: ['comment'], name: 'Passeport' },
      });
      expect(updated.json()).toMatchObject({ name: 'Passeport', questions: ['comment'] });
      expect((await owner({ url: `${base}/questionnaire` })).json()).toMatchObject({
        number: 3,
        questions: ['comment'],
        intro: { fr: 'Bonjour.' },
      });
    });

    it('a procedure’s update with `questions` makes all its changes or none', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const base = `/api/v1/procedures/${t.procedure.key}`;
      await onDatabase(database.name, t.config.databaseUrl ?? t.config.databasePath, refuseRename);
      const refused = await owner({
        method: 'PATCH',
        url: base,
        payload: { questions: ['comment'], name: 'Refusé' },
      });
      expect(refused.statusCode).toBe(500);
      expect((await owner({ url: `${base}/questionnaire` })).json()).toMatchObject({
        number: 1,
        questions: ['clarity', 'help', 'comment'],
      });
      expect((await owner({ url: base })).json()).toMatchObject({
        name: 'Demande de passeport',
      });
    });

    it('the widget reads the published version in its language, French when none was written', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const base = `/api/v1/procedures/${t.procedure.key}/questionnaire`;
      const before = await t.app.inject({ url: `${base}/published?lang=en` });
      expect(before.json()).toEqual({
        version: 1,
        questions: ['clarity', 'help', 'comment'],
        intro: null,
        thankYou: null,
      });
      // Any page may read it, and a new version is read within a minute.
      expect(before.headers['access-control-allow-origin']).toBe('*');
      expect(before.headers['cache-control']).toBe('public, max-age=60');
      await owner({
        method: 'POST',
        url: `${base}/versions`,
        payload: {
          questions: ['comment'],
          intro: { fr: 'Deux minutes suffisent.', en: 'Two minutes are enough.' },
          thanks: { fr: 'Merci beaucoup.' },
        },
      });
      expect((await t.app.inject({ url: `${base}/published?lang=en` })).json()).toEqual({
        version: 2,
        questions: ['comment'],
        intro: 'Two minutes are enough.',
        thankYou: 'Merci beaucoup.',
      });
      expect(
        (await t.app.inject({ url: '/api/v1/procedures/nothere00/questionnaire/published' }))
          .statusCode,
      ).toBe(404);
    });

    it('the public results page says when its period spans versions that asked different steps', async () => {
      const t = await startTestApp(await database.env());
      await t.store.updateProcedure(t.procedure.key, { public: true });
      const day = t.clock.now().toISOString().slice(0, 10);
      const save = (clarity?: number) =>
        t.store.saveSubmission({
          id: uuidv7(),
          procedureKey: t.procedure.key,
          answer: { satisfaction: 'good', ...(clarity && { clarity }) },
          receivedAt: t.clock.now(),
          day,
        });
      await save(5);
      const owner = await t.as('owner');
      const page = async () => (await t.app.inject({ url: `/resultats/${t.procedure.key}` })).body;
      const said = 'certaines personnes n’ont pas été interrogées sur la clarté des informations';
      expect(await page()).not.toContain(said);
      await owner({
        method: 'POST',
        url: `/api/v1/procedures/${t.procedure.key}/questionnaire/versions`,
        payload: { questions: ['help', 'comment'] },
      });
      await save();
      expect(await page()).toContain(said);
    });

    it('/p/{key} asks the published version’s steps, with its sentences, and its answers carry that version', async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const before = (await t.app.inject({ url: `/p/${t.procedure.key}` })).body;
      expect(before).toContain('name="clarity"');
      await owner({
        method: 'POST',
        url: `/api/v1/procedures/${t.procedure.key}/questionnaire/versions`,
        payload: {
          questions: ['comment'],
          intro: { fr: 'Deux minutes suffisent.' },
          thanks: { fr: 'Votre avis est lu par l’équipe.', en: 'The team reads your feedback.' },
        },
      });
      const page = (await t.app.inject({ url: `/p/${t.procedure.key}` })).body;
      expect(page).not.toContain('name="clarity"');
      expect(page).not.toContain('name="help"');
      expect(page).toContain('name="comment"');
      // Above the first question, before the satisfaction's fieldset.
      expect(page.indexOf('Deux minutes suffisent.')).toBeGreaterThan(0);
      expect(page.indexOf('Deux minutes suffisent.')).toBeLessThan(page.indexOf('<fieldset'));
      // The embedded widget is told the same steps.
      expect(page).toContain('data-questions="comment"');

      const id = uuidv7(t.clock.now().getTime());
      t.clock.advance(5000);
      const posted = await t.app.inject({
        method: 'POST',
        url: `/p/${t.procedure.key}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          id,
          shownAt: String(t.clock.now().getTime() - 5000),
          step: 'questions',
          satisfaction: 'good',
          comment: 'Rapide',
          website: '',
        }).toString(),
      });
      expect(posted.statusCode).toBe(303);
      expect(await t.store.findSubmission(id)).toMatchObject({ version: 2 });
      const thanks = (await t.app.inject({ url: `/p/${t.procedure.key}/merci?lang=en` })).body;
      expect(thanks).toContain('The team reads your feedback.');
      const merci = (await t.app.inject({ url: `/p/${t.procedure.key}/merci` })).body;
      expect(merci).toContain('Votre avis est lu par l’équipe.');
    });
  });
});
