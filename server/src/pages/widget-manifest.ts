import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What scripts/build.mjs writes to dist/widget/manifest.json. */
export type WidgetManifest = {
  /** The current widget script, named after its content hash. */
  file: string;
  /** Its SRI hash, for the embed code's `integrity` attribute. */
  integrity: string;
  /** The questionnaire, which the widget script fetches on intent (its hash is in the script). */
  formFile: string;
  /** The hosted page's stylesheet. */
  pageStylesheet: string;
  /** The public results pages' stylesheet. */
  resultsStylesheet: string;
  /** The DSFR's brand block (logo.css), linked by server-rendered pages in the State's mode. */
  logoStylesheet: string;
  /** Every file of the build: widget, questionnaire, side files, stylesheets. */
  files: string[];
};

/** Reads the widget build, or undefined when `npm run build` has not run. */
export function readWidgetManifest(widgetDir: string): WidgetManifest | undefined {
  const path = join(widgetDir, 'manifest.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as WidgetManifest) : undefined;
}
