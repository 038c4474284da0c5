import { z } from 'zod';
import { parseOrigin } from '../origin-allowed.ts';
import { askableQuestions } from '../store/store.ts';

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
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(allowedOrigin).max(100),
  questions: z.array(z.enum(askableQuestions)).optional(),
});
