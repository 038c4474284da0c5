// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h, type JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Procedure, ProcedurePerson, Stats } from '../api.ts';
import { useApi } from '../api-hooks.ts';
import { AnswerDistributions } from '../components/answer-distributions.tsx';
import { AnswerList } from '../components/answer-list.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Integration } from '../components/integration.tsx';
import { InvitationForm } from '../components/invitation-form.tsx';
import { PeriodForm } from '../components/period-form.tsx';
import { ProcedureMenu } from '../components/procedure-menu.tsx';
import { ProcedureSummary } from '../components/procedure-summary.tsx';
import { Transparency } from '../components/transparency.tsx';
import { daysBefore, navigate, today, useDashboard } from '../context.ts';
import { lazyPage } from '../lazy-page.tsx';
import { procedureLabels } from '../procedure-labels.ts';
import { type Period, periodOf, periodTabs, searchOf, tabOf, tabPath } from '../procedure-tabs.ts';

// Its own chunk: the terms and themes arrive after the figures above them.
// The journal's words for every action are only read in «Accès».
const AuditJournal = lazyPage(() =>
  import('../components/audit-journal.tsx').then((m) => m.AuditJournal),
);
const WhatPeopleSay = lazyPage(() =>
  import('../components/what-people-say.tsx').then((m) => m.WhatPeopleSay),
);
// Its own chunk too: the editor and the widget's words it previews, for owners who open it.
const QuestionnaireEditor = lazyPage(() =>
  import('../components/questionnaire-editor.tsx').then((m) => m.QuestionnaireEditor),
);

/**
 * One procedure, in parts (procedure-tabs.ts): the side menu, and the part its address names,
 * which alone is drawn, so that only its own data is read. The app draws this page again at each
 * change of address (main.tsx), and the address is what says the part and the period.
 */
export function ProcedurePage({ procedureKey }: { procedureKey: string }) {
  const { t, lang, me, go } = useDashboard();
  const l = procedureLabels[lang];
  const tab = tabOf(location.pathname);
  const fallback: Period = { from: daysBefore(today(), 29), to: today(), source: '' };
  const period = periodOf(location.search, fallback);
  const search = searchOf(period, fallback);
  // A period applied replaces the address rather than adding one: «back» goes to the part seen
  // before, not through each period tried.
  const [, redraw] = useState(0);
  const choosePeriod = (chosen: Period) => {
    history.replaceState(
      null,
      '',
      tabPath(procedureKey, tab ?? 'synthese', searchOf(chosen, fallback)),
    );
    redraw((n) => n + 1);
  };

  const procedureRead = useApi<Procedure>(`/procedures/${procedureKey}`);
  // Bumped by each invitation sent from «Accès», so that its people and journal show it at once.
  const [invitations, countInvitation] = useState(0);
  const procedure = procedureRead.data;
  const params = new URLSearchParams({ from: period.from, to: period.to });
  if (period.source) params.set('source', period.source);
  // Only the parts that show figures read them. A newer period cancels the older one's read:
  // answered late, it would show the wrong period's figures under the new choice.
  const statsRead = useApi<Stats>(
    tab === 'synthese' || tab === 'reponses'
      ? `/procedures/${procedureKey}/stats?${params}`
      : undefined,
  );
  const stats = statsRead.data;

  const names = l.tabs;
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!procedure) return;
    const before = document.title;
    document.title = `${tab ? names[tab] : l.notFound} — ${procedure.name} — ${l.site}`;
    return () => {
      document.title = before;
    };
  }, [tab, procedure?.name, lang]);

  // Another part is announced by moving focus to its heading, as the app does for a new page;
  // after the app's own move to the main content, which runs after this page's effects.
  const shownTab = useRef(tab);
  useEffect(() => {
    if (shownTab.current === tab) return;
    shownTab.current = tab;
    const timer = setTimeout(() => panel.current && focusHeading(panel.current));
    return () => clearTimeout(timer);
  }, [tab]);

  const role = me?.isAdmin ? 'owner' : me?.roles[procedureKey];
  // As the server decides (may 'manage'): its owners, and its organisation's administrators.
  const organisationAdmin =
    procedure !== undefined && me?.organisations[procedure.organisationId] === 'admin';
  const canManage = role === 'owner' || organisationAdmin;
  const peopleRead = useApi<ProcedurePerson[]>(
    tab === 'acces' && canManage ? `/procedures/${procedureKey}/people` : undefined,
    { version: invitations },
  );
  const people = peopleRead.data;

  if (!procedure) {
    return (
      <div class="stack">
        <ErrorAlert error={procedureRead.error} />
        {!procedureRead.error && <p>{t.loading}</p>}
      </div>
    );
  }

  /** The figures' parts wait for them: drawn piece by piece, what was on screen moved down. */
  const withStats = (show: (stats: Stats) => JSX.Element) =>
    stats ? (
      <>
        <ErrorAlert error={statsRead.error} />
        {show(stats)}
      </>
    ) : (
      <>
        <ErrorAlert error={statsRead.error} />
        {!statsRead.error && <p>{t.loading}</p>}
      </>
    );

  let content: JSX.Element;
  if (tab === 'synthese')
    content = withStats((stats) => (
      <ProcedureSummary
        procedureKey={procedureKey}
        stats={stats}
        integrationPath={tabPath(procedureKey, 'integration', search)}
      />
    ));
  else if (tab === 'reponses')
    content = withStats((stats) => <AnswerDistributions stats={stats} />);
  else if (tab === 'usagers')
    content = (
      <>
        <WhatPeopleSay
          procedureKey={procedureKey}
          from={period.from}
          to={period.to}
          source={period.source}
          canManage={canManage}
        />
        <section class="stack" aria-labelledby="comments">
          <h3 id="comments">{t.comments}</h3>
          {canManage && (
            <p class="actions">
              {(['xlsx', 'csv'] as const).map((format) => (
                <a
                  key={format}
                  class="fr-btn fr-btn--secondary"
                  href={`/api/v1/procedures/${procedureKey}/export.${format}?from=${period.from}&to=${period.to}`}
                  download
                >
                  {l.exports[format]}
                </a>
              ))}
            </p>
          )}
          <AnswerList
            procedureKey={procedureKey}
            from={period.from}
            to={period.to}
            canModerate={canManage}
          />
        </section>
      </>
    );
  else if (tab === 'publication')
    content = (
      <Transparency procedure={procedure} canManage={canManage} onSaved={procedureRead.reload} />
    );
  else if (tab === 'questionnaire')
    content = <QuestionnaireEditor procedureKey={procedureKey} canManage={canManage} />;
  else if (tab === 'integration')
    content = (
      <Integration procedure={procedure} canManage={canManage} onSaved={procedureRead.reload} />
    );
  else if (tab === 'acces')
    content = (
      <>
        {canManage && (
          <section class="stack" aria-labelledby="people">
            <h3 id="people">{l.people}</h3>
            <ErrorAlert error={peopleRead.error} />
            {people === undefined ? (
              !peopleRead.error && <p>{t.loading}</p>
            ) : people.length === 0 ? (
              <p>{l.noPeople}</p>
            ) : (
              <DataTable caption={l.peopleCaption(procedure.name)} columns={[t.email, t.role]}>
                {people.map((person) => (
                  <tr>
                    <th scope="row">{person.email}</th>
                    <td>{t[person.role]}</td>
                  </tr>
                ))}
              </DataTable>
            )}
            <p class="fr-hint-text">{l.peopleNote}</p>
          </section>
        )}
        {canManage ? (
          <>
            <p>{l.accessIntro}</p>
            <InvitationForm
              procedure={procedure}
              allowAdmin={false}
              onDone={() => countInvitation((n) => n + 1)}
            />
          </>
        ) : (
          <p>{l.accessViewer}</p>
        )}
        {canManage && (
          <section class="stack" aria-labelledby="journal">
            <h3 id="journal">{l.journal}</h3>
            <AuditJournal
              caption={l.journalCaption(procedure.name)}
              path={`/procedures/${procedureKey}/audit-log`}
              version={invitations}
            />
          </section>
        )}
        {organisationAdmin && (
          <p>
            <a
              class="fr-link"
              href={`/dashboard/organisations/${procedure.organisationId}`}
              onClick={navigate(go)}
            >
              {l.organisationPage}
            </a>
          </p>
        )}
      </>
    );
  else content = <p>{l.notFound}</p>;

  return (
    <div class="stack">
      <h1>{procedure.name}</h1>
      <div class="procedure">
        <ProcedureMenu procedureKey={procedureKey} tab={tab} search={search} names={names} />
        <div class="stack">
          {/* Above the part: the period is the page's, kept from one part to the next. */}
          {tab && periodTabs.includes(tab) && (
            <PeriodForm period={period} onChoose={choosePeriod} />
          )}
          <div class="stack" id="tab-panel" ref={panel}>
            {/* «Ce que disent les usagers» has its own heading (what-people-say.tsx). */}
            {tab !== 'usagers' && <h2 tabIndex={-1}>{tab ? names[tab] : l.notFound}</h2>}
            {content}
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * Focuses the part's heading, once drawn: «Ce que disent les usagers» draws its own when its code
 * has arrived.
 */
function focusHeading(panel: HTMLElement) {
  const focus = () => {
    const heading = panel.querySelector('h2');
    if (!heading) return false;
    heading.tabIndex = -1;
    heading.focus();
    return true;
  };
  if (focus()) return;
  const observer = new MutationObserver(() => focus() && observer.disconnect());
  observer.observe(panel, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 5000);
}
