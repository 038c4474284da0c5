// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime, see scripts/build.mjs).
import { createRef, Fragment, h, render } from 'preact';
import { fr, type Labels } from '../../common/questionnaire-words.ts';
import { readConfig, type WidgetConfig } from './config.ts';
import { Questionnaire } from './questionnaire.tsx';
import { resend } from './send.ts';

/** Put in by the build (scripts/build.mjs): the minified widget.css, the side files' hash. */
declare const WIDGET_CSS: string;
declare const LABELS_HASH: string;

/** The one global the widget adds to a host page; it also keeps a second copy from re-sending. */
declare global {
  interface Window {
    JeDonneMonAvis?: { version: 1 };
  }
}

// Read synchronously: document.currentScript is only set while this file first runs.
const script = document.currentScript as HTMLScriptElement | null;

try {
  if (!window.JeDonneMonAvis) {
    window.JeDonneMonAvis = { version: 1 };
    resend();
    addEventListener('online', resend);
  }
  // Without currentScript (loaded by a module or eval), nothing says which procedure it is for.
  const config = script ? readConfig(script) : 'procedure';
  if (typeof config === 'string')
    warn(`data-${config} is invalid (see the README); nothing shown.`);
  else mount(config, script as HTMLScriptElement).catch(warn);
} catch (error) {
  warn(error);
}

/** docs/design.md §3: whatever happens, the host page keeps working and is told once, quietly. */
function warn(message: unknown) {
  console.warn('[Je donne mon avis]', message);
}

/** A side file holds values only, in the order of the French labels' keys (scripts/build.mjs). */
// biome-ignore lint/suspicious/noExplicitAny: the labels' tree, walked whatever its shape.
function withKeys(reference: any, values: any): any {
  return reference.slice
    ? values
    : Object.fromEntries(
        Object.keys(reference).map((key, i) => [key, withKeys(reference[key], values[i])]),
      );
}

async function mount(config: WidgetConfig, script: HTMLScriptElement) {
  let t: Labels = fr;
  if (config.lang !== 'fr') {
    try {
      t = withKeys(
        fr,
        await (await fetch(`${config.origin}/widget-${config.lang}.${LABELS_HASH}.json`)).json(),
      );
    } catch {
      config.lang = 'fr'; // better French than nothing
    }
  }
  const host = document.createElement('div');
  if (config.target) config.target.replaceChildren(host);
  else script.after(host);
  const root = host.attachShadow({ mode: 'open' });
  const css = WIDGET_CSS;
  if ('adoptedStyleSheets' in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    // Safari before 16.4: a <style> inside the shadow root (never in the host document).
    (root as ShadowRoot).append(
      Object.assign(document.createElement('style'), { textContent: css }),
    );
  }
  // Browsers without <dialog> (Safari before 15.4) get the form in place of the button.
  const inline = config.mode === 'inline' || !window.HTMLDialogElement?.prototype.showModal;
  const app = document.createElement('div');
  app.lang = config.lang;
  root.append(app);
  render(
    inline ? (
      <div class="panel inline">
        <Questionnaire config={config} t={t} />
      </div>
    ) : (
      <ButtonAndDialog config={config} t={t} />
    ),
    app,
  );
}

/** A real-text button opening a native modal dialog: focus trap, Escape and focus return built in. */
function ButtonAndDialog({ config, t }: { config: WidgetConfig; t: Labels }) {
  const dialog = createRef<HTMLDialogElement>();
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        {t.open}
      </button>
      <dialog ref={dialog} aria-labelledby="jdma-title">
        <div class="panel stack">
          <div class="head">
            <h2 id="jdma-title">{t.open}</h2>
            <button type="button" class="secondary" onClick={() => dialog.current?.close()}>
              {t.close}
            </button>
          </div>
          <Questionnaire config={config} t={t} />
        </div>
      </dialog>
    </>
  );
}
