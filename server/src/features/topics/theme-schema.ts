import { z } from 'zod';
import { freeText } from '../../http/free-text.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import { keywordKeys } from './fold-text.ts';

const keyword = freeText({ max: 60 }).refine((k) => keywordKeys(k).length > 0, {
  message: 'holds only common words (le, de, pas…) that no comment is matched on',
});

export const newTheme = z.object({
  name: freeText({ max: 60 }),
  keywords: z.array(keyword).min(1).max(30).meta({
    description:
      'Words or phrases; accents, case and inflections are ignored («délais» finds «délai»).',
  }),
});

export const themeChanges = newTheme.partial().refine((c) => Object.keys(c).length > 0, {
  message: 'says nothing to change',
});

export const theme = z.object({ id: z.int(), name: z.string(), keywords: z.array(z.string()) });

export const themeParams = procedureParams.extend({ id: z.coerce.number().int().positive() });
