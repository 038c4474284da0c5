// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import {
  type AskableQuestion,
  askableQuestions,
  sentenceMaxLength,
} from '../../../common/questionnaire.ts';
import { buttonWords, labels as widgetWords } from '../../../common/questionnaire-words.ts';
import { api, type QuestionnaireContent, type QuestionnaireVersion } from '../api.ts';
import { useAction, useApi } from '../api-hooks.ts';
import { formatDateTime, useDashboard } from '../context.ts';
import { questionnaireLabels } from '../questionnaire-labels.ts';
import { DataTable } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';

type Lang = 'fr' | 'en' | 'es';
type Sentence = { fr: string; en?: string; es?: string };
type Draft = { questions: AskableQuestion[]; intro: Sentence; thanks: Sentence };
const langs: Lang[] = ['fr', 'en', 'es'];

/** A version as the form edits it: absent sentences are empty fields. */
const draftOf = (version: QuestionnaireVersion): Draft => ({
  questions: version.questions,
  intro: version.intro ?? { fr: '' },
  thanks: version.thanks ?? { fr: '' },
});

/** A sentence as the API takes it: trimmed, empty languages left out, none without French. */
function sentenceOf(sentence: Sentence): QuestionnaireContent['intro'] {
  const fr = sentence.fr.trim();
  if (!fr) return null;
  const kept: Sentence = { fr };
  for (const lang of ['en', 'es'] as const) {
    const text = sentence[lang]?.trim();
    if (text) kept[lang] = text;
  }
  return kept;
}

/**
 * «Questionnaire» (docs/design.md §2, «Versions»): the steps asked and the owner's sentences,
 * previewed as the widget draws them, published as a new version; the versions published, with
 * their date and author. Viewers see the versions only.
 */
export function QuestionnaireEditor({
  procedureKey,
  canManage,
}: {
  procedureKey: string;
  canManage: boolean;
}) {
  const { lang } = useDashboard();
  const t = questionnaireLabels[lang];
  const path = `/procedures/${procedureKey}/questionnaire/versions`;
  const read = useApi<QuestionnaireVersion[]>(path);
  const versions = read.data;
  const published = versions?.[0];
  const [draft, setDraft] = useState<Draft | undefined>();
  const shown = draft ?? (published && draftOf(published));
  const publishing = useAction();

  const publish = (event: Event) => {
    event.preventDefault();
    if (!shown) return;
    publishing.run(async () => {
      const version = await api<QuestionnaireVersion>(path, {
        method: 'POST',
        body: {
          questions: shown.questions,
          intro: sentenceOf(shown.intro),
          thanks: sentenceOf(shown.thanks),
        },
      });
      await read.reload();
      setDraft(undefined);
      return t.published(version.number);
    });
  };

  const toggle = (question: AskableQuestion, on: boolean) =>
    shown &&
    setDraft({
      ...shown,
      questions: askableQuestions.filter((q) =>
        q === question ? on : shown.questions.includes(q),
      ),
    });
  const write = (which: 'intro' | 'thanks', lang: Lang, text: string) =>
    shown && setDraft({ ...shown, [which]: { ...shown[which], [lang]: text } });

  return (
    <div class="stack">
      <p>{canManage ? t.intro : t.viewer}</p>
      <ErrorAlert error={publishing.error ?? read.error} />
      <p role="status">{publishing.status}</p>
      {canManage && shown && published && (
        <div class="columns">
          <form class="stack" onSubmit={publish}>
            <fieldset class="fr-fieldset" aria-describedby="steps-hint">
              <legend class="fr-fieldset__legend">{t.steps}</legend>
              <p class="fr-hint-text fr-fieldset__element" id="steps-hint">
                {t.stepsHint}
              </p>
              {askableQuestions.map((question) => (
                <div class="fr-fieldset__element">
                  <div class="fr-checkbox-group">
                    <input
                      type="checkbox"
                      id={`step-${question}`}
                      checked={shown.questions.includes(question)}
                      onChange={(e) => toggle(question, e.currentTarget.checked)}
                    />
                    <label class="fr-label" for={`step-${question}`}>
                      {t.questions[question]}
                    </label>
                  </div>
                </div>
              ))}
            </fieldset>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">{t.sentences}</legend>
              {(['intro', 'thanks'] as const).map((which) => (
                <SentenceField
                  id={`${which}-fr`}
                  label={which === 'intro' ? t.introSentence : t.thanksSentence}
                  value={shown[which].fr}
                  onInput={(text) => write(which, 'fr', text)}
                />
              ))}
              <details class="fr-fieldset__element">
                <summary>{t.translations}</summary>
                <p class="fr-hint-text">{t.translationsHint}</p>
                {(['intro', 'thanks'] as const).flatMap((which) =>
                  (['en', 'es'] as const).map((inLang) => (
                    <SentenceField
                      id={`${which}-${inLang}`}
                      label={`${which === 'intro' ? t.introSentence : t.thanksSentence}, ${t.inLang[inLang]}`}
                      value={shown[which][inLang] ?? ''}
                      onInput={(text) => write(which, inLang, text)}
                      textLang={inLang}
                    />
                  )),
                )}
              </details>
            </fieldset>
            <p>
              <button class="fr-btn" type="submit" disabled={publishing.pending}>
                {t.publish(published.number + 1)}
              </button>
            </p>
          </form>
          <Preview draft={shown} />
        </div>
      )}
      {versions && <VersionList versions={versions} />}
    </div>
  );
}

function SentenceField({
  id,
  label,
  value,
  onInput,
  textLang,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (text: string) => void;
  textLang?: Lang;
}) {
  const { lang } = useDashboard();
  const t = questionnaireLabels[lang];
  return (
    <div class="fr-input-group fr-fieldset__element">
      <label class="fr-label" for={id}>
        {label}
        <span class="fr-hint-text">{t.sentenceHint(sentenceMaxLength)}</span>
      </label>
      <input
        class="fr-input"
        id={id}
        lang={textLang}
        maxLength={sentenceMaxLength}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/**
 * The questionnaire as the widget draws it, in its own words (common/questionnaire-words.ts) and
 * look (a bordered panel, the DSFR blue), with the draft's steps and sentences: its first screen,
 * its second (the steps asked after satisfaction), its last. A picture, not a form: nothing here
 * can be answered or sent.
 */
function Preview({ draft }: { draft: Draft }) {
  const { lang } = useDashboard();
  const t = questionnaireLabels[lang];
  const [shownIn, setShownIn] = useState<Lang>('fr');
  const w = widgetWords[shownIn];
  const sentence = (s: Sentence) => (s[shownIn]?.trim() || s.fr.trim()) ?? '';
  const intro = sentence(draft.intro);
  const thanks = sentence(draft.thanks);
  const asks = (q: AskableQuestion) => draft.questions.includes(q);
  return (
    // A block around the stack: stretched to the form's height beside it, a grid would spread
    // its rows apart.
    <section aria-labelledby="preview-title">
      <div class="stack">
        <h3 id="preview-title">{t.preview}</h3>
        <p class="fr-hint-text">{t.previewHint}</p>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend fr-text--regular">{t.previewLang}</legend>
          {langs.map((l) => (
            <div class="fr-fieldset__element fr-fieldset__element--inline">
              <div class="fr-radio-group">
                <input
                  type="radio"
                  id={`preview-${l}`}
                  name="preview-lang"
                  checked={shownIn === l}
                  onChange={() => setShownIn(l)}
                />
                <label class="fr-label" for={`preview-${l}`}>
                  {t.langs[l]}
                </label>
              </div>
            </div>
          ))}
        </fieldset>
        <div lang={shownIn} class="stack">
          <h4 class="fr-text--md">{t.firstScreen}</h4>
          <div class="widget-preview stack">
            <strong>{buttonWords[shownIn].open}</strong>
            {intro && <p>{intro}</p>}
            <p>{w.anonymous}</p>
            <strong>{w.satisfaction}</strong>
            <ul>
              {(['bad', 'medium', 'good'] as const).map((level) => (
                <li>{w.satisfactionAnswers[level]}</li>
              ))}
            </ul>
            <SendButton words={w.send} />
          </div>
          <h4 class="fr-text--md">{t.secondScreen}</h4>
          {draft.questions.length === 0 ? (
            <p lang={lang}>{t.noSecondScreen}</p>
          ) : (
            <div class="widget-preview stack">
              <strong>{w.more}</strong>
              {askableQuestions.filter(asks).map((q) => (
                <p>{w[q]}</p>
              ))}
              <SendButton words={w.send} />
            </div>
          )}
          <h4 class="fr-text--md">{t.lastScreen}</h4>
          <div class="widget-preview stack">
            <strong>{w.thanks}</strong>
            {thanks && <p>{thanks}</p>}
          </div>
        </div>
      </div>
    </section>
  );
}

/** The widget's «Envoyer», drawn as the button it is there, but nothing to press here. */
function SendButton({ words }: { words: string }) {
  return (
    <p>
      <span class="fr-btn fr-btn--sm">{words}</span>
    </p>
  );
}

/** Every version, newest first: when, by whom, what it asked and said. */
function VersionList({ versions }: { versions: QuestionnaireVersion[] }) {
  const { lang } = useDashboard();
  const t = questionnaireLabels[lang];
  const steps = (v: QuestionnaireVersion) =>
    v.questions.length === 0
      ? t.satisfactionOnly
      : v.questions.map((q) => t.stepNames[q]).join(', ');
  const sentences = (v: QuestionnaireVersion) =>
    (['intro', 'thanks'] as const)
      .filter((which) => v[which])
      .map((which) => t.sentenceNames[which])
      .join(', ') || t.none;
  return (
    <DataTable
      caption={t.versions}
      columns={[t.number, t.publishedOn, t.by, t.asked, t.ownSentences]}
      scrolls
    >
      {versions.map((v, i) => (
        <tr>
          <th scope="row">
            {v.number} {i === 0 && t.current}
          </th>
          <td>{formatDateTime(v.publishedAt, lang)}</td>
          <td>{t.actors[v.publishedBy] ?? v.publishedBy}</td>
          <td>{steps(v)}</td>
          <td>{sentences(v)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
