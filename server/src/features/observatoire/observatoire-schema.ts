import { z } from 'zod';
import type * as wire from '../../../../common/observatoire-wire.ts';
import { quarterPattern } from '../../../../common/quarters.ts';
import { calendarDay, periodFields, refinePeriod } from '../../http/period-schema.ts';
import { indicator, levels } from '../stats/stats-schema.ts';

/** The Observatoire's five columns of figures, in its order (docs/design.md §6, §13). */
export const observatoireIndicators = [
  'satisfaction',
  'clarity',
  'autonomy',
  'reached',
  'helpQuality',
] as const;
export type ObservatoireIndicator = (typeof observatoireIndicators)[number];

/** A figure of the table: the stats route's indicator, and how it moved since the period before. */
export const observatoireFigure = indicator.extend({
  previous: z.number().nullable().meta({ description: 'The value over the previous period.' }),
  change: z.number().nullable().meta({
    description:
      'value − previous, rounded to 0.1 (points out of 10, or percentage points); null when either side has no figure or too few answers («Nombre d’avis insuffisant»).',
  }),
  significant: z.boolean().meta({
    description:
      'The change exceeds the two periods’ 95 % margins combined, √(m₁² + m₂²), as the drop alert’s rule: more than chance.',
  }),
});

export const observatoireRow = z.object({
  procedure: z.string().meta({ description: 'The procedure’s key.' }),
  name: z.string(),
  organisation: z.object({ id: z.int(), name: z.string() }),
  public: z.boolean().meta({ description: 'Its results are published (/resultats).' }),
  answers: z.int(),
  previousAnswers: z.int(),
  ...(Object.fromEntries(
    observatoireIndicators.map((name) => [name, observatoireFigure]),
  ) as Record<ObservatoireIndicator, typeof observatoireFigure>),
});
export type ObservatoireRow = z.infer<typeof observatoireRow>;

export const tableSorts = [
  'evolutions',
  'name',
  'organisation',
  'answers',
  ...observatoireIndicators,
  ...observatoireIndicators.map((name) => `${name}Change` as const),
] as const;
export type TableSort = (typeof tableSorts)[number];

/** The level filter: satisfaction's level, or its figure resting on too few answers. */
export const levelFilters = [...levels, 'insufficient'] as const;

/** How a table is shown: sorted, filtered, one page of it (the live table and an edition alike). */
export const tableViewQuery = z.object({
  sort: z.enum(tableSorts).default('evolutions').meta({
    description:
      '`evolutions` («Plus fortes évolutions»): procedures with a significant change first, falls before rises, larger first; or a column.',
  }),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .meta({ description: 'Default: descending for figures, ascending for names.' }),
  level: z.enum(levelFilters).optional().meta({
    description: 'Only procedures whose «Satisfaction usager» is at this level, or insufficient.',
  }),
  q: z
    .string()
    .max(100)
    .optional()
    .meta({ description: 'Words of the procedure’s or organisation’s name, accents ignored.' }),
  organisation: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31)
    .optional()
    .meta({ description: 'Only this organisation’s procedures.' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type TableViewQuery = z.infer<typeof tableViewQuery>;

export const observatoireQuery = z
  .object({ ...periodFields, ...tableViewQuery.shape })
  .superRefine(refinePeriod);

/** The live table's exports: its period, filters and order, and every row that passes them. */
export const observatoireExportQuery = z
  .object({ ...periodFields, ...tableViewQuery.omit({ limit: true, page: true }).shape })
  .superRefine(refinePeriod);

const period = z.object({ from: calendarDay, to: calendarDay });

const tablePage = {
  /** Rows that pass the filters, over every page. */
  total: z.int(),
  page: z.int(),
  limit: z.int(),
  rows: z.array(observatoireRow),
};

export const observatoireResponse = z.object({
  period,
  previous: period.meta({ description: 'The previous period of the same length.' }),
  minAnswers: z.int(),
  ...tablePage,
});

export const editionId = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31),
});

export const quarter = z
  .string()
  .regex(quarterPattern)
  .meta({ description: 'A calendar quarter, `2026-T3` (July to September 2026).' });

export const editionSummary = z.object({
  id: z.int(),
  quarter,
  organisation: z.object({ id: z.int(), name: z.string() }).nullable().meta({
    description: 'null: the platform’s edition, every organisation’s procedures.',
  }),
  madeAt: z.iso.datetime(),
  madeBy: z.string(),
  regeneratedAt: z.iso.datetime().nullable(),
  regeneratedBy: z.string().nullable(),
  published: z.boolean().meta({
    description: 'Its organisation publishes its editions on /observatoire (public procedures).',
  }),
});

export const editionResponse = editionSummary.extend({
  period,
  previous: period,
  ...tablePage,
});

export const newEdition = z.object({
  quarter,
  organisation: z
    .number()
    .int()
    .min(1)
    .max(2 ** 31)
    .nullable()
    .default(null)
    .meta({ description: 'null: the platform’s edition (platform administrators).' }),
});

/** A page of the editions' list: bounded as the tables are. */
export const editionListQuery = tableViewQuery.pick({ limit: true, page: true });

export const editionList = z.object({
  editions: z.array(editionSummary),
  /** Editions over every page. */
  total: z.int(),
  page: z.int(),
  limit: z.int(),
  /** The organisations whose editions the caller may make, with their publication setting. */
  organisations: z.array(
    z.object({ id: z.int(), name: z.string(), publishes: z.boolean(), mayManage: z.boolean() }),
  ),
});

export const publication = z.object({ publishes: z.boolean() });

/** The organisation of `PUT /api/v1/organisations/{organisationId}/observatoire`. */
export const organisationParams = z.object({
  organisationId: z.coerce.number().int().min(1),
});

// The dashboard reads these plain types (common/observatoire-wire.ts): they must say the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
true satisfies Same<z.infer<typeof observatoireRow>, wire.ObservatoireRow>;
true satisfies Same<z.infer<typeof observatoireResponse>, wire.ObservatoireTable>;
true satisfies Same<z.infer<typeof editionResponse>, wire.Edition>;
true satisfies Same<z.infer<typeof editionList>, wire.EditionList>;
true satisfies Same<z.input<typeof newEdition>, wire.NewEdition>;
true satisfies Same<z.infer<typeof publication>, wire.Publication>;
