import { defineLabels } from './labels.ts';
import type { ProcedureTab } from './procedure-tabs.ts';

/** The words of a procedure's parts (procedure-tabs.ts); French is the reference. */
export const procedureLabels = defineLabels(
  {
    /**
     * «usagers» is named as the terms' own heading (topics-labels.ts), which is that part's
     * heading: said again here, since importing that file put its words in this page's code.
     */
    tabs: {
      synthese: 'Synthèse',
      reponses: 'Réponses',
      usagers: 'Ce que disent les usagers',
      publication: 'Publication',
      questionnaire: 'Questionnaire',
      integration: 'Intégration',
      acces: 'Accès',
    } as Record<ProcedureTab, string>,
    parts: 'Parties de la démarche',
    site: 'Je donne mon avis',
    notFound: 'Cette partie de la démarche n’existe pas.',
    noAnswerYet:
      'Cette démarche n’a encore reçu aucun avis. Collez le code d’intégration à la fin de la démarche pour commencer\u202f:',
    noAnswerYetLink: 'voir le code d’intégration',
    questionsIntro:
      'Les questions que pose la page du lien vers le questionnaire, dans cet ordre\u202f:',
    questions: {
      satisfaction: 'La satisfaction\u202f: comment ça s’est passé',
      clarity: 'La clarté des informations et des instructions',
      help: 'L’aide cherchée',
      comment: 'Un commentaire libre',
    },
    always: 'toujours posée',
    asked: 'posée',
    notAsked: 'non posée',
    helpFollowUps:
      'Puis, pour chaque canal de l’administration coché\u202f: «\u202favez-vous réussi à la joindre\u202f?\u202f», et la qualité de l’aide obtenue.',
    questionsNote:
      'Le code à coller pose les questions que nomme son attribut data-questions\u202f: toutes, s’il n’en a pas.',
    accessIntro:
      'Invitez les personnes qui suivent cette démarche\u202f: lecteurs ou responsables, elles reçoivent un lien par e-mail.',
    accessViewer:
      'Seuls les responsables de la démarche et les administrateurs de son organisation invitent des personnes.',
    journalNote:
      'Le journal des actions est celui de l’organisation\u202f: il n’est pas encore filtré par démarche.',
    organisationPage: 'Personnes et journal de l’organisation',
  },
  {
    tabs: {
      synthese: 'Summary',
      reponses: 'Answers',
      usagers: 'What people say',
      publication: 'Publishing',
      questionnaire: 'Questionnaire',
      integration: 'Embedding',
      acces: 'Access',
    },
    parts: 'Parts of the procedure',
    site: 'Je donne mon avis',
    notFound: 'This part of the procedure does not exist.',
    noAnswerYet: 'No feedback yet. Paste the embed code at the end of the procedure to start:',
    noAnswerYetLink: 'see the embed code',
    questionsIntro: 'The questions the questionnaire’s link asks, in this order:',
    questions: {
      satisfaction: 'Satisfaction: how it went',
      clarity: 'The clarity of the information and instructions',
      help: 'The help sought',
      comment: 'A free comment',
    },
    always: 'always asked',
    asked: 'asked',
    notAsked: 'not asked',
    helpFollowUps:
      'Then, for each administration channel ticked: “did you reach it?”, and the quality of the help received.',
    questionsNote:
      'The embed code asks the questions its data-questions attribute names: all of them, without one.',
    accessIntro:
      'Invite the people who follow this procedure: viewers or owners, they get a link by e-mail.',
    accessViewer:
      'Only the procedure’s owners and its organisation’s administrators invite people.',
    journalNote: 'The audit log is the organisation’s: it is not yet filtered by procedure.',
    organisationPage: 'The organisation’s people and log',
  },
);
