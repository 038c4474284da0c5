import { type AskableQuestion, askableQuestions } from '../../common/questionnaire.ts';

export type Lang = 'fr' | 'en' | 'es';

export type WidgetConfig = {
  /** The procedure's public key (`data-procedure`). */
  procedure: string;
  mode: 'button' | 'inline';
  /** Where the widget goes: `data-target`, or right after its script tag. */
  target: Element | undefined;
  lang: Lang;
  source: string | undefined;
  questions: readonly AskableQuestion[];
  /** The service: `data-api`, or the script's own origin. */
  origin: string;
  /** Where answers are posted. */
  endpoint: string;
  /** When the widget appeared on the page: answers report the time since (docs/design.md §4). */
  shownAt: number;
};

/**
 * Reads the script tag's `data-*` attributes (docs/design.md §3) once. Returns the configuration,
 * or the name of the attribute that makes it unusable, which the caller reports in one warning.
 * (Names, not sentences: every byte here is downloaded by every citizen; the README explains.)
 */
export function readConfig(script: HTMLScriptElement): WidgetConfig | string {
  const data = script.dataset;
  const procedure = data.procedure ?? '';
  if (!/^[a-z0-9]{4,40}$/.test(procedure)) return 'procedure';

  const mode = data.mode ?? 'button';
  if (mode !== 'button' && mode !== 'inline') return 'mode';

  let target: Element | undefined;
  if (data.target) {
    try {
      target = document.querySelector(data.target) ?? undefined;
    } catch {}
    if (!target) return 'target';
  }

  const lang = (data.lang ?? document.documentElement.lang).slice(0, 2).toLowerCase();

  const source = data.source;
  if (source !== undefined && !/^[a-z0-9-]{1,40}$/.test(source)) return 'source';

  const questions =
    (data.questions?.split(',').filter(Boolean) as AskableQuestion[]) ?? askableQuestions;
  if (questions.some((q) => !askableQuestions.includes(q))) return 'questions';

  let api: URL;
  try {
    api = new URL(data.api ?? script.src);
  } catch {
    return 'api';
  }

  return {
    procedure,
    mode,
    target,
    lang: lang === 'en' || lang === 'es' ? lang : 'fr',
    source,
    questions,
    origin: api.origin,
    endpoint: `${api.origin}/api/v1/procedures/${procedure}/feedback`,
    shownAt: Date.now(),
  };
}
