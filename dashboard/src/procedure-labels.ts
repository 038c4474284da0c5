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
    /** Excel first: typed dates and numbers, what most owners open the file with. */
    exports: { xlsx: 'Exporter en Excel', csv: 'Exporter en CSV' },
    noAnswerYet:
      'Cette démarche n’a encore reçu aucun avis. Collez le code d’intégration à la fin de la démarche pour commencer\u202f:',
    noAnswerYetLink: 'voir le code d’intégration',
    accessIntro:
      'Invitez les personnes qui suivent cette démarche\u202f: lecteurs ou responsables, elles reçoivent un lien par e-mail.',
    accessViewer:
      'Seuls les responsables de la démarche et les administrateurs de son organisation invitent des personnes.',
    people: 'Personnes',
    peopleCaption: (name: string) => `Personnes qui ont un rôle sur la démarche ${name}`,
    noPeople: 'Personne n’a encore de rôle sur cette démarche.',
    peopleNote:
      'Les administrateurs de l’organisation gèrent aussi la démarche, sans y avoir de rôle.',
    journal: 'Journal de la démarche',
    journalCaption: (name: string) => `Dernières actions sur la démarche ${name}`,
    organisationPage: 'Personnes et journal de l’organisation',
    versionsSpanned: (numbers: string) =>
      `Cette période couvre les versions ${numbers} du questionnaire, qui ne posent pas les mêmes étapes. Chaque indicateur ne compte que les avis à qui sa question a été posée :`,
    partlyAsked: {
      clarity: (asked: string, answers: string) =>
        `la clarté (« Simplicité du langage ») a été demandée à ${asked} des ${answers} avis`,
      help: (asked: string, answers: string) =>
        `l’aide (« Niveau d’autonomie », « Aide joignable », « Aide efficace ») a été demandée à ${asked} des ${answers} avis`,
      comment: (asked: string, answers: string) =>
        `un commentaire a été demandé à ${asked} des ${answers} avis`,
    },
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
    exports: { xlsx: 'Export as Excel', csv: 'Export as CSV' },
    noAnswerYet: 'No feedback yet. Paste the embed code at the end of the procedure to start:',
    noAnswerYetLink: 'see the embed code',
    accessIntro:
      'Invite the people who follow this procedure: viewers or owners, they get a link by e-mail.',
    accessViewer:
      'Only the procedure’s owners and its organisation’s administrators invite people.',
    people: 'People',
    peopleCaption: (name: string) => `People with a role on ${name}`,
    noPeople: 'Nobody has a role on this procedure yet.',
    peopleNote: 'The organisation’s administrators manage the procedure too, without a role on it.',
    journal: 'The procedure’s log',
    journalCaption: (name: string) => `Latest actions on ${name}`,
    organisationPage: 'The organisation’s people and log',
    versionsSpanned: (numbers) =>
      `This period spans versions ${numbers} of the questionnaire, which do not ask the same steps. Each indicator counts only the answers that were asked its question:`,
    partlyAsked: {
      clarity: (asked, answers) =>
        `clarity («Simplicité du langage») was asked of ${asked} of the ${answers} answers`,
      help: (asked, answers) =>
        `help (autonomy, help reached, help quality) was asked of ${asked} of the ${answers} answers`,
      comment: (asked, answers) => `a comment was asked of ${asked} of the ${answers} answers`,
    },
  },
);
