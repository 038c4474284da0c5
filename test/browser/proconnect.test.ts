import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { secretHash } from '../../server/src/auth/secrets.ts';
import { parseConfig } from '../../server/src/config.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  type Claims,
  type OpenIdProvider,
  startOpenIdProvider,
  unverified,
} from '../fixtures/openid-provider.ts';
import { unusedPort } from '../fixtures/unused-port.ts';
import { testPasswordHash, widgetDir } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  screenshotsDir,
  tabTo,
} from './browser.ts';

/**
 * docs/design.md §11: «S'identifier avec ProConnect» through the whole redirect dance, against a
 * real OpenID provider, in a real Chromium; and every refusal a clear page.
 */
describe.skipIf(!chromiumPath)(
  'signing in with ProConnect, in a real Chromium',
  { timeout: 60_000 },
  () => {
    let browser: Browser;
    let provider: OpenIdProvider;
    let app: FastifyInstance;
    let store: Store;
    let origin: string;

    /** Our app's configuration, as a client of the test provider, on a new SQLite file. */
    const configWith = (env: Record<string, string> = {}) =>
      parseConfig({
        DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'avis-oidc-')), 'avis.sqlite'),
        LOG_LEVEL: 'silent',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'avis',
        OIDC_CLIENT_SECRET: 'un secret de test assez long pour HS256 et le reste',
        ...env,
      });

    beforeAll(async () => {
      browser = await launchBrowser();
      provider = await startOpenIdProvider();
      // ProConnect's redirect URIs come from PORT (http://localhost:PORT), known beforehand.
      const port = await unusedPort();
      const config = configWith({ PORT: String(port) });
      store = openSqliteStore({ path: config.databasePath });
      app = await buildApp({ config, store, widgetDir });
      await app.listen({ port, host: '127.0.0.1' });
      // localhost: a secure context, where the `__Host-` cookies live without TLS.
      origin = `http://localhost:${port}`;
      provider.start(origin);

      const interieur = await store.createOrganisation({
        name: 'Ministère de l’Intérieur',
        domains: ['interieur.gouv.fr'],
      });
      const passwordHash = await testPasswordHash('une phrase de passe solide');
      const agent = await store.createUser({
        email: 'agent@interieur.gouv.fr',
        passwordHash,
        isAdmin: false,
      });
      const chief = await store.createUser({
        email: 'cheffe@interieur.gouv.fr',
        passwordHash,
        isAdmin: false,
      });
      if (!agent || !chief) throw new Error('duplicate');
      await store.setMembership(agent.id, interieur.id, 'member');
      await store.setMembership(chief.id, interieur.id, 'admin');
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await store?.close();
      await provider?.close();
    });

    /** From the dashboard's log-in page, with the keyboard, through ProConnect's pages. */
    async function signInAs(
      login: string,
      page: Page,
      outcome = page.getByRole('heading', {
        name: /Démarches|Connexion refusée|Demande envoyée|Demande refusée/,
      }),
    ) {
      await page.goto(`${origin}/dashboard/`);
      await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
      await tabTo(page, 'S’identifier avec ProConnect');
      await page.keyboard.press('Enter');
      // Focused by hand: the form's autofocus can land after the first keystrokes, which then go
      // nowhere and leave the provider's form half filled.
      await page.locator('input[name=login]').focus();
      await page.keyboard.type(login);
      await page.keyboard.press('Tab');
      await page.keyboard.type('peu importe');
      await page.keyboard.press('Enter');
      // The provider asks for consent once per client and browser.
      const consent = page.getByRole('button', { name: 'Continue' });
      // Generous waits: the dance crosses two servers, four redirects and two token checks, on a
      // machine the whole suite shares.
      await Promise.race([
        consent.waitFor({ timeout: 20_000 }),
        outcome.waitFor({ timeout: 20_000 }),
      ]);
      // «Continue», from the keyboard (focused first: its autofocus may not have landed yet).
      if (await consent.isVisible()) await consent.press('Enter');
      await outcome.waitFor({ timeout: 20_000 });
    }

    it('lets an invited agent in, logs the sign-in, and ends the ProConnect session on logout', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${origin}/dashboard/`);
      await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
      await expectNoAxeViolations(page, 'log-in page with ProConnect');
      await page.screenshot({ path: join(screenshotsDir, 'proconnect-1280-login.png') });
      await signInAs('agent@interieur.gouv.fr', page);
      await page.getByRole('heading', { name: 'Démarches' }).waitFor();
      expect((await store.listAudit(5)).map((e) => [e.action, e.actor, e.details])).toContainEqual([
        'sign-in',
        'agent@interieur.gouv.fr',
        { method: 'proconnect' },
      ]);

      // Logging out goes through ProConnect's end-session page, then back to the dashboard.
      await page.getByRole('button', { name: /Se déconnecter/ }).click();
      await page.waitForURL(`${provider.issuer}/**`);
      const yes = page.getByRole('button', { name: /Yes/i });
      await yes.click();
      await page.waitForURL((url) => url.href.startsWith(`${origin}/dashboard/`));
      await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
      expect((await context.request.get(`${origin}/api/v1/me`)).status()).toBe(401);
      await context.close();
    });

    it('an unknown agent of a known domain asks for access; an admin approves in the dashboard; the agent is then in', async () => {
      const agent = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const page = await agent.newPage();
      await signInAs('inconnu@interieur.gouv.fr', page);
      await page.getByRole('heading', { name: 'Demande envoyée' }).waitFor();
      await page
        .getByText(
          'Qui décide\u202f: les administrateurs de Ministère de l’Intérieur\u202f: cheffe@interieur.gouv.fr.',
        )
        .waitFor();
      await expectNoAxeViolations(page, 'access request sent');
      await page.screenshot({ path: join(screenshotsDir, 'proconnect-375-request-sent.png') });
      expect((await agent.request.get(`${origin}/api/v1/me`)).status()).toBe(401);

      // The organisation's admin finds it on the organisation page, and approves from the keyboard.
      const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const adminPage = await admin.newPage();
      await signInAs('cheffe@interieur.gouv.fr', adminPage);
      await adminPage.getByRole('heading', { name: 'Démarches' }).waitFor();
      const [interieur] = await store.organisationsOfDomain('interieur.gouv.fr');
      await adminPage.goto(`${origin}/dashboard/organisations/${interieur?.id}`);
      await adminPage.getByRole('heading', { name: 'Demandes d’accès' }).waitFor();
      await expectNoAxeViolations(adminPage, 'organisation page with access requests');
      await adminPage.screenshot({
        path: join(screenshotsDir, 'organisation-1280-access-requests.png'),
        fullPage: true,
      });
      await adminPage.setViewportSize({ width: 375, height: 800 });
      await adminPage.screenshot({
        path: join(screenshotsDir, 'organisation-375-access-requests.png'),
        fullPage: true,
      });
      await adminPage
        .getByRole('button', { name: 'Accepter\u202f: inconnu@interieur.gouv.fr' })
        .focus();
      await adminPage.keyboard.press('Enter');
      await adminPage.getByRole('status').getByText('C’est fait.').waitFor();
      await adminPage.getByRole('row', { name: /inconnu@interieur\.gouv\.fr.*Membre/ }).waitFor();
      await admin.close();

      await agent.close();

      // Signing in again (a new browser: the provider would skip its log-in form), the agent is in.
      const again = await fresh();
      await signInAs('inconnu@interieur.gouv.fr', again);
      await again.getByRole('heading', { name: 'Démarches' }).waitFor();
      expect((await again.context().request.get(`${origin}/api/v1/me`)).status()).toBe(200);
      await again.context().close();
    });

    /** A browser of its own for each person: the provider remembers who signed in. */
    const fresh = async () => (await browser.newContext()).newPage();

    it('refuses a foreign e-mail and an unverified one, saying whom to ask', async () => {
      let page = await fresh();
      await signInAs('quelquun@exemple.com', page);
      await page.getByText('Demandez à la personne qui gère ce service').waitFor();
      await page.context().close();

      page = await fresh();
      await signInAs(unverified, page);
      await page.getByText('n’est pas vérifiée').waitFor();
      await page.context().close();
      const reasons = (await store.listAudit(50))
        .filter((e) => e.action === 'sign-in.refused')
        .map((e) => [e.actor, e.target, e.details.reason]);
      // An e-mail ProConnect does not vouch for is whom the refusal is about, not who acted.
      expect(reasons).toEqual(
        expect.arrayContaining([
          ['quelquun@exemple.com', 'quelquun@exemple.com', 'no-account'],
          ['anonymous', unverified, 'e-mail-not-verified'],
        ]),
      );
    });

    /** The newest refusal's reason in the audit log. */
    const lastRefusal = async () =>
      (await store.listAudit(50)).find((e) => e.action === 'sign-in.refused')?.details;

    /**
     * Through the whole dance, then: the refusal page (403, plain French, no trace of the error),
     * no session, and the refusal in the audit log with its reason.
     */
    async function expectRefused(
      page: Page,
      reason: string,
      dance = () => signInAs('agent@interieur.gouv.fr', page),
      said = {
        title: 'Connexion refusée',
        text: 'ProConnect n’a pas pu confirmer votre identité. Recommencez depuis la page de connexion.',
      },
    ) {
      const callback = page.waitForResponse(
        (response) => response.url().startsWith(`${origin}/api/v1/oidc/callback?`),
        { timeout: 60_000 },
      );
      await dance();
      expect((await callback).status()).toBe(403);
      await page.getByRole('heading', { name: said.title }).waitFor();
      await page.getByText(said.text).waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/OAUTH|Error|JWT|claim|\.ts:/);
      const context = page.context();
      expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-session');
      expect((await context.request.get(`${origin}/api/v1/me`)).status()).toBe(401);
      expect(await lastRefusal()).toEqual({ method: 'proconnect', reason });
      await context.close();
    }

    const seconds = () => Math.floor(Date.now() / 1000);
    it.each<[string, (claims: Claims) => Claims, 'provider' | 'stranger', string]>([
      [
        'made for another service',
        (claims) => ({ ...claims, aud: 'un-autre-service' }),
        'provider',
        'wrong-audience',
      ],
      [
        'that has expired',
        (claims) => ({ ...claims, iat: seconds() - 900, exp: seconds() - 300 }),
        'provider',
        'token-expired',
      ],
      [
        'not valid yet',
        (claims) => ({ ...claims, nbf: seconds() + 3600 }),
        'provider',
        'token-not-yet-valid',
      ],
      [
        'from another issuer',
        (claims) => ({ ...claims, iss: 'https://faux-proconnect.example' }),
        'provider',
        'wrong-issuer',
      ],
      [
        'signed with a key the provider never published',
        (claims) => claims,
        'stranger',
        'bad-signature',
      ],
    ])('refuses an ID token %s', async (_, change, signer, reason) => {
      provider.alterNext('id-token', change, signer);
      await expectRefused(await fresh(), reason);
    });

    it('refuses a userinfo answer the provider did not sign, made for another service, about someone else, without the e-mail or its subject', async () => {
      // A forger's userinfo would otherwise make the agent the organisation's admin.
      provider.alterNext(
        'userinfo',
        (claims) => ({ ...claims, email: 'cheffe@interieur.gouv.fr' }),
        'stranger',
      );
      await expectRefused(await fresh(), 'bad-signature');
      provider.alterNext('userinfo', (claims) => ({ ...claims, aud: 'un-autre-service' }));
      await expectRefused(await fresh(), 'wrong-audience');
      provider.alterNext('userinfo', (claims) => ({ ...claims, sub: 'cheffe@interieur.gouv.fr' }));
      await expectRefused(await fresh(), 'subject-mismatch');
      provider.alterNext('userinfo', ({ email, ...claims }) => claims);
      await expectRefused(await fresh(), 'no-e-mail');
      // Without its subject it is no answer of the protocol (not to be taken for tokens without
      // an ID token, which also lack something).
      provider.alterNext('userinfo', ({ sub, ...claims }) => claims);
      await expectRefused(await fresh(), 'invalid-response');
    });

    it('refuses tokens without an ID token, and a sign-in ProConnect refuses to our client', async () => {
      provider.breakNextToken('no-id-token');
      await expectRefused(await fresh(), 'no-id-token');
      // As when the client secret changed on ProConnect's side: the person sees the same page.
      provider.breakNextToken('refuse-client');
      await expectRefused(await fresh(), 'provider-error');
    });

    it('says ProConnect does not answer when it goes down during the sign-in', async () => {
      const page = await fresh();
      provider.breakNextToken('hang-up');
      const callback = page.waitForResponse((response) =>
        response.url().startsWith(`${origin}/api/v1/oidc/callback?`),
      );
      await signInAs(
        'agent@interieur.gouv.fr',
        page,
        page.getByRole('heading', { name: 'ProConnect ne répond pas' }),
      );
      expect((await callback).status()).toBe(503);
      expect((await page.context().request.get(`${origin}/api/v1/me`)).status()).toBe(401);
      expect(await lastRefusal()).toEqual({ method: 'proconnect', reason: 'provider-unreachable' });
      await page.context().close();
    });

    it('refuses an ID token with the nonce of another sign-in', async () => {
      // The browser leaves for the provider with another nonce than the one its cookie holds:
      // the provider signs that nonce into the ID token.
      const page = await fresh();
      await page.route(`${origin}/api/v1/oidc/login`, async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        const location = new URL(response.headers().location ?? '');
        location.searchParams.set('nonce', 'le-nonce-d-une-autre-connexion');
        await route.fulfill({
          response,
          headers: { ...response.headers(), location: location.href },
        });
      });
      await expectRefused(page, 'nonce-mismatch');
    });

    it('a person who cancels on ProConnect comes back to a page saying so', async () => {
      const page = await fresh();
      await expectRefused(
        page,
        'cancelled',
        async () => {
          await page.goto(`${origin}/dashboard/`);
          await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
          await page.getByRole('link', { name: 'Cancel' }).click();
        },
        {
          title: 'Connexion annulée',
          text: 'Vous avez annulé la connexion avec ProConnect. Pour vous connecter, recommencez depuis la page de connexion.',
        },
      );
    });

    it('the refusal page passes axe (screenshots at 375 and 1280 px)', async () => {
      const page = await (
        await browser.newContext({ viewport: { width: 375, height: 800 } })
      ).newPage();
      // A sign-in in progress in this browser, then a callback with a forged state.
      await page.context().request.get(`${origin}/api/v1/oidc/login`, { maxRedirects: 0 });
      const issuer = encodeURIComponent(provider.issuer);
      await page.goto(`${origin}/api/v1/oidc/callback?code=abc&state=falsifie&iss=${issuer}`);
      await page.getByText('ProConnect n’a pas pu confirmer votre identité').waitFor();
      await expectNoAxeViolations(page, 'ProConnect refusal');
      await page.screenshot({ path: join(screenshotsDir, 'proconnect-375-refused.png') });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(screenshotsDir, 'proconnect-1280-refused.png') });
      await page.context().close();
    });

    it('refuses a tampered state, and a code the provider did not give', async () => {
      // What a browser does, by hand: start a sign-in, keep its cookie, come back with other values.
      const start = await fetch(`${origin}/api/v1/oidc/login`, { redirect: 'manual' });
      const cookie = String(start.headers.get('set-cookie')).split(';')[0] ?? '';
      const state = new URL(String(start.headers.get('location'))).searchParams.get('state');
      const back = (query: string) =>
        fetch(
          `${origin}/api/v1/oidc/callback?${query}&iss=${encodeURIComponent(provider.issuer)}`,
          {
            headers: { cookie },
          },
        );
      const reasons = [];
      for (const query of [`code=abc&state=falsifie`, `code=invente&state=${state}`]) {
        const refused = await back(query);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('set-cookie')).not.toContain('__Host-session=');
        expect(await refused.text()).toContain('ProConnect n’a pas pu confirmer votre identité');
        reasons.push(await lastRefusal());
      }
      expect(reasons).toEqual([
        { method: 'proconnect', reason: 'state-mismatch' },
        { method: 'proconnect', reason: 'code-refused' },
      ]);
    });

    it('takes up the invitation of an agent who signs in with ProConnect instead of opening its link', async () => {
      const [interieur] = await store.organisationsOfDomain('interieur.gouv.fr');
      const procedure = await store.createProcedure({
        name: 'Permis de conduire',
        allowedOrigins: [],
        organisationId: interieur?.id,
      });
      const email = 'invitee@interieur.gouv.fr';
      const at = new Date();
      await store.createInvitation(
        {
          email,
          isAdmin: false,
          roles: { [procedure.key]: 'viewer' },
          invitedBy: 'cheffe@interieur.gouv.fr',
          tokenHash: 'le hachage d’un lien jamais ouvert',
          expiresAt: new Date(at.getTime() + 86_400_000),
          organisationId: interieur?.id,
        },
        () => ({
          kind: 'invitation',
          recipient: email,
          subject: 'Invitation',
          text: '…',
          html: '…',
        }),
        {
          at,
          actor: 'cheffe@interieur.gouv.fr',
          action: 'user.invite',
          target: email,
          details: {},
        },
        at,
      );
      const page = await fresh();
      await signInAs(email, page);
      await page.getByRole('heading', { name: 'Démarches' }).waitFor();
      await page.getByRole('link', { name: 'Permis de conduire' }).waitFor();
      const me = await (await page.context().request.get(`${origin}/api/v1/me`)).json();
      expect(me.roles).toEqual({ [procedure.key]: 'viewer' });
      // Used: the link no longer opens, and no access request was filed.
      expect(
        await store.findInvitation('le hachage d’un lien jamais ouvert', new Date()),
      ).toBeUndefined();
      expect(await store.listAccessRequests(interieur?.id ?? 0)).toEqual([]);
      await page.context().close();
    });

    it('with PASSWORD_LOGIN=false, offers ProConnect only, on the log-in page and to the invited', async () => {
      const config = configWith({ PASSWORD_LOGIN: 'false' });
      const onlyStore = openSqliteStore({ path: config.databasePath });
      const onlyApp = await buildApp({ config, store: onlyStore, widgetDir });
      try {
        await onlyApp.listen({ port: 0, host: '127.0.0.1' });
        const onlyOrigin = `http://localhost:${(onlyApp.server.address() as AddressInfo).port}`;
        const at = new Date();
        await onlyStore.createInvitation(
          {
            email: 'invitee@interieur.gouv.fr',
            isAdmin: true,
            roles: {},
            invitedBy: 'cli',
            tokenHash: secretHash('le-jeton-du-lien'),
            expiresAt: new Date(at.getTime() + 86_400_000),
            organisationId: undefined,
          },
          () => ({
            kind: 'invitation',
            recipient: 'invitee@interieur.gouv.fr',
            subject: 'Invitation',
            text: '…',
            html: '…',
          }),
          {
            at,
            actor: 'cli',
            action: 'user.invite',
            target: 'invitee@interieur.gouv.fr',
            details: {},
          },
          at,
        );
        const page = await fresh();
        await page.goto(`${onlyOrigin}/dashboard/`);
        await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
        await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
        expect(await page.locator('input[type=password]').count()).toBe(0);
        expect(await page.getByText('Mot de passe oublié\u202f?').count()).toBe(0);
        await expectNoAxeViolations(page, 'log-in page, ProConnect only');

        await page.goto(`${onlyOrigin}/dashboard/invitation#token=le-jeton-du-lien`);
        await page.getByText('invitee@interieur.gouv.fr').waitFor();
        await page
          .getByText(
            'Pour ouvrir votre compte, identifiez-vous avec ProConnect en utilisant cette adresse e-mail.',
          )
          .waitFor();
        await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).waitFor();
        expect(await page.locator('input[type=password]').count()).toBe(0);
        await expectNoAxeViolations(page, 'invitation, ProConnect only');
        await page.screenshot({ path: join(screenshotsDir, 'proconnect-only-invitation.png') });
        await page.context().close();
      } finally {
        await onlyApp.close();
        await onlyStore.close();
      }
    });

    it('tells an agent whose request was refused whom to ask, in its organisation’s log', async () => {
      const email = 'refusee@interieur.gouv.fr';
      let page = await fresh();
      await signInAs(email, page);
      await page.getByRole('heading', { name: 'Demande envoyée' }).waitFor();
      await page.context().close();
      const [interieur] = await store.organisationsOfDomain('interieur.gouv.fr');
      const organisationId = interieur?.id ?? 0;
      const request = (await store.listAccessRequests(organisationId)).find(
        (r) => r.email === email,
      );
      const at = new Date();
      await store.decideAccessRequest(
        organisationId,
        request?.id ?? 0,
        'refuse',
        'cheffe@interieur.gouv.fr',
        () => ({
          at,
          actor: 'cheffe@interieur.gouv.fr',
          action: 'access-request.refuse',
          target: email,
          details: {},
          organisationId,
        }),
        at,
      );

      page = await fresh();
      await signInAs(email, page);
      await page.getByRole('heading', { name: 'Demande refusée' }).waitFor();
      await page
        .getByText(
          'Si vous pensez que c’est une erreur, adressez-vous aux administrateurs de Ministère de l’Intérieur\u202f: cheffe@interieur.gouv.fr.',
        )
        .waitFor();
      const [latest] = await store.listOrganisationAudit(organisationId, 1);
      expect([latest?.action, latest?.actor, latest?.details]).toEqual([
        'sign-in.refused',
        email,
        { method: 'proconnect', reason: 'access-request-refused' },
      ]);
      await page.context().close();
    });

    it('refuses a callback played again', async () => {
      const page = await fresh();
      let callback = '';
      page.on('request', (request) => {
        if (request.url().includes('/api/v1/oidc/callback?')) callback = request.url();
      });
      await signInAs('agent@interieur.gouv.fr', page);
      await page.getByRole('heading', { name: 'Démarches' }).waitFor();
      await page.goto(callback);
      await page.getByText('Cette connexion a expiré ou a déjà servi').waitFor();
      expect(await lastRefusal()).toEqual({
        method: 'proconnect',
        reason: 'no-sign-in-in-progress',
      });
      await page.context().close();
    });
  },
);
