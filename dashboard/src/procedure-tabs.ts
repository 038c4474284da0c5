/**
 * A procedure's page in parts, each at its own address (issue 27): /dashboard/procedures/{key}
 * is «Synthèse», /dashboard/procedures/{key}/{tab} the others; the period and the placement ride
 * in the query string (`from`, `to`, `source`), so a link, the back button and a reload keep them.
 */
export const procedureTabs = [
  'synthese',
  'reponses',
  'usagers',
  'publication',
  'questionnaire',
  'integration',
  'acces',
] as const;
export type ProcedureTab = (typeof procedureTabs)[number];

/** The parts whose figures depend on the period chosen: they show its form. */
export const periodTabs: readonly ProcedureTab[] = ['synthese', 'reponses', 'usagers'];

/** The part a path names; `undefined` for a path that names none (shown as not found). */
export function tabOf(path: string): ProcedureTab | undefined {
  const tab = /^\/dashboard\/procedures\/[a-z0-9]+(?:\/([^/?#]*))?/.exec(path)?.[1];
  if (tab === undefined || tab === '') return 'synthese';
  return (procedureTabs as readonly string[]).includes(tab) ? (tab as ProcedureTab) : undefined;
}

/** The address of a part, with the period and placement of `search` (`?from=…`). */
export function tabPath(procedureKey: string, tab: ProcedureTab, search: string): string {
  return `/dashboard/procedures/${procedureKey}${tab === 'synthese' ? '' : `/${tab}`}${search}`;
}

export type Period = { from: string; to: string; source: string };

/** The period a query string names, or `fallback` (the last 30 days) for what it leaves out. */
export function periodOf(search: string, fallback: Period): Period {
  const query = new URLSearchParams(search);
  const day = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
  const from = day(query.get('from'));
  const to = day(query.get('to'));
  return from && to
    ? { from, to, source: query.get('source') ?? '' }
    : { ...fallback, source: query.get('source') ?? '' };
}

/** The query string of a period: empty for `fallback`, so the default's links stay bare. */
export function searchOf(period: Period, fallback: Period): string {
  const query = new URLSearchParams();
  if (period.from !== fallback.from || period.to !== fallback.to) {
    query.set('from', period.from);
    query.set('to', period.to);
  }
  if (period.source) query.set('source', period.source);
  const search = query.toString();
  return search ? `?${search}` : '';
}
