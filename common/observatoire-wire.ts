/**
 * The Observatoire's API (docs/design.md §13) as plain types, for the dashboard: the server's zod
 * schemas (features/observatoire/observatoire-schema.ts) are checked against them at compile time.
 */

/** A figure of the table: the stats route's indicator, and how it moved since the period before. */
export type ObservatoireFigure = {
  label: string;
  value: number | null;
  unit: '/10' | '%';
  level: 'bad' | 'medium' | 'good' | null;
  levelLabel: string | null;
  sample: number;
  margin: number | null;
  insufficient: boolean;
  previous: number | null;
  change: number | null;
  significant: boolean;
};

export type ObservatoireIndicator =
  | 'satisfaction'
  | 'clarity'
  | 'autonomy'
  | 'reached'
  | 'helpQuality';

export type ObservatoireRow = {
  procedure: string;
  name: string;
  organisation: { id: number; name: string };
  public: boolean;
  answers: number;
  previousAnswers: number;
} & Record<ObservatoireIndicator, ObservatoireFigure>;

type Period = { from: string; to: string };

/** One page of a table, filtered and sorted. */
type TablePage = { total: number; page: number; limit: number; rows: ObservatoireRow[] };

export type ObservatoireTable = {
  period: Period;
  previous: Period;
  minAnswers: number;
} & TablePage;

export type EditionSummary = {
  id: number;
  quarter: string;
  organisation: { id: number; name: string } | null;
  madeAt: string;
  madeBy: string;
  regeneratedAt: string | null;
  regeneratedBy: string | null;
  published: boolean;
};

export type Edition = EditionSummary & { period: Period; previous: Period } & TablePage;

export type EditionList = {
  editions: EditionSummary[];
  /** Editions over every page. */
  total: number;
  page: number;
  limit: number;
  organisations: { id: number; name: string; publishes: boolean; mayManage: boolean }[];
};

export type NewEdition = { quarter: string; organisation?: number | null | undefined };

export type Publication = { publishes: boolean };
