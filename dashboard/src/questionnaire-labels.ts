import type { AskableQuestion } from '../../common/questionnaire.ts';
import { defineLabels } from './labels.ts';

/** «Questionnaire»: the editor of its versions (docs/design.md §2, «Versions»). */
export const questionnaireLabels = defineLabels(
  {
    intro:
      'Choisissez les étapes que pose le questionnaire, écrivez vos phrases d’accueil et de remerciement, puis publiez : le bouton et la page du lien posent la nouvelle version aussitôt, sans changer le code d’intégration.',
    steps: 'Étapes posées',
    stepsHint:
      'La satisfaction est toujours demandée. Une étape retirée n’est plus posée : ses indicateurs ne comptent que les avis qui l’ont reçue.',
    questions: {
      clarity: 'La clarté des informations et des instructions',
      help: 'L’aide cherchée, puis pour chaque canal de l’administration : l’avez-vous jointe, et la qualité de l’aide',
      comment: 'Un commentaire libre',
    } as Record<AskableQuestion, string>,
    sentences: 'Vos phrases',
    introSentence: 'Phrase d’accueil, au-dessus de la première question (facultative)',
    thanksSentence: 'Phrase de remerciement, sur le dernier écran (facultative)',
    sentenceHint: (max: number) => `Texte simple, ${max} caractères au plus.`,
    translations: 'Traductions (anglais, espagnol)',
    translationsHint:
      'Montrées aux pages en anglais ou en espagnol ; sans traduction, la phrase française.',
    inLang: { en: 'en anglais', es: 'en espagnol' },
    publish: (next: number) => `Publier la version ${next}`,
    published: (number: number) => `Version ${number} publiée.`,
    unchanged: 'Rien n’a changé depuis la version publiée.',
    preview: 'Aperçu',
    previewHint: 'Tel que le bouton et la page du lien le montreront, avant publication.',
    previewLang: 'Langue de l’aperçu',
    langs: { fr: 'Français', en: 'Anglais', es: 'Espagnol' },
    firstScreen: 'Premier écran',
    secondScreen: 'Deuxième écran',
    lastScreen: 'Dernier écran',
    noSecondScreen: 'Aucun : le questionnaire s’arrête après la satisfaction.',
    versions: 'Versions publiées',
    number: 'Version',
    publishedOn: 'Publiée le',
    by: 'Par',
    asked: 'Étapes posées',
    ownSentences: 'Phrases',
    satisfactionOnly: 'satisfaction seule',
    none: 'aucune',
    current: '(en cours)',
    actors: { cli: 'ligne de commande', migration: 'réglage d’avant les versions' } as Record<
      string,
      string
    >,
    stepNames: { clarity: 'clarté', help: 'aide', comment: 'commentaire' } as Record<
      AskableQuestion,
      string
    >,
    sentenceNames: { intro: 'accueil', thanks: 'remerciement' },
    viewer: 'Seuls les responsables de la démarche publient une nouvelle version.',
  },
  {
    intro:
      'Choose the steps the questionnaire asks, write your welcome and thank-you sentences, then publish: the button and the link’s page ask the new version at once, with the same embed code.',
    steps: 'Steps asked',
    stepsHint:
      'Satisfaction is always asked. A step taken out is no longer asked: its indicators count only the answers that were asked it.',
    questions: {
      clarity: 'How clear the information and instructions were',
      help: 'The help sought, then for each administration channel: was it reached, and how good the help was',
      comment: 'A free comment',
    },
    sentences: 'Your sentences',
    introSentence: 'Welcome sentence, above the first question (optional)',
    thanksSentence: 'Thank-you sentence, on the last screen (optional)',
    sentenceHint: (max) => `Plain text, ${max} characters at most.`,
    translations: 'Translations (English, Spanish)',
    translationsHint:
      'Shown on English or Spanish pages; without a translation, the French sentence.',
    inLang: { en: 'in English', es: 'in Spanish' },
    publish: (next) => `Publish version ${next}`,
    published: (number) => `Version ${number} published.`,
    unchanged: 'Nothing changed since the published version.',
    preview: 'Preview',
    previewHint: 'As the button and the link’s page will show it, before publishing.',
    previewLang: 'Language of the preview',
    langs: { fr: 'French', en: 'English', es: 'Spanish' },
    firstScreen: 'First screen',
    secondScreen: 'Second screen',
    lastScreen: 'Last screen',
    noSecondScreen: 'None: the questionnaire ends after satisfaction.',
    versions: 'Published versions',
    number: 'Version',
    publishedOn: 'Published on',
    by: 'By',
    asked: 'Steps asked',
    ownSentences: 'Sentences',
    satisfactionOnly: 'satisfaction only',
    none: 'none',
    current: '(current)',
    actors: { cli: 'command line', migration: 'setting from before versions' },
    stepNames: { clarity: 'clarity', help: 'help', comment: 'comment' },
    sentenceNames: { intro: 'welcome', thanks: 'thank-you' },
    viewer: 'Only the procedure’s owners publish a new version.',
  },
);
