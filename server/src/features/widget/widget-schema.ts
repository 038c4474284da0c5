import { z } from 'zod';

/** The current widget script and its SRI hash: what the embed code needs. */
export const widgetScript = z.object({
  script: z.string().meta({ description: 'Its path, versioned by content hash.' }),
  integrity: z.string().meta({ description: 'Its SRI hash.' }),
});
