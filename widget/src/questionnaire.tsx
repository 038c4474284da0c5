// biome-ignore lint/correctness/noUnusedImports: h and Fragment are what JSX compiles to (classic runtime, see scripts/build.mjs).
import { Component, type ComponentChildren, createRef, Fragment, h, type Ref } from 'preact';
import { mouths } from '../../common/faces.ts';
import {
  type AdministrationChannel,
  type AskableQuestion,
  administrationChannels,
  commentMaxLength,
  helpOtherMaxLength,
  type satisfactionLevels,
  type scale,
} from '../../common/questionnaire.ts';
import type { Labels } from '../../common/questionnaire-words.ts';
import { uuidv7 } from '../../common/uuid.ts';
import type { FeedbackBody, PerChannel } from '../../common/wire.ts';
import type { WidgetConfig } from './config.ts';
import type { Published } from './form.tsx';
import { type Outcome, send } from './send.ts';

type Answer = Omit<FeedbackBody, 'id' | 'reached' | 'helpQuality'> & {
  reached: PerChannel<boolean>;
  helpQuality: PerChannel<number>;
};
type Channel = NonNullable<Answer['help']>[number];
type Props = { config: WidgetConfig; t: Labels; published?: Published | undefined };
type State = {
  answer: Partial<Answer>;
  /** 1: satisfaction; 2: the optional questions; 3: thanks. */
  step: 1 | 2 | 3;
  missing: boolean;
  status: string;
  /** The procedure's public results page, when it publishes them (docs/design.md §10). */
  link?: string;
};

/**
 * The questionnaire of docs/design.md §2. Satisfaction alone is sent first (most people stop
 * there); the optional questions follow on a second step that re-sends the whole answer under the
 * same id. A class rather than hooks: preact/hooks would cost 1 KB gzip of the widget's budget.
 */
export class Questionnaire extends Component<Props, State> {
  declare id: string;
  declare heading: ReturnType<typeof createRef<HTMLHeadingElement>>;
  declare firstChoice: ReturnType<typeof createRef<HTMLInputElement>>;

  // Set here, not as class fields: esbuild's ES2020 output wraps each field in a
  // defineProperty helper (measured: 70 B gzip of the widget).
  constructor(props: Props) {
    super(props);
    this.state = { answer: {}, step: 1, missing: false, status: '' };
    this.id = uuidv7();
    this.heading = createRef();
    this.firstChoice = createRef();
  }

  // A new step moves focus to its heading, so a screen reader says where the person now is.
  override componentDidUpdate(_: Props, before: State) {
    if (before.step !== this.state.step) this.heading.current?.focus();
  }

  update(changes: Partial<Answer>) {
    this.setState({ answer: { ...this.state.answer, ...changes } });
  }

  submit(event: Event) {
    event.preventDefault();
    const { config, t } = this.props;
    const {
      satisfaction,
      help = [],
      helpOther,
      reached,
      helpQuality,
      clarity,
      comment,
    } = this.state.answer;
    if (!satisfaction) {
      this.setState({ missing: true, status: t.chooseAnswer });
      this.firstChoice.current?.focus();
      return;
    }
    // Only what applies is sent: an answer to a question hidden since (a channel unticked, a
    // channel no longer reached) is dropped.
    const ticked = adminChannels.filter((c) => help.includes(c));
    const reachedNow = only(reached, ticked);
    const body = {
      id: this.id,
      satisfaction,
      clarity,
      help: help.length ? help : undefined,
      helpOther: help.includes('other') ? helpOther?.trim() || undefined : undefined,
      reached: reachedNow,
      helpQuality: only(
        helpQuality,
        ticked.filter((c) => reachedNow?.[c]),
      ),
      comment: comment?.trim() || undefined,
      lang: config.lang,
      source: config.source,
      elapsedMs: Date.now() - config.shownAt,
    } satisfies FeedbackBody;
    send(config.endpoint, this.id, body, (outcome: Outcome) => {
      this.setState({ status: t[outcome] });
      // Asked only on the thank-you step, once the answer is in: nothing more on the first load.
      // A 404 (not published) has no url, and an error no link either.
      if (outcome === 'sent' && this.state.step > 2)
        fetch(
          `${config.origin}/api/v1/procedures/${config.procedure}/results-link?lang=${config.lang}`,
        )
          .then((response) => response.json())
          .then((found) => this.setState({ link: found.url }))
          .catch(() => {});
    });
    this.setState({ step: this.state.step === 1 && config.questions.length ? 2 : 3, status: '' });
  }

  // «Je n'ai pas eu besoin d'aide» unticks every channel, and any channel unticks it.
  toggleHelp(channel: Channel, on: boolean) {
    const others = (this.state.answer.help ?? []).filter(
      (c) => c !== channel && channel !== 'none' && c !== 'none',
    );
    this.update({ help: on ? [...others, channel] : others });
  }

  render({ config, t, published }: Props, { answer, step, missing, status, link }: State) {
    const help = answer.help ?? [];
    const asks = (question: AskableQuestion) => config.questions.includes(question);
    // Empty when the procedure hides 3a: nothing could be ticked.
    const ticked = adminChannels.filter((c) => help.includes(c));
    const reached = answer.reached ?? {};
    const quality = answer.helpQuality ?? {};
    const reachedChannels = ticked.filter((c) => reached[c]);
    const comment = answer.comment ?? '';
    return (
      <div class="stack">
        {step === 3 ? (
          <>
            <h2 ref={this.heading} tabIndex={-1}>
              {t.thanks}
            </h2>
            {published?.thankYou && <p>{published.thankYou}</p>}
            {link && (
              <p>
                <a href={link}>{t.results}</a>
              </p>
            )}
          </>
        ) : (
          <form onSubmit={(e) => this.submit(e)} class="stack">
            {step === 1 ? (
              <>
                {published?.intro && <p>{published.intro}</p>}
                <p>{t.anonymous}</p>
                <fieldset>
                  <legend>{t.satisfaction}</legend>
                  {/* Written out, checked against the shared lists by the compiler: imported,
                      each list cost the widget 4 to 8 B gzip (a variable of its own). */}
                  {(['bad', 'medium', 'good'] satisfies typeof satisfactionLevels).map(
                    (level, i) => (
                      <Choice
                        class={`face ${level}`}
                        type="radio"
                        name="satisfaction"
                        checked={answer.satisfaction === level}
                        onChange={() => {
                          this.setState({ missing: false });
                          this.update({ satisfaction: level });
                        }}
                        inputRef={i ? undefined : this.firstChoice}
                        invalid={missing}
                      >
                        <svg viewBox="0 0 24 24" aria-hidden="true">
                          <circle cx="12" cy="12" r="10" />
                          <path d={`M9 9.5v.01M15 9.5v.01${mouths[level]}`} />
                        </svg>
                        {t.satisfactionAnswers[level]}
                      </Choice>
                    ),
                  )}
                  {missing && (
                    <p id="jdma-missing" class="error">
                      {t.chooseAnswer}
                    </p>
                  )}
                </fieldset>
              </>
            ) : (
              <>
                <h2 ref={this.heading} tabIndex={-1}>
                  {t.more}
                </h2>
                {asks('clarity') && (
                  <fieldset class="scale">
                    <legend>
                      {t.clarity}
                      <span class="hint">{t.clarityScale}</span>
                    </legend>
                    {([1, 2, 3, 4, 5] satisfies typeof scale).map((n) => (
                      <Choice
                        type="radio"
                        name="clarity"
                        checked={answer.clarity === n}
                        onChange={() => this.update({ clarity: n })}
                      >
                        {n}
                      </Choice>
                    ))}
                  </fieldset>
                )}
                {asks('help') && (
                  <fieldset class="column" aria-describedby="jdma-several">
                    <legend>{t.help}</legend>
                    <p class="hint" id="jdma-several">
                      {t.severalAnswers}
                    </p>
                    {(Object.keys(t.helpChannels) as Channel[]).map((channel) => (
                      <Choice
                        type="checkbox"
                        name="help"
                        checked={help.includes(channel)}
                        onChange={(on) => this.toggleHelp(channel, on)}
                      >
                        {t.helpChannels[channel]}
                        {adminChannels.includes(channel as AdministrationChannel) &&
                          t.withAdministration}
                      </Choice>
                    ))}
                    {help.includes('other') && (
                      <label class="label">
                        {t.helpOther}
                        <input
                          type="text"
                          maxLength={helpOtherMaxLength}
                          value={answer.helpOther ?? ''}
                          onInput={(e) => this.update({ helpOther: e.currentTarget.value })}
                        />
                      </label>
                    )}
                  </fieldset>
                )}
                {/* 3b and 3c: one group per channel inside a group named by the question, so a
                    screen reader entering a channel's radios says the question, then the channel. */}
                {ticked[0] && (
                  <fieldset class="stack">
                    <legend>{t.reached}</legend>
                    {ticked.map((channel) => (
                      <fieldset>
                        <legend>
                          {t.helpChannels[channel]}
                          {t.withAdministration}
                        </legend>
                        {[true, false].map((yes) => (
                          <Choice
                            type="radio"
                            name={`reached-${channel}`}
                            checked={reached[channel] === yes}
                            onChange={() =>
                              this.update({ reached: { ...reached, [channel]: yes } })
                            }
                          >
                            {yes ? t.yes : t.no}
                          </Choice>
                        ))}
                      </fieldset>
                    ))}
                  </fieldset>
                )}
                {reachedChannels[0] && (
                  <fieldset class="stack">
                    <legend>{t.helpQuality}</legend>
                    {reachedChannels.map((channel) => (
                      <fieldset class="column">
                        <legend>{t.helpChannels[channel]}</legend>
                        {t.helpQualityAnswers.map((text, i) => (
                          <Choice
                            type="radio"
                            name={`quality-${channel}`}
                            checked={quality[channel] === i + 1}
                            onChange={() =>
                              this.update({ helpQuality: { ...quality, [channel]: i + 1 } })
                            }
                          >
                            {text}
                          </Choice>
                        ))}
                      </fieldset>
                    ))}
                  </fieldset>
                )}
                {asks('comment') && (
                  <div>
                    <label class="label" for="jdma-comment">
                      {t.comment}
                      <span class="hint" id="jdma-hint">
                        {t.commentHint}
                      </span>
                    </label>
                    <textarea
                      id="jdma-comment"
                      maxLength={commentMaxLength}
                      aria-describedby="jdma-hint jdma-count"
                      value={comment}
                      onInput={(e) => this.update({ comment: e.currentTarget.value })}
                    />
                    <p class="hint" id="jdma-count">
                      {t.charactersLeft.replace('{n}', String(commentMaxLength - comment.length))}
                    </p>
                  </div>
                )}
              </>
            )}
            <p>
              <button type="submit">{t.send}</button>
            </p>
          </form>
        )}
        <p role="status" class="status">
          {status}
        </p>
      </div>
    );
  }
}

type ChoiceProps = {
  type: 'radio' | 'checkbox';
  name: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ComponentChildren;
  class?: string;
  invalid?: boolean;
  inputRef?: Ref<HTMLInputElement> | undefined;
};

const adminChannels: readonly AdministrationChannel[] = administrationChannels;

/** The answers of these channels alone; none is no answer at all. */
function only<T>(answers: PerChannel<T> = {}, channels: AdministrationChannel[]) {
  let kept: PerChannel<T> | undefined;
  for (const c of channels) if (c in answers) kept = { ...kept, [c]: answers[c] };
  return kept;
}

/** A native radio or checkbox inside its label: the whole box is the target, arrows work. */
function Choice({
  type,
  name,
  checked,
  onChange,
  children,
  invalid,
  inputRef,
  ...rest
}: ChoiceProps) {
  return (
    <label class={`choice ${rest.class ?? ''}`}>
      <input
        ref={inputRef}
        type={type}
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? 'jdma-missing' : undefined}
      />
      {children}
    </label>
  );
}
