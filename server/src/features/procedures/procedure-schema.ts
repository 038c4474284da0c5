import { z } from 'zod';
import { freeText } from '../../http/free-text.ts';
import { parseOrigin } from '../../http/origin-allowed.ts';
import { askableQuestions } from '../../store/store.ts';
import { askedSteps } from '../questionnaire/questionnaire-schema.ts';
import { indicator } from '../stats/stats-schema.ts';

/**
 * An origin allowed to embed the widget: `https://www.example.gouv.fr` (port when not default),
 * or `https://*.example.gouv.fr` for every subdomain. Stored in the browser's serialised form.
 */
export const allowedOrigin = z.string().transform((value, ctx) => {
  const wildcard = /^(https?:\/\/)\*\.(.+)$/.exec(value);
  const url = parseOrigin(wildcard ? `${wildcard[1]}${wildcard[2]}` : value);
  if (!url || (wildcard && !url.hostname.includes('.'))) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not an origin such as https://www.example.gouv.fr or https://*.example.gouv.fr`,
    });
    return z.NEVER;
  }
  return wildcard ? `${url.protocol}//*.${url.host}` : url.origin;
});

export const newProcedure = z.object({
  name: freeText({ max: 200 }),
  allowedOrigins: z.array(allowedOrigin).max(100),
  questions: askedSteps.optional(),
});

/** A procedure as the private API shows it. */
export const procedureView = z.object({
  key: z.string(),
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  questions: z.array(z.enum(askableQuestions)),
  createdAt: z.iso.datetime(),
  archivedAt: z.iso.datetime().nullable(),
  organisationId: z.int().meta({ description: 'The organisation that owns it.' }),
  public: z.boolean().meta({
    description:
      'Its results are published on /resultats/{key} (docs/design.md §10); off by default.',
  }),
});

/** In the list of procedures: with its headline figures over the last 12 months. */
export const procedureSummary = procedureView.extend({
  lastTwelveMonths: z.object({
    answers: z.int(),
    satisfaction: indicator,
    previousSatisfaction: indicator.meta({ description: 'The 12 months before, to compare.' }),
  }),
});

export const procedureChanges = z.object({
  name: freeText({ max: 200 }).optional(),
  allowedOrigins: z.array(allowedOrigin).max(100).optional(),
  questions: askedSteps.optional().meta({
    description:
      'Publishes a new questionnaire version asking these steps, its sentences kept (…/questionnaire/versions).',
  }),
  archived: z.boolean().optional(),
  public: z
    .boolean()
    .optional()
    .meta({ description: 'Publish its results on /resultats, or take them off at once.' }),
});
