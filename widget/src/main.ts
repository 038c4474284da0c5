import { buttonWords } from '../../common/questionnaire-words.ts';
import { readConfig, type WidgetConfig } from './config.ts';
import type { Published } from './form.tsx';
import { addStyles } from './styles.ts';

/**
 * The file a host page names (docs/design.md §3): in button mode it draws the button and nothing
 * more, without Preact. The questionnaire (form.tsx, its own file) is fetched on the first sign
 * of intent (the pointer over the button, or the focus on it) and the dialog opens at once on
 * click, the questions following as soon as they arrive. Inline mode fetches it at once.
 */

/** Put in by the build (scripts/build.mjs). */
declare const BUTTON_CSS: string;
declare const FORM_FILE: string;
declare const FORM_INTEGRITY: string;
declare const LABELS_HASH: string;

/** What form.tsx registers once it has run: draws the questionnaire into `into`. */
export type MountForm = (
  config: WidgetConfig,
  root: ShadowRoot,
  into: HTMLElement,
  /** The side file's values on English and Spanish pages; undefined in French, or if it failed. */
  labels: unknown[] | undefined,
  /** The published questionnaire version; undefined if it could not be read. */
  published: Published | undefined,
) => void;

/** The one global the widget adds to a host page, shared by every copy of the widget on it. */
declare global {
  interface Window {
    JeDonneMonAvis?: { version: 1; form?: Promise<MountForm>; mountForm?: MountForm };
  }
}

// Read synchronously: document.currentScript is only set while this file first runs.
const script = document.currentScript as HTMLScriptElement | null;

try {
  if (!window.JeDonneMonAvis) {
    window.JeDonneMonAvis = { version: 1 };
    // Answers an earlier page of this tab could not send (send.ts): the form's file sends them.
    if (script && outboxHoldsAnswers()) loadForm(script.src).catch(warn);
  }
  // Without currentScript (loaded by a module or eval), nothing says which procedure it is for.
  const config = script ? readConfig(script) : 'procedure';
  if (typeof config === 'string')
    warn(`data-${config} is invalid (see the README); nothing shown.`);
  else mount(config, script as HTMLScriptElement);
} catch (error) {
  warn(error);
}

/** docs/design.md §3: whatever happens, the host page keeps working and is told once, quietly. */
function warn(message: unknown) {
  console.warn('[Je donne mon avis]', message);
}

function outboxHoldsAnswers() {
  try {
    return (sessionStorage.getItem('jdma-outbox') ?? '{}') !== '{}';
  } catch {
    return false; // storage disabled: there is no outbox to read
  }
}

/** The questionnaire's file, beside this one and checked like it (SRI), fetched once a page. */
function loadForm(base: string): Promise<MountForm> {
  const widget = window.JeDonneMonAvis as NonNullable<Window['JeDonneMonAvis']>;
  widget.form ??= new Promise<MountForm>((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = new URL(FORM_FILE, base).href;
    tag.integrity = FORM_INTEGRITY;
    tag.crossOrigin = 'anonymous';
    // A page that allows scripts by nonce allows this one as it allowed its parent.
    tag.nonce = script?.nonce ?? '';
    tag.onload = () => resolve(widget.mountForm as MountForm);
    tag.onerror = () => {
      widget.form = undefined; // offline for now: the next intent tries again
      reject('the questionnaire could not be loaded');
    };
    document.head.append(tag);
  });
  return widget.form;
}

/** A JSON document, or undefined when it could not be had: the widget then does without it. */
function json(url: string): Promise<unknown> {
  return fetch(url)
    .then((response) => (response.ok ? response.json() : undefined))
    .catch(() => undefined);
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = '') {
  return Object.assign(document.createElement(tag), { className, textContent: text });
}

function mount(config: WidgetConfig, script: HTMLScriptElement) {
  const host = document.createElement('div');
  if (config.target) config.target.replaceChildren(host);
  else script.after(host);
  const root = host.attachShadow({ mode: 'open' });
  addStyles(root, BUTTON_CSS);
  const app = element('div');
  app.lang = config.lang;
  root.append(app);

  const words = buttonWords[config.lang];
  let asked = false;
  /**
   * Fetches the questionnaire (and its side file) and draws it into `into`, once; says so while
   * it comes, and says it failed (where the focus is taken, so that a screen reader says it too).
   */
  const show = (into: HTMLElement) => {
    if (asked) return;
    asked = true;
    into.textContent = words.wait;
    into.setAttribute('aria-busy', 'true');
    Promise.all([
      loadForm(script.src),
      config.lang === 'fr'
        ? undefined
        : json(`${config.origin}/widget-${config.lang}.${LABELS_HASH}.json`).then((labels) =>
            Array.isArray(labels) ? labels : undefined,
          ),
      // The published questionnaire version (docs/design.md §2, «Versions»), asked with the
      // questionnaire's file rather than after it: one round trip less on a slow phone.
      json(
        `${config.origin}/api/v1/procedures/${config.procedure}/questionnaire/published?lang=${config.lang}`,
      ),
    ])
      .then(([mountForm, labels, published]) =>
        mountForm(config, root, into, labels, published as Published | undefined),
      )
      .catch((error) => {
        asked = false; // the next intent tries again
        into.textContent = words.failed;
        into.removeAttribute('aria-busy');
        if (into.closest('dialog')?.open) into.focus();
        warn(error);
      });
  };

  // Browsers without <dialog> (Safari before 15.4) get the form in place of the button.
  if (config.mode === 'inline' || !window.HTMLDialogElement?.prototype.showModal) {
    const panel = element('div', 'panel inline');
    app.append(panel);
    show(panel);
    return;
  }
  // A real-text button opening a native modal dialog: focus trap, Escape and focus return built
  // in. The dialog's head is drawn here, so that it opens at once, whatever the network.
  const open = element('button', '', words.open);
  const dialog = element('dialog');
  const panel = element('div', 'panel stack');
  const head = element('div', 'head');
  const title = element('h2', '', words.open);
  const close = element('button', 'secondary', words.close);
  const questions = element('div');
  open.type = close.type = 'button';
  title.id = 'jdma-title';
  dialog.setAttribute('aria-labelledby', title.id);
  questions.tabIndex = -1;
  head.append(title, close);
  panel.append(head, questions);
  dialog.append(panel);
  app.append(open, dialog);
  const intent = () => show(questions);
  open.onpointerenter = open.onfocus = intent;
  open.onclick = () => {
    dialog.showModal();
    intent();
  };
  close.onclick = () => dialog.close();
}
