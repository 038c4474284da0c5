// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h, type JSX, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
// The DSFR's `.main` builds: the others add Internet Explorer's fallbacks, which no browser that
// runs this ES2020 code needs. scripts/build.mjs then purges what the sources never use.
import '@gouvfr/dsfr/dist/core/core.main.min.css';
import '@gouvfr/dsfr/dist/component/button/button.main.min.css';
import '@gouvfr/dsfr/dist/component/form/form.main.min.css';
import '@gouvfr/dsfr/dist/component/input/input.main.min.css';
import '@gouvfr/dsfr/dist/component/select/select.main.min.css';
import '@gouvfr/dsfr/dist/component/checkbox/checkbox.main.min.css';
import '@gouvfr/dsfr/dist/component/alert/alert.main.min.css';
import '@gouvfr/dsfr/dist/component/badge/badge.main.min.css';
import '@gouvfr/dsfr/dist/component/table/table.main.min.css';
import '@gouvfr/dsfr/dist/component/link/link.main.min.css';
// The header the server puts above the app (server/src/pages/site-header.ts). Our few rules, not
// the DSFR's header.css (2.7 KB gzip, mostly menus and search); the brand block's own rules are linked by
// the server in the State's mode only.
import '../../common/site-header.css';
import './styles.css';
import { ApiError, api, type Me } from './api.ts';
import { useAction, useApi } from './api-hooks.ts';
import { ErrorAlert } from './components/error-alert.tsx';
import { Context, navigate } from './context.ts';
import { dashboardLabels } from './i18n.ts';
import type { DashboardLang } from './labels.ts';
import { lazyPage } from './lazy-page.tsx';
import { LoginPage } from './pages/login.tsx';

// Every page but the log-in one is fetched when first shown: the log-in page stays small (its
// budget is checked by `npm run size`).
const ProceduresPage = lazyPage(() =>
  import('./pages/procedures.tsx').then((m) => m.ProceduresPage),
);
const ProcedurePage = lazyPage(() => import('./pages/procedure.tsx').then((m) => m.ProcedurePage));
const OrganisationPage = lazyPage(() =>
  import('./pages/organisation.tsx').then((m) => m.OrganisationPage),
);
const AdministrationPage = lazyPage(() =>
  import('./pages/administration.tsx').then((m) => m.AdministrationPage),
);
const accountLinkPages = () => import('./pages/account-link-pages.tsx');
const ForgotPasswordPage = lazyPage(() => accountLinkPages().then((m) => m.ForgotPasswordPage));
const NewPasswordPage = lazyPage(() => accountLinkPages().then((m) => m.NewPasswordPage));
const InvitationPage = lazyPage(() => accountLinkPages().then((m) => m.InvitationPage));
const ObservatoirePage = lazyPage(() =>
  import('./pages/observatoire.tsx').then((m) => m.ObservatoirePages),
);
const AccountPage = lazyPage(() => import('./pages/account.tsx').then((m) => m.AccountPage));
const SetupPage = lazyPage(() => accountLinkPages().then((m) => m.SetupPage));

/**
 * The server sends this mark when the request had no session cookie (server/src/features/
 * dashboard/dashboard-route.ts): nobody can be signed in, so the log-in form shows at once, without asking.
 */
const signedOut = document.getElementById('app')?.hasAttribute('data-signed-out') ?? false;

function App() {
  const [path, setPath] = useState(location.pathname);
  const session = useApi<Me>(signedOut ? undefined : '/me');
  /** Who signed in or out here, which replaces what `/me` said. */
  const [signedInHere, setMe] = useState<Me | null | undefined>(signedOut ? null : undefined);
  const me =
    signedInHere !== undefined
      ? signedInHere
      : session.error instanceof ApiError && session.error.status === 401
        ? null
        : session.data;
  const leaving = useAction();
  const [lang, setLang] = useState<DashboardLang>(
    localStorage.getItem('lang') === 'en' ? 'en' : 'fr',
  );
  const t = dashboardLabels[lang];

  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('lang', lang);
    // The skip link comes first in the page, before the service's header the server puts above
    // the app (dashboard-route.ts): it speaks the page's language all the same.
    const skip = document.getElementById('skip-link');
    if (skip) skip.textContent = t.skip;
  }, [lang]);

  // A new page is announced by moving focus to its main content, as a page load would.
  useEffect(() => {
    document.getElementById('content')?.focus({ preventScroll: true });
  }, [path, me === undefined]);

  const go = (to: string) => {
    history.pushState(null, '', to);
    setPath(to);
  };

  // The header waits until the server has said who is signed in: its buttons depend on it, and
  // a header that grew then pushed the page down (Lighthouse: layout shift 0.09).
  // Any failure but «not signed in» is said where the page would be.
  if (me === undefined) {
    return (
      <Context.Provider value={{ t, lang, me: null, go }}>
        <main class="page">
          {session.error ? <ErrorAlert error={session.error} /> : <p>{t.loading}</p>}
        </main>
      </Context.Provider>
    );
  }

  let page: JSX.Element;
  const key = /^\/dashboard\/procedures\/([a-z0-9]+)/.exec(path)?.[1];
  const organisationId = /^\/dashboard\/organisations\/(\d+)/.exec(path)?.[1];
  if (path === '/dashboard/setup')
    page = (
      <SetupPage
        onDone={(user) => {
          setMe(user);
          go('/dashboard/');
        }}
      />
    );
  else if (path === '/dashboard/forgot-password') page = <ForgotPasswordPage />;
  // Links from mails: whoever is signed in, the link's account is the one that signs in.
  else if (path === '/dashboard/password' || path === '/dashboard/invitation') {
    const signIn = (user: Me) => {
      setMe(user);
      go('/dashboard/');
    };
    page =
      path === '/dashboard/password' ? (
        <NewPasswordPage onDone={signIn} />
      ) : (
        <InvitationPage onDone={signIn} />
      );
  } else if (me === null) page = <LoginPage onDone={(user) => setMe(user)} />;
  // Keyed: another procedure is a new page, so nothing of the previous one's can show under it.
  else if (key) page = <ProcedurePage key={key} procedureKey={key} />;
  else if (path === '/dashboard/administration' && me.isAdmin) page = <AdministrationPage />;
  else if (path === '/dashboard/account') page = <AccountPage />;
  // The Observatoire and its editions: the page reads which from the address.
  else if (path.startsWith('/dashboard/observatoire')) page = <ObservatoirePage key={path} />;
  else if (organisationId)
    page = <OrganisationPage key={organisationId} organisationId={Number(organisationId)} />;
  else page = <ProceduresPage />;

  const logout = () =>
    leaving.run(async () => {
      const ended = await api<{ endSessionUrl: string } | undefined>('/session', {
        method: 'DELETE',
      });
      // Signed in with ProConnect: its session ends too, and it sends the browser back here.
      if (ended?.endSessionUrl) return location.assign(ended.endSessionUrl);
      setMe(null);
      go('/dashboard/');
    });

  return (
    <Context.Provider value={{ t, lang, me: me ?? null, go }}>
      {/* Under the service's header, which the server puts above the app (site-header.ts). */}
      <div class="top">
        <div class="bar">
          <nav aria-label={t.dashboard} class="actions">
            <button
              type="button"
              class="fr-btn fr-btn--tertiary fr-btn--sm"
              lang={t.languageCode}
              onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
            >
              {t.language}
            </button>
            {me && (
              <a
                class="fr-btn fr-btn--tertiary fr-btn--sm"
                href="/dashboard/observatoire"
                onClick={navigate(go)}
              >
                {t.observatoire}
              </a>
            )}
            {me?.isAdmin && (
              <a
                class="fr-btn fr-btn--tertiary fr-btn--sm"
                href="/dashboard/administration"
                onClick={navigate(go)}
              >
                {t.administration}
              </a>
            )}
            {me && (
              <a
                class="fr-btn fr-btn--tertiary fr-btn--sm"
                href="/dashboard/account"
                onClick={navigate(go)}
              >
                {t.myAccount}
              </a>
            )}
            {me && (
              <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm" onClick={logout}>
                {t.logout} ({me.email})
              </button>
            )}
          </nav>
        </div>
      </div>
      <main id="content" tabIndex={-1} class="page">
        <ErrorAlert error={leaving.error} />
        {page}
      </main>
    </Context.Provider>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
