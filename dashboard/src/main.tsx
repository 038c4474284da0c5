// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h, type JSX, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '@gouvfr/dsfr/dist/core/core.min.css';
import '@gouvfr/dsfr/dist/component/button/button.min.css';
import '@gouvfr/dsfr/dist/component/form/form.min.css';
import '@gouvfr/dsfr/dist/component/input/input.min.css';
import '@gouvfr/dsfr/dist/component/select/select.min.css';
import '@gouvfr/dsfr/dist/component/checkbox/checkbox.min.css';
import '@gouvfr/dsfr/dist/component/alert/alert.min.css';
import '@gouvfr/dsfr/dist/component/badge/badge.min.css';
import '@gouvfr/dsfr/dist/component/table/table.min.css';
import '@gouvfr/dsfr/dist/component/link/link.min.css';
import './styles.css';
import { ApiError, api, type Me } from './api.ts';
import { Context, navigate } from './context.ts';
import { type DashboardLang, dashboardLabels } from './i18n.ts';
import { AdministrationPage } from './pages/administration.tsx';
import { LoginPage, SetupPage } from './pages/login.tsx';
import { ProcedurePage } from './pages/procedure.tsx';
import { ProceduresPage } from './pages/procedures.tsx';

function App() {
  const [path, setPath] = useState(location.pathname);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [lang, setLang] = useState<DashboardLang>(
    localStorage.getItem('lang') === 'en' ? 'en' : 'fr',
  );
  const t = dashboardLabels[lang];

  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    api<Me>('/me').then(setMe, (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else throw error;
    });
    return () => removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('lang', lang);
  }, [lang]);

  // A new page is announced by moving focus to its main content, as a page load would.
  useEffect(() => {
    document.getElementById('content')?.focus({ preventScroll: true });
  }, [path]);

  const go = (to: string) => {
    history.pushState(null, '', to);
    setPath(to);
  };

  let page: JSX.Element;
  const key = /^\/dashboard\/procedures\/([a-z0-9]+)/.exec(path)?.[1];
  if (path === '/dashboard/setup')
    page = (
      <SetupPage
        onDone={(user) => {
          setMe(user);
          go('/dashboard/');
        }}
      />
    );
  else if (me === undefined) page = <p>{t.loading}</p>;
  else if (me === null) page = <LoginPage onDone={(user) => setMe(user)} />;
  else if (key) page = <ProcedurePage procedureKey={key} />;
  else if (path === '/dashboard/administration' && me.isAdmin) page = <AdministrationPage />;
  else page = <ProceduresPage />;

  const logout = async () => {
    await api('/session', { method: 'DELETE' });
    setMe(null);
    go('/dashboard/');
  };

  return (
    <Context.Provider value={{ t, lang, me: me ?? null, go }}>
      <a class="skip fr-link" href="#content">
        {t.skip}
      </a>
      <header class="top">
        <div class="bar">
          <p class="brand">
            <a href="/dashboard/" onClick={navigate(go)}>
              {t.service}
            </a>
            <span class="fr-text--sm"> — {t.dashboard}</span>
          </p>
          <nav aria-label={t.dashboard} class="actions">
            <button
              type="button"
              class="fr-btn fr-btn--tertiary fr-btn--sm"
              lang={t.languageCode}
              onClick={() => setLang(lang === 'fr' ? 'en' : 'fr')}
            >
              {t.language}
            </button>
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
              <button type="button" class="fr-btn fr-btn--secondary fr-btn--sm" onClick={logout}>
                {t.logout} ({me.email})
              </button>
            )}
          </nav>
        </div>
      </header>
      <main id="content" tabIndex={-1} class="page">
        {page}
      </main>
    </Context.Provider>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
