import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api.ts';
import { type DashboardLabels, dashboardLabels } from './i18n.ts';
import type { DashboardLang } from './labels.ts';

type DashboardContext = {
  t: DashboardLabels;
  lang: DashboardLang;
  me: Me | null;
  go: (path: string) => void;
};

export const Context = createContext<DashboardContext>({
  t: dashboardLabels.fr,
  lang: 'fr',
  me: null,
  go: () => {},
});

export const useDashboard = () => useContext(Context);

/** A link's click handler that routes in the page instead of loading it (new tabs still work). */
export function navigate(go: (path: string) => void) {
  return (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go((event.currentTarget as HTMLAnchorElement).pathname);
  };
}

// The formats of the page's language, taken by the components with the context they read it from
// (label files import them from formats.ts, which knows nothing of Preact).
export {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  localeOf,
  outOf10,
  percentParts,
} from './formats.ts';

/** A calendar day `YYYY-MM-DD`, `days` before `day`. */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Today in the service's TZ_REPORT, which the server writes into the page (dashboard-route.ts):
 * answers are counted on their day there, whatever the browser's own zone (its zone, should the
 * page not say it). The server's `reportDay` (common/calendar-days.ts) does the same with a
 * cache per quarter hour that the log-in page's script budget has no room for (24 B over).
 */
export function today(): string {
  const timeZone = document.querySelector<HTMLMetaElement>(
    'meta[name="report-time-zone"]',
  )?.content;
  const parts = new Intl.DateTimeFormat('en', {
    timeZone: timeZone || undefined,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts();
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
